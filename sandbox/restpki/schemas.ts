// The Rest PKI Core 2.2.2 shapes the sandbox reads and writes, written from the facts of the API's
// OpenAPI document (which has no licence to ship, so it is not copied here; a test checks the
// sandbox's requests and answers against the document itself).
//
// The request schemas are the *syntax* check, i.e. what ASP.NET's JSON binding and model validation
// refuse with 400: a wrong type, a null where the type has none, an unknown enum word, a string
// longer than its maxLength, text that is no uuid or base64 where the document says so, a missing
// required field. Unknown fields are dropped, as ASP.NET drops them. Everything about *meaning*
// (which file source, whether it is a PDF, whether a CPF is valid, …) is checked later and answered
// with 422 and an ErrorModelV2.
import { z } from 'zod';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not a uuid');
/** format: byte, i.e. standard base64 with padding. */
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'not base64');
const text = z.string().nullable().optional();
const double = z.number().nullable().optional();
const metadata = z.record(z.string(), z.array(z.string()).nullable()).nullable().optional();

export const SIGNATURE_TYPES = ['Pdf', 'Cms', 'Xml'] as const;
export const SESSION_STATUSES = ['Pending', 'Processing', 'Completed', 'UserCancelled', 'Expired', 'ProcessingError'] as const;
export const DOCUMENT_STATUSES = ['PendingSignature', 'Processing', 'Completed', 'ProcessingError'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const fileReferenceSchema = z.object({
  mimeType: text,
  content: base64.nullable().optional(),
  blobToken: text,
  url: text,
  name: text,
  length: z.number().int().optional(),
  contentType: text,
  location: text,
});

const measurementUnits = z.enum(['Centimeters', 'PdfPoints']);
const rectangle = z.object({ left: double, top: double, right: double, bottom: double, width: double, height: double });
const size = z.object({ height: z.number().optional(), width: z.number().optional() });
const pageOptimization = z.object({
  paperSize: z.enum(['Custom', 'A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'Letter', 'Legal', 'Ledger']).optional(),
  customPaperSize: size.optional(),
  pageOrientation: z.enum(['Auto', 'Portrait', 'Landscape']).optional(),
});
const visualRepresentation = z.object({
  text: z
    .object({
      fontSize: double,
      text,
      includeSigningTime: z.boolean().optional(),
      horizontalAlign: z.enum(['Left', 'Right']).optional(),
      container: rectangle.optional(),
    })
    .optional(),
  image: z
    .object({
      resource: z.object({ url: text, content: base64.nullable().optional(), mimeType: text }).optional(),
      opacity: z.number().int().nullable().optional(),
      horizontalAlign: z.enum(['Left', 'Center', 'Right']).optional(),
      verticalAlign: z.enum(['Top', 'Center', 'Bottom']).optional(),
    })
    .optional(),
  position: z.object({
    pageNumber: z.number().int().optional(),
    measurementUnits: measurementUnits.optional(),
    pageOptimization: pageOptimization.optional(),
    auto: z
      .object({
        container: rectangle,
        signatureRectangleSize: size,
        horizontalDirection: z.enum(['LeftToRight', 'RightToLeft']).optional(),
        verticalDirection: z.enum(['TopDown', 'BottomUp']).optional(),
        rowSpacing: z.number().optional(),
      })
      .optional(),
    manual: rectangle.optional(),
  }),
});
const pdfSignatureOptions = z.object({
  visualRepresentation: visualRepresentation.optional(),
  measurementUnits: measurementUnits.optional(),
  pageOptimization: pageOptimization.optional(),
});
const digest = z.object({
  algorithm: z.enum(['MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512', 'SHA3_256']).optional(),
  value: base64.nullable().optional(),
  hexValue: text,
});
const cmsSignatureOptions = z.object({
  detached: z.boolean().optional(),
  dataFile: fileReferenceSchema.optional(),
  dataHashes: z.array(digest).nullable().optional(),
});

export const documentDataSchema = z.object({
  id: uuid.nullable().optional(),
  file: fileReferenceSchema.optional(),
  metadata,
  documentKey: text,
  signatureType: z.enum(SIGNATURE_TYPES).optional(),
  pdfSignatureOptions: pdfSignatureOptions.optional(),
  cmsSignatureOptions: cmsSignatureOptions.optional(),
});

export const createSessionRequestSchema = z.object({
  returnUrl: z.string().max(1024).nullable().optional(),
  securityContextId: uuid.nullable().optional(),
  callbackArgument: z.string().max(1024).nullable().optional(),
  enableBackgroundProcessing: z.boolean().optional(),
  disableDownloads: z.boolean().optional(),
  documentMetadata: metadata,
  documents: z.array(documentDataSchema).nullable().optional(),
  certificateRequirements: z
    .array(z.object({ type: z.enum(['CryptoDevice', 'Cpf']).optional(), argument: text }))
    .nullable()
    .optional(),
  pdfSignatureOptions: pdfSignatureOptions.optional(),
  cmsSignatureOptions: cmsSignatureOptions.optional(),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;
export type DocumentData = z.infer<typeof documentDataSchema>;
export type FileReference = z.infer<typeof fileReferenceSchema>;

export const multipartUploadEndSchema = z.object({
  partETags: z.array(z.string()),
  completeMD5: base64.nullable().optional(),
});

/** ASP.NET names a field of the body as a JSON path: $.documents[0].file.content */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), '$');
}

// ---- answers ------------------------------------------------------------------------------------
// Fields the document types without `nullable` (object references, numbers, booleans, dates) are
// left out rather than sent as null when there is nothing to say.

export interface NameModel {
  country: string | null;
  organization: string | null;
  organizationUnit: string | null;
  dnQualifier: string | null;
  stateName: string | null;
  commonName: string | null;
  serialNumber: string | null;
  locality: string | null;
  title: string | null;
  surname: string | null;
  givenName: string | null;
  initials: string | null;
  pseudonym: string | null;
  generationQualifier: string | null;
  emailAddress: string | null;
  allValues: Record<string, string[]> | null;
  dnString: string | null;
}

export interface PkiBrazilModel {
  certificateType: 'Unknown' | 'A1' | 'A3';
  cpf: string | null;
  cnpj: string | null;
  responsavel: string | null;
  dateOfBirth: string | null;
  companyName: string | null;
  oabUF: string | null;
  oabNumero: string | null;
  rgEmissor: string | null;
  rgEmissorUF: string | null;
  rgNumero: string | null;
}

export interface CertificateSummary {
  thumbprint: string | null;
  thumbprintSHA256: string | null;
  subjectCommonName: string | null;
  subjectDisplayName: string | null;
  subjectIdentifier: string | null;
  emailAddress: string | null;
  organization: string | null;
  organizationIdentifier: string | null;
}

export interface CertificateModel extends CertificateSummary {
  subjectName: NameModel;
  issuerName: NameModel;
  issuerDisplayName: string | null;
  serialNumber: string | null;
  validityStart: string;
  validityEnd: string;
  issuer?: CertificateModel;
  pkiBrazil?: PkiBrazilModel;
  binaryThumbprintSHA256: string | null;
}

export interface DocumentFileModel {
  mimeType: string | null;
  content: null;
  blobToken: null;
  url: string;
  name: string;
  length: number;
  /** deprecated twins of mimeType and url, filled alike: older clients read these */
  contentType: string | null;
  location: string;
}

export interface DocumentSummaryModel {
  id: string;
  status: DocumentStatus;
  dateSigned: string | null;
  key: string | null;
  formattedKey: string | null;
  originalFile?: DocumentFileModel;
  signedFile?: DocumentFileModel;
  signatureType: 'Pdf';
  availableUntil: string | null;
}

export interface SessionModel {
  id: string;
  status: SessionStatus;
  processingErrorCode: string | null;
  callbackArgument: string | null;
  signerCertificate?: CertificateModel;
  documents: DocumentSummaryModel[];
}

export interface ErrorModelV2 {
  code: string;
  message: string;
  detail: string | null;
  details: Record<string, string | null> | null;
}

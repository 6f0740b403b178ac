import { z } from 'zod';

/**
 * What the app sends to and reads from Rest PKI Core's signature-session API (API 2.2.2), written
 * from the facts of its OpenAPI document (the document itself has no licence to ship). Requests are
 * built exactly; answers are read leniently: only the fields the app uses are checked, unknown
 * fields are ignored (newer servers add some), and an enum value the app does not know is kept as
 * text rather than refused (reference A12).
 */

// ---- Requests ------------------------------------------------------------------------------

/** `FileReferenceModel` as the app fills it: inline `content` (base64, with `name`) or an uploaded `blobToken`. */
export const FileReference = z
  .object({
    name: z.string().min(1),
    mimeType: z.string().optional(),
    content: z.string().optional(),
    blobToken: z.string().optional(),
    length: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((file) => (file.content === undefined) !== (file.blobToken === undefined), 'A file reference has either content or a blob token.');
export type FileReference = z.infer<typeof FileReference>;

export const SignatureSessionDocumentData = z
  .object({
    file: FileReference,
    metadata: z.record(z.string().max(50).regex(/^[A-Za-z0-9 _-]+$/), z.array(z.string().max(500))).optional(),
    signatureType: z.enum(['Pdf', 'Cms', 'Xml']).optional(),
  })
  .strict();

export const CertificateRequirement = z.object({ type: z.enum(['CryptoDevice', 'Cpf']), argument: z.string().optional() }).strict();

export const CreateSignatureSessionRequest = z
  .object({
    returnUrl: z.string().max(1024).nullable().optional(),
    securityContextId: z.uuid().optional(),
    callbackArgument: z.string().max(1024).optional(),
    enableBackgroundProcessing: z.boolean(),
    disableDownloads: z.boolean(),
    documents: z.array(SignatureSessionDocumentData).min(1),
    certificateRequirements: z.array(CertificateRequirement).optional(),
  })
  .strict()
  // The PHP client's rule (reference A5): with no return address the session must process in the background.
  .refine((request) => request.returnUrl || request.enableBackgroundProcessing, 'A session without a return address needs background processing.');
export type CreateSignatureSessionRequest = z.infer<typeof CreateSignatureSessionRequest>;

// ---- Answers -------------------------------------------------------------------------------

/** A known word, or any other text kept as it came (a status a newer server adds). */
const wordOf = <T extends readonly [string, ...string[]]>(words: T) => z.union([z.enum(words), z.string()]);

export const SESSION_STATUSES = ['Pending', 'Processing', 'Completed', 'UserCancelled', 'Expired', 'ProcessingError'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const CreateSignatureSessionResponse = z.looseObject({
  sessionId: z.uuid(),
  redirectUrl: z.string().min(1),
});
export type CreateSignatureSessionResponse = z.infer<typeof CreateSignatureSessionResponse>;

/** `DocumentFileModel`: the bytes are at `url` (the deprecated `location` on older servers), absolute or relative to the endpoint. */
export const DocumentFile = z.looseObject({
  name: z.string().nullish(),
  mimeType: z.string().nullish(),
  url: z.string().nullish(),
  location: z.string().nullish(),
  length: z.number().nullish(),
});
export type DocumentFile = z.infer<typeof DocumentFile>;

export const SessionDocument = z.looseObject({
  id: z.string(),
  status: wordOf(['PendingSignature', 'Processing', 'Completed', 'ProcessingError']).nullish(),
  dateSigned: z.string().nullish(),
  originalFile: DocumentFile.nullish(),
  signedFile: DocumentFile.nullish(),
  availableUntil: z.string().nullish(),
});
export type SessionDocument = z.infer<typeof SessionDocument>;

const NameModel = z.looseObject({ commonName: z.string().nullish(), dnString: z.string().nullish() });

export const CertificateModel = z.looseObject({
  subjectName: NameModel.nullish(),
  issuerDisplayName: z.string().nullish(),
  serialNumber: z.string().nullish(),
  subjectCommonName: z.string().nullish(),
  subjectDisplayName: z.string().nullish(),
  emailAddress: z.string().nullish(),
  validityEnd: z.string().nullish(),
  pkiBrazil: z.looseObject({ cpf: z.string().nullish() }).nullish(),
});
export type CertificateModel = z.infer<typeof CertificateModel>;

export const SignatureSessionModel = z.looseObject({
  id: z.string(),
  status: wordOf(SESSION_STATUSES),
  processingErrorCode: z.string().nullish(),
  callbackArgument: z.string().nullish(),
  signerCertificate: CertificateModel.nullish(),
  documents: z.array(SessionDocument).nullish(),
});
export type SignatureSessionModel = z.infer<typeof SignatureSessionModel>;

export const SessionCompletionStatus = z.looseObject({ completed: z.boolean(), progress: z.number().nullish() });
export type SessionCompletionStatus = z.infer<typeof SessionCompletionStatus>;

/** An upload's answer: the file reference to put in a document (its `blobToken`). */
export const UploadAnswer = z.looseObject({ blobToken: z.string().min(1) });

/** `ErrorModelV2` on a 422 (and often on other errors): `code` says what, `message`/`detail` are English for logs. */
export const ErrorModel = z.looseObject({
  code: z.string().nullish(),
  message: z.string().nullish(),
  detail: z.string().nullish(),
  exceptionCode: z.string().nullish(),
});

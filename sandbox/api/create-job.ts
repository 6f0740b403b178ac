import type { IncomingMessage } from 'node:http';
import { validateAgainstPostenSchema } from '../validation/xsd';
import { verifyDocumentBundle } from '../validation/bundle';
import { inspectPdf } from '../validation/pdf';
import { ApiError } from '../core/errors';
import type { SandboxContext } from '../core/context';
import type { Flow, JobRecord } from '../core/model';
import type { NewJob } from '../core/engine';
import { boundaryOf, parseMultipart } from '../http/multipart';
import { readBody } from '../http/respond';
import { parseJobRequest, parseManifest, rootElementName, type ParsedManifest } from './parse';

export const MAX_DOCUMENT_BYTES = 10_485_760;
export const MAX_AVAILABLE_SECONDS = 7_776_000;
const MAX_REQUEST_BYTES = 21 * MAX_DOCUMENT_BYTES + 1_000_000;

async function requireSchemaValid(xml: string, expectedRoot: string, what: string): Promise<void> {
  const result = await validateAgainstPostenSchema(xml);
  if (!result.valid) {
    throw new ApiError(400, 'SCHEMA_VALIDATION_ERROR', `Xml-message was not in accordance to schema (${what}): ${result.errors.join('; ')}`);
  }
  const root = rootElementName(xml);
  if (root !== expectedRoot) {
    throw new ApiError(400, 'SCHEMA_VALIDATION_ERROR', `Xml-message was not in accordance to schema (${what}): expected root element ${expectedRoot}, got ${root ?? 'none'}`);
  }
}

/** Java's URLEncoder form-encodes hrefs ("a b.pdf" -> "a+b.pdf"); entries keep the raw name. */
function findEntry(entries: Map<string, Buffer>, href: string): [string, Buffer] | undefined {
  const candidates = [href];
  try {
    candidates.push(decodeURIComponent(href.replace(/\+/g, ' ')), decodeURIComponent(href));
  } catch {
    // not percent-encoded
  }
  for (const name of candidates) {
    const bytes = entries.get(name);
    if (bytes) return [name, bytes];
  }
  return undefined;
}

function enforceBusinessRules(flow: Flow, manifest: ParsedManifest): void {
  if (manifest.availableSeconds !== undefined && manifest.availableSeconds > MAX_AVAILABLE_SECONDS) {
    throw new ApiError(400, 'INVALID_AVAILABLE_SECONDS', `available-seconds is ${manifest.availableSeconds}; at most ${MAX_AVAILABLE_SECONDS} (90 days) is allowed`);
  }
  manifest.signers.forEach((signer, i) => {
    if (signer.notificationsUsingLookup && signer.onBehalfOf === 'OTHER') {
      throw new ApiError(400, 'INVALID_NOTIFICATIONS', `Signer ${i + 1}: contact information can't be looked up for notifications when signing on behalf of a third party (on-behalf-of OTHER); give the e-mail address and/or mobile number`);
    }
  });
  if (manifest.documents.length < 1 || manifest.documents.length > 20) {
    throw new ApiError(400, 'INVALID_NUMBER_OF_DOCUMENTS', `A job has 1 to 20 documents, this one has ${manifest.documents.length}`);
  }
  if (manifest.identifierInSignedDocuments === 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME' && manifest.signers.some((s) => !s.pin)) {
    throw new ApiError(400, 'INVALID_IDENTIFIER_IN_SIGNED_DOCUMENTS', 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME needs every signer to be addressed by personal identification number');
  }
  if (flow === 'direct') {
    const ids = manifest.signers.map((s) => s.pin ?? s.signerIdentifier);
    if (new Set(ids).size !== ids.length) throw new ApiError(400, 'DUPLICATE_SIGNER', 'Every signer of a job must have a unique identifier');
  }
}

async function checkDocument(name: string, mime: string, bytes: Buffer): Promise<void> {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new ApiError(400, 'DOCUMENT_TOO_LARGE', `Document ${name} is ${bytes.length} bytes; the maximum is ${MAX_DOCUMENT_BYTES} (10 MB)`);
  }
  if (mime === 'text/plain') return;
  if (mime !== 'application/pdf') throw new ApiError(400, 'UNSUPPORTED_DOCUMENT_TYPE', `Document ${name} has mime type ${mime}; use application/pdf`);
  const pdf = await inspectPdf(bytes);
  if (!pdf.ok) {
    const code = pdf.reason === 'encrypted' ? 'ENCRYPTED_DOCUMENT' : 'INVALID_DOCUMENT';
    const explanation = pdf.reason === 'encrypted' ? 'is password protected or encrypted' : pdf.reason === 'not-pdf' ? 'is not a PDF' : 'is a broken PDF';
    throw new ApiError(400, code, `Document ${name} ${explanation}: ${pdf.message}`);
  }
}

/** E1/E2: validates the multipart request completely before anything is stored. */
export async function createJobFromRequest(ctx: SandboxContext, req: IncomingMessage, flow: Flow, org: string): Promise<JobRecord> {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) throw new ApiError(400, 'INVALID_CONTENT_TYPE', 'Expected Content-Type multipart/mixed with a boundary');
  const body = await readBody(req, MAX_REQUEST_BYTES);
  let parts;
  try {
    parts = parseMultipart(body, boundary);
  } catch (error) {
    throw new ApiError(400, 'INVALID_MULTIPART', `Could not read the multipart body: ${(error as Error).message}`);
  }
  const xmlPart = parts.find((p) => p.contentType === 'application/xml' || p.contentType === 'text/xml');
  const zipPart = parts.find((p) => p.contentType === 'application/octet-stream');
  if (!xmlPart || !zipPart) {
    throw new ApiError(400, 'INVALID_MULTIPART', 'Expected one application/xml part (the job request) and one application/octet-stream part (the document bundle)');
  }
  const requestXml = xmlPart.body.toString('utf8');
  await requireSchemaValid(requestXml, `${flow}-signature-job-request`, 'job request');
  const request = parseJobRequest(flow, requestXml);

  const bundle = await verifyDocumentBundle(zipPart.body, {
    trustedCaPems: [ctx.pki.rootCertPem, ctx.pki.intermediateCertPem],
    expectedOrganizationNumber: org,
  });
  if (!bundle.ok) {
    if (bundle.code === 'WRONG_ORGANIZATION') throw new ApiError(403, 'BROKER_NOT_AUTHORIZED', `Document bundle: ${bundle.message}`);
    throw new ApiError(400, bundle.code, `Document bundle refused: ${bundle.message}`);
  }
  await requireSchemaValid(bundle.manifestXml, `${flow}-signature-job-manifest`, 'manifest.xml');
  const manifest = parseManifest(flow, bundle.manifestXml);
  if (manifest.senderOrganizationNumber !== org) {
    throw new ApiError(400, 'INVALID_SENDER', `manifest.xml names sender ${manifest.senderOrganizationNumber}, but the job was posted for ${org}`);
  }
  enforceBusinessRules(flow, manifest);

  const entries = new Map(bundle.entries.map((e) => [e.name, e.bytes]));
  const documents: NewJob['documents'] = [];
  for (const d of manifest.documents) {
    const found = findEntry(entries, d.href);
    if (!found) throw new ApiError(400, 'DOCUMENT_NOT_IN_BUNDLE', `manifest.xml refers to ${d.href}, which is not in the document bundle`);
    await checkDocument(found[0], d.mime, found[1]);
    documents.push({ fileName: found[0], title: d.title, mimeType: d.mime, bytes: found[1] });
  }

  return ctx.engine.createJob({
    flow,
    org,
    reference: request.reference,
    pollingQueue: request.pollingQueue,
    title: manifest.title,
    nonsensitiveTitle: manifest.nonsensitiveTitle,
    description: manifest.description,
    documents,
    signers: manifest.signers.map((s) => ({
      order: flow === 'portal' ? s.order : 0,
      pin: s.pin,
      signerIdentifier: s.signerIdentifier,
      email: s.email,
      sms: s.sms,
      onBehalfOf: s.onBehalfOf,
    })),
    activationTime: manifest.activationTime,
    availableSeconds: flow === 'portal' ? manifest.availableSeconds : undefined,
    exitUrls: request.exitUrls,
    statusRetrievalMethod: request.statusRetrievalMethod,
  });
}

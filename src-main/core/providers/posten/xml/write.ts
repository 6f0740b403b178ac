import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { DirectJobSpec, DirectSignerSpec, JobDocumentSpec, PortalJobSpec, PortalSignerSpec } from '../model';

export const POSTEN_NS = 'http://signering.posten.no/schema/v1';

/** xs:dateTime in UTC without milliseconds, e.g. 2026-11-24T09:15:00Z. */
export const xsDateTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function document(root: string): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8', standalone: true }).ele(POSTEN_NS, root);
}

const serialize = (builder: XMLBuilder): string => builder.end({ prettyPrint: false });

export function writePortalJobRequest(job: Pick<PortalJobSpec, 'reference' | 'pollingQueue'>): string {
  const root = document('portal-signature-job-request');
  if (job.reference) root.ele('reference').txt(job.reference);
  if (job.pollingQueue) root.ele('polling-queue').txt(job.pollingQueue);
  return serialize(root);
}

/** The current (non-legacy) form, the same in both flows: one `<document>` per file, each with its own title. */
function writeDocuments(parent: XMLBuilder, documents: JobDocumentSpec[]): void {
  const element = parent.ele('documents');
  for (const doc of documents) element.ele('document', { href: doc.fileName, mime: doc.mimeType }).ele('title').txt(doc.title);
}

function writeSigner(parent: XMLBuilder, signer: PortalSignerSpec): void {
  const element = parent.ele('signer', { order: String(signer.order) });
  if (signer.nationalIdentityNumber) element.ele('personal-identification-number').txt(signer.nationalIdentityNumber);
  else element.ele('identified-by-contact-information');
  if (signer.signatureType) element.ele('signature-type').txt(signer.signatureType);
  if (signer.notificationsUsingLookup) {
    const lookup = element.ele('notifications-using-lookup');
    lookup.ele('email');
    if (signer.notificationsUsingLookup.sms) lookup.ele('sms');
  } else {
    const notifications = element.ele('notifications');
    if (signer.email) notifications.ele('email', { address: signer.email });
    if (signer.mobile) notifications.ele('sms', { number: signer.mobile });
  }
  if (signer.onBehalfOf) element.ele('on-behalf-of').txt(signer.onBehalfOf);
}

export function writePortalManifest(job: PortalJobSpec): string {
  const root = document('portal-signature-job-manifest');
  const signers = root.ele('signers');
  for (const signer of job.signers) writeSigner(signers, signer);
  root.ele('sender').ele('organization-number').txt(job.organizationNumber);
  root.ele('title').txt(job.title);
  if (job.nonsensitiveTitle) root.ele('nonsensitive-title').txt(job.nonsensitiveTitle);
  if (job.description) root.ele('description').txt(job.description);
  writeDocuments(root, job.documents);
  if (job.requiredAuthentication) root.ele('required-authentication').txt(String(job.requiredAuthentication));
  if (job.activationTime || job.availableSeconds !== undefined) {
    const availability = root.ele('availability');
    if (job.activationTime) availability.ele('activation-time').txt(xsDateTime(job.activationTime));
    if (job.availableSeconds !== undefined) availability.ele('available-seconds').txt(String(job.availableSeconds));
  }
  if (job.identifierInSignedDocuments) root.ele('identifier-in-signed-documents').txt(job.identifierInSignedDocuments);
  return serialize(root);
}

/** The multipart's first part for E2 (posten-api.md §3.6). */
export function writeDirectJobRequest(job: Pick<DirectJobSpec, 'reference' | 'pollingQueue' | 'exitUrls' | 'statusRetrievalMethod'>): string {
  const root = document('direct-signature-job-request');
  if (job.reference) root.ele('reference').txt(job.reference);
  const exitUrls = root.ele('exit-urls');
  exitUrls.ele('completion-url').txt(job.exitUrls.completion);
  exitUrls.ele('rejection-url').txt(job.exitUrls.rejection);
  exitUrls.ele('error-url').txt(job.exitUrls.error);
  // Always written: the service's default is WAIT_FOR_CALLBACK, which keeps changes off the queue.
  root.ele('status-retrieval-method').txt(job.statusRetrievalMethod ?? 'POLLING');
  if (job.pollingQueue) root.ele('polling-queue').txt(job.pollingQueue);
  return serialize(root);
}

function writeDirectSigner(parent: XMLBuilder, signer: DirectSignerSpec): void {
  const element = parent.ele('signer');
  if (signer.nationalIdentityNumber !== undefined) element.ele('personal-identification-number').txt(signer.nationalIdentityNumber);
  else element.ele('signer-identifier').txt(signer.customIdentifier);
  if (signer.signatureType) element.ele('signature-type').txt(signer.signatureType);
  if (signer.onBehalfOf) element.ele('on-behalf-of').txt(signer.onBehalfOf);
}

/** `manifest.xml` of a direct job's bundle (posten-api.md §3.7): signers come first and are not wrapped. */
export function writeDirectManifest(job: DirectJobSpec): string {
  const root = document('direct-signature-job-manifest');
  for (const signer of job.signers) writeDirectSigner(root, signer);
  root.ele('sender').ele('organization-number').txt(job.organizationNumber);
  root.ele('title').txt(job.title);
  if (job.description) root.ele('description').txt(job.description);
  writeDocuments(root, job.documents);
  if (job.requiredAuthentication) root.ele('required-authentication').txt(String(job.requiredAuthentication));
  if (job.identifierInSignedDocuments) root.ele('identifier-in-signed-documents').txt(job.identifierInSignedDocuments);
  return serialize(root);
}

/** E6's body: the empty `<redirect-url/>` asks for a fresh one-time redirect URL (posten-api.md §2.4, §3.9). */
export function writeDirectSignerUpdateRequest(): string {
  const root = document('direct-signer-update-request');
  root.ele('redirect-url');
  return serialize(root);
}

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { JobRecord, SignerRecord, StatusSnapshot } from '../core/model';
import { signerDisplayIdentifier } from '../core/model';

export const POSTEN_NS = 'http://signering.posten.no/schema/v1';

function document(rootName: string): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8', standalone: true }).ele(POSTEN_NS, rootName);
}

export function errorXml(code: string, message: string, type: 'CLIENT' | 'SERVER' = 'CLIENT'): string {
  const root = document('error');
  root.ele('error-code').txt(code).up().ele('error-message').txt(message).up().ele('error-type').txt(type);
  return root.end();
}

/** Every link the API hands out for one job, built from the current apiRoot. */
export class JobUrls {
  constructor(private readonly apiRoot: string, private readonly webRoot: string) {}
  private base(job: JobRecord): string {
    return `${this.apiRoot}/${job.org}/${job.flow}/signature-jobs/${job.id}`;
  }
  cancellation(job: JobRecord): string { return `${this.base(job)}/cancel`; }
  confirmation(job: JobRecord): string { return `${this.base(job)}/complete`; }
  deleteDocuments(job: JobRecord): string { return `${this.base(job)}/documents`; }
  status(job: JobRecord): string { return `${this.base(job)}/status`; }
  signer(job: JobRecord, signer: SignerRecord): string { return `${this.base(job)}/signers/${signer.id}`; }
  xades(job: JobRecord, signer: SignerRecord): string { return `${this.base(job)}/xades/${signer.id}`; }
  pades(job: JobRecord): string { return `${this.base(job)}/pades`; }
  redirect(token: string): string { return `${this.webRoot}/redirect/${token}`; }
}

export function portalJobResponseXml(job: JobRecord, urls: JobUrls): string {
  const root = document('portal-signature-job-response');
  if (job.reference !== undefined) root.ele('reference').txt(job.reference);
  root.ele('signature-job-id').txt(String(job.id));
  root.ele('cancellation-url').txt(urls.cancellation(job));
  return root.end();
}

function addSignerIdentifier(parent: XMLBuilder, signer: SignerRecord): void {
  if (signer.pin) parent.ele('personal-identification-number').txt(signer.pin);
  else if (signer.signerIdentifier) parent.ele('signer-identifier').txt(signer.signerIdentifier);
}

export function directJobResponseXml(job: JobRecord, redirectUrls: string[], urls: JobUrls): string {
  const root = document('direct-signature-job-response');
  if (job.reference !== undefined) root.ele('reference').txt(job.reference);
  root.ele('signature-job-id').txt(String(job.id));
  job.signers.forEach((signer, i) => root.ele('redirect-url').att('signer', signerDisplayIdentifier(signer)).txt(redirectUrls[i]));
  if (job.statusRetrievalMethod !== 'POLLING') root.ele('status-url').txt(urls.status(job));
  job.signers.forEach((signer, i) => {
    const el = root.ele('signer').att('href', urls.signer(job, signer));
    addSignerIdentifier(el, signer);
    el.ele('redirect-url').txt(redirectUrls[i]);
  });
  return root.end();
}

export function directSignerResponseXml(job: JobRecord, signer: SignerRecord, redirectUrl: string, urls: JobUrls): string {
  const root = document('direct-signer-response').att('href', urls.signer(job, signer));
  addSignerIdentifier(root, signer);
  root.ele('redirect-url').txt(redirectUrl);
  return root.end();
}

export function snapshotOf(job: JobRecord): StatusSnapshot {
  return {
    status: job.status,
    signers: job.signers.map((s) => ({ status: s.status, since: s.since, signed: s.status === 'SIGNED' })),
  };
}

function documentsAvailable(job: JobRecord): boolean {
  return !job.documentsDeleted;
}

export function portalStatusChangeXml(job: JobRecord, snapshot: StatusSnapshot, urls: JobUrls): string {
  const root = document('portal-signature-job-status-change-response');
  if (job.reference !== undefined) root.ele('reference').txt(job.reference);
  root.ele('signature-job-id').txt(String(job.id));
  root.ele('status').txt(snapshot.status);
  root.ele('confirmation-url').txt(urls.confirmation(job));
  // Links reflect what the job allows now, even when an older change is (re-)delivered.
  if (snapshot.status === 'IN_PROGRESS' && job.status === 'IN_PROGRESS') root.ele('cancellation-url').txt(urls.cancellation(job));
  if (job.status === 'COMPLETED_SUCCESSFULLY' && documentsAvailable(job)) root.ele('delete-documents-url').txt(urls.deleteDocuments(job));
  const signatures = root.ele('signatures');
  job.signers.forEach((signer, i) => {
    const state = snapshot.signers[i];
    const signature = signatures.ele('signature');
    signature.ele('status').att('since', state.since).txt(state.status);
    if (signer.pin) signature.ele('personal-identification-number').txt(signer.pin);
    else {
      const identifier = signature.ele('identifier');
      if (signer.email) identifier.ele('email').att('address', signer.email);
      if (signer.sms) identifier.ele('sms').att('number', signer.sms);
    }
    if (state.signed && documentsAvailable(job)) signature.ele('xades-url').txt(urls.xades(job, signer));
  });
  if (snapshot.signers.some((s) => s.signed) && documentsAvailable(job)) signatures.ele('pades-url').txt(urls.pades(job));
  return root.end();
}

export function directStatusXml(job: JobRecord, snapshot: StatusSnapshot, urls: JobUrls, options: { withConfirmation: boolean }): string {
  const root = document('direct-signature-job-status-response');
  if (job.reference !== undefined) root.ele('reference').txt(job.reference);
  root.ele('signature-job-id').txt(String(job.id));
  root.ele('signature-job-status').txt(snapshot.status);
  // `signer` is always written: the Java client pairs xades-url@signer with status@signer.
  job.signers.forEach((signer, i) => {
    root.ele('status').att('signer', signerDisplayIdentifier(signer)).att('since', snapshot.signers[i].since).txt(snapshot.signers[i].status);
  });
  if (options.withConfirmation) root.ele('confirmation-url').txt(urls.confirmation(job));
  if (job.status === 'COMPLETED_SUCCESSFULLY' && documentsAvailable(job)) root.ele('delete-documents-url').txt(urls.deleteDocuments(job));
  if (documentsAvailable(job)) {
    job.signers.forEach((signer, i) => {
      if (snapshot.signers[i].signed) root.ele('xades-url').att('signer', signerDisplayIdentifier(signer)).txt(urls.xades(job, signer));
    });
    if (snapshot.signers.some((s) => s.signed)) root.ele('pades-url').txt(urls.pades(job));
  }
  return root.end();
}

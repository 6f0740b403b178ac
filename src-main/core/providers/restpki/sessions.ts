import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { restPkiLimits, type CommonSignerStatus } from '../../../../src-shared/domain';
import type { JobStatus } from '../../../../src-shared/contract';
import type { CoreContext } from '../../context';
import { prepared } from '../../db/prepared';
import { archiveStream } from '../../filing/archive';
import type { RestPkiJobOptions, PortalSignerOptions } from '../../jobs/create-job';
import { appendJobEvent } from '../../jobs/events-log';
import { mergeProviderData, readProviderData } from '../../jobs/provider-data';
import { readDocuments, readJobRow, readSigners, type DocumentRow, type JobRow, type SignerRow } from '../../jobs/read';
import { setSyncProblem } from '../../sync/sync-problem';
import { recordServiceFailure, recordServiceSuccess } from '../../sync/service-problem';
import { ServiceCallError } from '../service-error';
import type { AppliedChange, CreatedJob, PreparedSubmission, ReturnAddresses, SignerCertificate } from '../types';
import type { RestPkiAccountSettings } from './accounts';
import type { RestPkiClient } from './client';
import { RestPkiError } from './errors';
import type { CertificateModel, FileReference, SessionDocument, SignatureSessionModel } from './model';

/**
 * Rest PKI Core has sessions, not jobs: one signer signs the session's documents with their own
 * certificate in a browser. A job of several signers is a chain of sessions, one per signer in
 * order, each made once the previous one is Completed, with the documents as that signer signed
 * them (downloaded into the job's folder), so the last session's PDFs carry every signature.
 *
 * The first session is made by the outbox (PreparedSubmission: its crash rules, outcome unknown).
 * Each next one is made by the job's check, with the same rule kept by hand: the signer is marked
 * `creatingSince` (committed) before the request leaves; a check that finds the mark without a
 * session, or a request whose answer was lost, makes the job outcome unknown, and "send again"
 * goes through the outbox, which makes the session of the first signer who has not signed.
 */

/** What the provider keeps per signer (signers.provider_data). */
export interface RestPkiSignerData {
  sessionId?: string;
  redirectUrl?: string;
  sessionCreatedAt?: string;
  /** Set, committed, just before the session's create request leaves; removed with its answer. */
  creatingSince?: string;
  /** Our document id → the session's document id. */
  documents?: Record<string, string>;
  /** Our document id → where this signer's signed copy is kept in the job's folder (for the next session). */
  signedCopies?: Record<string, string>;
  certificate?: SignerCertificate;
}

const signerData = (signer: SignerRow) => readProviderData<Record<string, unknown>>(signer.provider_data) as RestPkiSignerData;

const jobOptions = (job: JobRow) => JSON.parse(job.options) as RestPkiJobOptions;
const cpfOf = (signer: SignerRow) => (JSON.parse(signer.options) as PortalSignerOptions).cpf;

/** The first signer (by position) who has not signed: the one whose session is made next. */
export function nextSigner(signers: SignerRow[]): SignerRow | undefined {
  return signers.find((s) => s.status !== 'signed');
}

/** The documents a signer's session signs: the job's own for the first, the previous signer's signed copies after that. */
function documentsFor(signers: SignerRow[], signer: SignerRow, documents: DocumentRow[]): { document: DocumentRow; path: string }[] {
  const previous = signers.filter((s) => s.position < signer.position).at(-1);
  if (!previous) return documents.map((document) => ({ document, path: document.storage_path }));
  const copies = signerData(previous).signedCopies ?? {};
  return documents.map((document) => {
    const path = copies[document.id];
    if (!path) throw new Error(`The signed copy of “${document.title}” by the previous signer is missing; the next session cannot be made.`);
    return { document, path };
  });
}

/** A document as the request carries it: inline when small, uploaded first otherwise (reference A9). */
async function fileReferenceOf(client: RestPkiClient, document: DocumentRow, path: string, inlineMaxBytes: number): Promise<FileReference> {
  const bytes = readFileSync(path);
  if (bytes.length <= inlineMaxBytes) return { name: document.file_name, mimeType: 'application/pdf', content: bytes.toString('base64') };
  return client.upload(path, document.file_name);
}

interface SessionRequestParts {
  signer: SignerRow;
  send(): Promise<{ sessionId: string; redirectUrl: string }>;
}

/**
 * Builds the create request of a signer's session (uploading large documents first: an upload makes
 * nothing anyone could sign, so it needs no crash rule) and returns how to send it.
 */
async function prepareSession(
  context: CoreContext,
  client: RestPkiClient,
  settings: RestPkiAccountSettings,
  job: JobRow,
  signer: SignerRow,
  returns: ReturnAddresses,
): Promise<SessionRequestParts> {
  const signers = readSigners(context.db, job.id);
  const inlineMaxBytes = context.config.inlineDocumentMaxBytes ?? restPkiLimits.inlineDocumentBytes;
  const documents = [];
  for (const { document, path } of documentsFor(signers, signer, readDocuments(context.db, job.id))) {
    documents.push({ file: await fileReferenceOf(client, document, path, inlineMaxBytes), signatureType: 'Pdf' as const });
  }
  const options = jobOptions(job);
  const returnUrl = returns.forSigner(signer.id) ?? null;
  const cpf = cpfOf(signer);
  const request = {
    returnUrl,
    ...(settings.securityContextId ? { securityContextId: settings.securityContextId } : {}),
    // The reference sent with the job's create (unique per create): the only echo a session has.
    ...(job.service_reference ? { callbackArgument: job.service_reference } : {}),
    // Without a return address the session must process in the background (reference A5).
    enableBackgroundProcessing: options.backgroundProcessing === true || !returnUrl,
    disableDownloads: options.disableDownloads === true,
    documents,
    ...(cpf ? { certificateRequirements: [{ type: 'Cpf' as const, argument: cpf }] } : {}),
  };
  return { signer, send: () => client.createSession(request) };
}

/** The outbox's submission: the session of the first signer who has not signed (the first, or the one sent again). */
export async function prepareRestPkiSubmission(
  context: CoreContext,
  client: RestPkiClient,
  settings: RestPkiAccountSettings,
  jobId: string,
  returns: ReturnAddresses,
): Promise<PreparedSubmission> {
  const job = readJobRow(context.db, jobId);
  const signers = readSigners(context.db, jobId);
  const signer = nextSigner(signers);
  if (!signer) throw new Error('Every signer of this job has signed; there is no session to make.');
  const parts = await prepareSession(context, client, settings, job, signer, returns);
  return {
    async send(): Promise<CreatedJob> {
      const created = await parts.send();
      const at = context.now().toISOString();
      const later = signers.filter((s) => s.position > signer.position).map((s) => s.id);
      context.db.prepare('UPDATE jobs SET deadline = ? WHERE id = ?').run(sessionDeadline(at), jobId);
      context.db.prepare('UPDATE accounts SET last_sync_at = ? WHERE id = ?').run(at, job.account_id);
      return {
        serviceJobId: created.sessionId,
        serviceStatus: 'Pending',
        signers: {
          [signer.id]: { remoteRef: created.sessionId, providerData: { sessionId: created.sessionId, redirectUrl: created.redirectUrl, sessionCreatedAt: at, creatingSince: null } },
        },
        notSentSigners: later,
      };
    },
    discard: async () => undefined,
  };
}

/** A call to the account's service went through: the status bar's "synchronised" time, and no problem to show. */
function markReached(context: CoreContext, accountId: string): void {
  context.db.prepare('UPDATE accounts SET last_sync_at = ? WHERE id = ?').run(context.now().toISOString(), accountId);
  recordServiceSuccess(context, accountId, 'polling');
}

/** A session's signing address lives about 4 hours (reference A11): the job's "open until". */
const sessionDeadline = (createdAt: string) => new Date(Date.parse(createdAt) + 4 * 3600_000).toISOString();

const noChange = (jobId: string): AppliedChange => ({ jobId, fresh: false, newlySigned: [], newlyRejected: [], finishedAs: null });

/** How the session's end reads in the common words, for its signer and for the job. */
const OUTCOMES: Readonly<Record<string, { signer: CommonSignerStatus; job: JobStatus } | undefined>> = {
  UserCancelled: { signer: 'rejected', job: 'failed' },
  Expired: { signer: 'expired', job: 'expired' },
  ProcessingError: { signer: 'failed', job: 'failed' },
};

/** The signer's certificate as the job page shows it. */
export function certificateOf(model: CertificateModel | null | undefined): SignerCertificate | undefined {
  if (!model) return undefined;
  const name = model.subjectDisplayName ?? model.subjectCommonName ?? model.subjectName?.commonName ?? null;
  if (!name) return undefined;
  return { name, cpf: model.pkiBrazil?.cpf ?? null, issuer: model.issuerDisplayName ?? null };
}

/** Our documents matched to the session's: by the file name the request gave each, else in the order sent. */
function matchDocuments(documents: DocumentRow[], sessionDocuments: SessionDocument[]): Map<string, SessionDocument> {
  const matched = new Map<string, SessionDocument>();
  const free = [...sessionDocuments];
  for (const document of documents) {
    const byName = free.findIndex((d) => d.originalFile?.name === document.file_name);
    const index = byName >= 0 ? byName : 0;
    const found = free.splice(index, 1)[0];
    if (found) matched.set(document.id, found);
  }
  return matched;
}

const linkOf = (document: SessionDocument | undefined) => document?.signedFile?.url ?? document?.signedFile?.location ?? undefined;

export interface CheckDeps {
  context: CoreContext;
  client: RestPkiClient;
  settings: RestPkiAccountSettings;
}

/**
 * Asks Rest PKI Core about the job's current session and applies what it says; once a session is
 * Completed and another signer follows, their session is made from the signed documents.
 */
export async function checkRestPkiJob(deps: CheckDeps, jobId: string, returns: ReturnAddresses): Promise<AppliedChange> {
  const { context, client } = deps;
  const job = readJobRow(context.db, jobId);
  if (job.status !== 'in_progress') return noChange(jobId);
  const signers = readSigners(context.db, jobId);
  const current = signers.find((s) => s.status === 'waiting');
  if (!current) {
    const next = nextSigner(signers);
    if (!next || next.status !== 'not_sent') return noChange(jobId);
    return createNextSession(deps, job, next, returns);
  }
  const sessionId = current.remote_ref ?? signerData(current).sessionId;
  if (!sessionId) return noChange(jobId);
  let session: SignatureSessionModel;
  try {
    session = await client.getSession(sessionId);
  } catch (error) {
    // The status bar names the account and the problem until a call goes through again.
    if (error instanceof ServiceCallError) recordServiceFailure(context, job.account_id, error, 'polling');
    throw error;
  }
  markReached(context, job.account_id);
  if (session.status === 'Processing') {
    // Background processing: wait for it the efficient way (about 15 seconds at most), then look again.
    const waited = await client.whenCompleted(sessionId).catch((error: unknown) => {
      if (error instanceof ServiceCallError && !error.retryable && error.details.code !== 'BadSignatureSessionOperation') throw error;
      return undefined;
    });
    if (waited?.completed !== false) session = await client.getSession(sessionId);
  }
  if (session.status === 'Completed') {
    const next = signers.find((s) => s.position > current.position);
    if (next) return completeAndContinue(deps, job, current, next, session, returns);
    return applySession(context, job, current, session);
  }
  return applySession(context, job, current, session);
}

/**
 * Writes one look at a session in one transaction: the signer's and the job's status (never back
 * in time: a signer who has acted keeps it), the certificate, the timeline, and for the last
 * signer's Completed session the signed files to fetch. Idempotent by the look's content.
 */
function applySession(context: CoreContext, job: JobRow, signer: SignerRow, session: SignatureSessionModel, extra: Partial<RestPkiSignerData> = {}): AppliedChange {
  const db = context.db;
  const at = context.now().toISOString();
  const change: AppliedChange = noChange(job.id);
  const documents = readDocuments(db, job.id);
  const signers = readSigners(db, job.id);
  const isLast = signers.every((s) => s.position <= signer.position);
  db.transaction(() => {
    const fresh = readJobRow(db, job.id);
    if (fresh.status !== 'in_progress') return;
    const dedupeKey = `restpki:${job.id}:${session.id}:${session.status}:${(session.documents ?? []).map((d) => d.status ?? '').join(',')}`;
    if (prepared(db, 'SELECT 1 FROM job_events WHERE dedupe_key = ?').get(dedupeKey)) return;
    change.fresh = true;
    const matched = matchDocuments(documents, session.documents ?? []);
    const certificate = certificateOf(session.signerCertificate);
    const data: Partial<RestPkiSignerData> = {
      ...extra,
      documents: Object.fromEntries([...matched].map(([ours, theirs]) => [ours, theirs.id])),
      ...(certificate ? { certificate } : {}),
    };
    const outcome = session.status === 'Completed' ? { signer: 'signed' as const, job: isLast ? ('completed' as const) : ('in_progress' as const) } : OUTCOMES[session.status];
    // Still Pending as when it was made: nothing to record (the next look may say more).
    if (!outcome && session.status === (signer.service_status ?? 'Pending')) return;
    let jobStatus: JobStatus = 'in_progress';
    if (outcome) {
      const since = session.status === 'Completed' ? latestSigned(session) ?? at : at;
      prepared(db, 'UPDATE signers SET status = ?, service_status = ?, status_since = ?, provider_data = ? WHERE id = ?').run(
        outcome.signer,
        session.status,
        since,
        mergeProviderData(signer.provider_data, data as Record<string, unknown>),
        signer.id,
      );
      appendJobEvent(db, { jobId: job.id, at: since, kind: 'signer-status', actor: 'service', data: { signer: signer.position, from: signer.status, to: outcome.signer, serviceStatus: session.status }, dedupeKey });
      if (outcome.signer === 'signed') change.newlySigned.push(signer);
      if (outcome.signer === 'rejected') change.newlyRejected.push(signer);
      jobStatus = outcome.job;
      if (jobStatus !== 'in_progress') {
        // The signers after this one never got a session: they will not sign in this job.
        prepared(db, "UPDATE signers SET status = 'cancelled', status_since = ? WHERE job_id = ? AND status IN ('not_sent','waiting') AND position > ?").run(at, job.id, signer.position);
      }
    } else {
      // Pending or Processing (or a word a newer server adds): the signer may still sign.
      prepared(db, 'UPDATE signers SET service_status = ?, provider_data = ? WHERE id = ?').run(session.status, mergeProviderData(signer.provider_data, data as Record<string, unknown>), signer.id);
      appendJobEvent(db, { jobId: job.id, at, kind: 'signer-status', actor: 'service', data: { signer: signer.position, from: signer.status, to: signer.status, serviceStatus: session.status }, dedupeKey });
    }
    if (jobStatus === 'completed') {
      const insert = prepared(
        db,
        `INSERT OR IGNORE INTO artifacts (id, job_id, signer_id, document_id, format, origin, state, created_at, updated_at) VALUES (?, ?, NULL, ?, 'signed-pdf', ?, 'pending', ?, ?)`,
      );
      for (const document of documents) {
        const link = linkOf(matched.get(document.id));
        if (link) insert.run(context.newId(), job.id, document.id, link, at, at);
      }
    }
    if (session.status === 'ProcessingError') {
      prepared(db, "UPDATE jobs SET last_error_code = 'RESTPKI_PROCESSING_ERROR', last_error_message = ?, last_error_kind = 'restpki.processingError' WHERE id = ?").run(
        `Rest PKI Core could not process the signed documents${session.processingErrorCode ? ` (${session.processingErrorCode})` : ''}.`,
        job.id,
      );
    }
    const signed = (prepared(db, "SELECT count(*) AS n FROM signers WHERE job_id = ? AND status = 'signed'").get(job.id) as { n: number }).n;
    const waitingStep = (prepared(db, "SELECT min(step) AS s FROM signers WHERE job_id = ? AND status IN ('waiting','not_sent')").get(job.id) as { s: number | null }).s;
    if (jobStatus !== 'in_progress') appendJobEvent(db, { jobId: job.id, at, kind: 'status-change', actor: 'service', data: { status: jobStatus, serviceStatus: session.status } });
    prepared(db, `UPDATE jobs SET status = ?, service_status = ?, signer_signed = ?, active_step = ?, return_hint = NULL, last_synced_at = ?, updated_at = ? WHERE id = ?`).run(
      jobStatus,
      session.status,
      signed,
      jobStatus === 'in_progress' ? waitingStep : null,
      at,
      at,
      job.id,
    );
    if (jobStatus !== 'in_progress') change.finishedAs = jobStatus;
  })();
  return change;
}

function latestSigned(session: SignatureSessionModel): string | undefined {
  const times = (session.documents ?? []).map((d) => d.dateSigned).filter((t): t is string => Boolean(t) && !Number.isNaN(Date.parse(t!)));
  return times.length ? new Date(Math.max(...times.map((t) => Date.parse(t)))).toISOString() : undefined;
}

/**
 * A Completed session with a signer after it: the signed documents are fetched into the job's
 * folder first (before `availableUntil`), then the signer is recorded as signed with where the
 * copies are, then the next signer's session is made from them. A crash between the steps
 * repeats the fetch, or (once recorded) makes the next session on the next check.
 */
async function completeAndContinue(deps: CheckDeps, job: JobRow, signer: SignerRow, next: SignerRow, session: SignatureSessionModel, returns: ReturnAddresses): Promise<AppliedChange> {
  const { context, client } = deps;
  const documents = readDocuments(context.db, job.id);
  const matched = matchDocuments(documents, session.documents ?? []);
  const signedCopies: Record<string, string> = {};
  for (const document of documents) {
    const found = matched.get(document.id);
    const link = linkOf(found);
    if (!link) throw new RestPkiError('unexpected', `Rest PKI Core's completed session has no signed file for “${document.title}”.`);
    try {
      const copy = await client.download(link, (chunks) => archiveStream(context.documentsDir, join(job.id, `signed-by-${signer.position + 1}`, document.file_name), chunks));
      signedCopies[document.id] = copy.path;
    } catch (error) {
      const until = found?.availableUntil;
      if (until && Date.parse(until) < context.now().getTime() && error instanceof ServiceCallError && !error.retryable) {
        failJob(context, job, { code: 'RESTPKI_SIGNED_FILE_EXPIRED', message: `The signed file was available until ${until}: ${error.detail}`, reason: 'restpki.signedFileExpired' });
        return { jobId: job.id, fresh: true, newlySigned: [], newlyRejected: [], finishedAs: 'failed' };
      }
      throw error;
    }
  }
  const applied = applySession(context, job, signer, session, { signedCopies });
  const created = await createNextSession(deps, readJobRow(context.db, job.id), readSigners(context.db, job.id).find((s) => s.id === next.id)!, returns);
  return { ...applied, fresh: applied.fresh || created.fresh };
}

/** Ends a job that cannot go on (a definitive refusal of a next session, a signed file gone), saying why. */
function failJob(context: CoreContext, job: JobRow, error: { code: string; message: string; reason: string }): void {
  const at = context.now().toISOString();
  context.db.transaction(() => {
    prepared(context.db, "UPDATE jobs SET status = 'failed', active_step = NULL, last_error_code = ?, last_error_message = ?, last_error_kind = ?, updated_at = ? WHERE id = ?").run(
      error.code,
      error.message,
      error.reason,
      at,
      job.id,
    );
    prepared(context.db, "UPDATE signers SET status = 'cancelled', status_since = ? WHERE job_id = ? AND status IN ('not_sent','waiting')").run(at, job.id);
    appendJobEvent(context.db, { jobId: job.id, at, kind: 'rejected-by-service', actor: 'service', data: { code: error.code, reason: error.reason, message: error.message } });
  })();
}

/** The job may have a session nobody knows the id of: never made again by itself (outbox rule). */
function markNextSessionUnknown(context: CoreContext, job: JobRow, reason: 'outcome-unknown-interrupted' | 'outcome-unknown-no-answer' | 'outcome-unknown-unreadable-answer' | 'outcome-unknown-gateway-error', detail: string, failureReason: string | null): void {
  const at = context.now().toISOString();
  context.db.transaction(() => {
    prepared(
      context.db,
      "UPDATE jobs SET status = 'outcome_unknown', submit_started_at = NULL, next_submit_at = NULL, last_error_code = 'OUTCOME_UNKNOWN', last_error_message = ?, last_error_kind = ?, updated_at = ? WHERE id = ?",
    ).run(detail, failureReason, at, job.id);
    setSyncProblem(context.db, job.id, { reason, detail, at });
    appendJobEvent(context.db, { jobId: job.id, at, kind: 'outcome-unknown', actor: 'app', data: { reason, detail, reference: job.service_reference } });
  })();
}

const UNKNOWN_REASON = {
  'no-answer': 'outcome-unknown-no-answer',
  'unreadable-answer': 'outcome-unknown-unreadable-answer',
  'gateway-error': 'outcome-unknown-gateway-error',
} as const;

/** Makes the next signer's session, with the crash rule of the outbox kept by hand (see the top of this file). */
async function createNextSession(deps: CheckDeps, job: JobRow, signer: SignerRow, returns: ReturnAddresses): Promise<AppliedChange> {
  const { context, client, settings } = deps;
  if (signerData(signer).creatingSince) {
    const message = 'The app stopped while the next signer’s session was being made. Check at the service whether it was made, then send it again or leave it.';
    markNextSessionUnknown(context, job, 'outcome-unknown-interrupted', message, null);
    return { jobId: job.id, fresh: true, newlySigned: [], newlyRejected: [], finishedAs: null };
  }
  const parts = await prepareSession(context, client, settings, job, signer, returns);
  const started = context.now().toISOString();
  context.db.prepare('UPDATE signers SET provider_data = ? WHERE id = ?').run(mergeProviderData(signer.provider_data, { creatingSince: started }), signer.id);
  let created: { sessionId: string; redirectUrl: string };
  try {
    created = await parts.send();
  } catch (error) {
    const service = error instanceof ServiceCallError ? error : undefined;
    if (service?.details.unknownOutcome) {
      markNextSessionUnknown(context, job, UNKNOWN_REASON[service.details.unknownOutcome], service.detail, service.reason);
      return { jobId: job.id, fresh: true, newlySigned: [], newlyRejected: [], finishedAs: null };
    }
    // Certainly not made: the mark goes, and a retryable failure is tried again at the next check.
    context.db.prepare('UPDATE signers SET provider_data = ? WHERE id = ?').run(mergeProviderData(signer.provider_data, { creatingSince: null }), signer.id);
    if (service && !service.retryable && service.kind !== 'trust') {
      failJob(context, job, { code: service.code, message: service.detail, reason: service.reason });
      return { jobId: job.id, fresh: true, newlySigned: [], newlyRejected: [], finishedAs: 'failed' };
    }
    throw error;
  }
  const at = context.now().toISOString();
  context.db.transaction(() => {
    prepared(context.db, "UPDATE signers SET status = 'waiting', status_since = ?, remote_ref = ?, service_status = 'Pending', provider_data = ? WHERE id = ?").run(
      at,
      created.sessionId,
      mergeProviderData(signer.provider_data, { sessionId: created.sessionId, redirectUrl: created.redirectUrl, sessionCreatedAt: at, creatingSince: null }),
      signer.id,
    );
    prepared(context.db, "UPDATE jobs SET service_status = 'Pending', active_step = ?, deadline = ?, updated_at = ? WHERE id = ?").run(signer.step, sessionDeadline(at), at, job.id);
    appendJobEvent(context.db, { jobId: job.id, at, kind: 'session-created', actor: 'app', data: { signer: signer.position, sessionId: created.sessionId } });
  })();
  return { jobId: job.id, fresh: true, newlySigned: [], newlyRejected: [], finishedAs: null };
}

/** Stops a job here: a session cannot be cancelled at Rest PKI Core, so its link keeps working until it expires. */
export function withdrawJob(context: CoreContext, jobId: string): void {
  const at = context.now().toISOString();
  context.db.transaction(() => {
    prepared(context.db, "UPDATE jobs SET status = 'cancelled', active_step = NULL, return_hint = NULL, updated_at = ? WHERE id = ? AND status = 'in_progress'").run(at, jobId);
    prepared(context.db, "UPDATE signers SET status = 'cancelled', status_since = ? WHERE job_id = ? AND status IN ('not_sent','waiting')").run(at, jobId);
    appendJobEvent(context.db, { jobId, at, kind: 'withdrawn', actor: 'administrator', data: { atService: false } });
  })();
}

export const storedCertificate = (signer: SignerRow): SignerCertificate | null => signerData(signer).certificate ?? null;
export const storedRedirectUrl = (signer: SignerRow): string | undefined => signerData(signer).redirectUrl;

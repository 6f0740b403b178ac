import { randomBytes } from 'node:crypto';
import type { SyncProblem, SyncProblemReason } from '../../../src-shared/contract';
import type { FailureReason } from '../../../src-shared/failure';
import type { CoreContext } from '../context';
import { appendJobEvent } from '../jobs/events-log';
import { readJobRow, type JobRow } from '../jobs/read';
import { describeFailure } from '../failure';
import { ServiceCallError, type UnknownOutcomeReason } from '../providers/service-error';
import type { CreatedJob, ProviderSession, ReturnAddresses } from '../providers/types';
import { mergeProviderData } from '../jobs/provider-data';
import { nextAttemptAt } from './backoff';
import { recordServiceFailure, recordServiceSuccess } from './service-problem';
import { setSyncProblem } from './sync-problem';
import { crashPoint } from './crash-points';

/** The shortest reference any service takes (Posten's `signature-job-reference`, 50). */
const REFERENCE_MAX_LENGTH = 50;

/**
 * The reference sent with one create: the administrator's reference (shortened if need be) and a
 * token unique to this create. The service repeats it in every status change, which is how a job
 * whose create answer was lost is recognised, and how a second create is told from the first.
 */
export function referenceForCreate(job: Pick<JobRow, 'reference'>, token: string): string {
  const suffix = `sd-${token}`;
  if (!job.reference) return suffix;
  return `${job.reference.slice(0, REFERENCE_MAX_LENGTH - suffix.length - 1).trimEnd()} ${suffix}`;
}

/** Jobs in the outbox whose next attempt is due, oldest first. */
export function dueSubmissions(context: CoreContext, accountId: string): string[] {
  return (
    context.db
      .prepare("SELECT id FROM jobs WHERE status = 'queued' AND account_id = ? AND (next_submit_at IS NULL OR next_submit_at <= ?) ORDER BY created_at")
      .all(accountId, context.now().toISOString()) as { id: string }[]
  ).map((r) => r.id);
}

/**
 * A crash between "sending" and "answer stored" leaves a job `sending`. Whether the service got
 * it is unknown, so it is never re-sent silently: a status change carrying the job's reference
 * settles it, or the administrator decides.
 */
export function markInterruptedSubmissions(context: CoreContext): string[] {
  const interrupted = (context.db.prepare("SELECT id FROM jobs WHERE status = 'sending'").all() as { id: string }[]).map((r) => r.id);
  const at = context.now().toISOString();
  for (const id of interrupted) {
    context.db.transaction(() => {
      const message = 'The app stopped while this job was being sent. Check at the service whether it arrived, then send it again or leave it.';
      markOutcomeUnknown(context, id, at, { reason: 'outcome-unknown-interrupted', detail: message, at }, { code: 'OUTCOME_UNKNOWN', message, reason: null });
    })();
  }
  return interrupted;
}

/**
 * The job needs attention as 'outcome-unknown' (by its status); the sync problem stored with it is
 * the evidence of how sending ended, shown on the job page. `error.reason`: what the last attempt
 * failed with, kept in `last_error_kind` like a failed send's.
 */
function markOutcomeUnknown(context: CoreContext, jobId: string, at: string, evidence: SyncProblem, error: { code: string; message: string; reason: FailureReason | null }): void {
  context.db
    .prepare("UPDATE jobs SET status = 'outcome_unknown', submit_started_at = NULL, next_submit_at = NULL, updated_at = ?, last_error_code = ?, last_error_message = ?, last_error_kind = ? WHERE id = ?")
    .run(at, error.code, error.message, error.reason, jobId);
  setSyncProblem(context.db, jobId, evidence);
  const reference = readJobRow(context.db, jobId).service_reference;
  appendJobEvent(context.db, { jobId, at, kind: 'outcome-unknown', actor: 'app', data: { reason: evidence.reason, detail: evidence.detail, reference } });
}

export type SubmitOutcome = 'submitted' | 'retry-later' | 'rejected' | 'outcome-unknown' | 'skipped';

const UNKNOWN_OUTCOME_PROBLEM: Record<UnknownOutcomeReason, SyncProblemReason> = {
  'no-answer': 'outcome-unknown-no-answer',
  'unreadable-answer': 'outcome-unknown-unreadable-answer',
  'gateway-error': 'outcome-unknown-gateway-error',
};

const asServiceError = (error: unknown): ServiceCallError | undefined => (error instanceof ServiceCallError ? error : undefined);

/** Stores what the service answered to a create: the job is at the service now, its signers wait. */
function storeCreated(context: CoreContext, job: JobRow, created: CreatedJob): void {
  const db = context.db;
  const at = context.now().toISOString();
  db.transaction(() => {
    db.prepare(
      `UPDATE jobs SET status = 'in_progress', service_status = ?, service_job_id = ?, provider_data = ?, submit_started_at = NULL, next_submit_at = NULL,
         last_error_code = NULL, last_error_message = NULL, last_error_kind = NULL, updated_at = ?, last_synced_at = ? WHERE id = ?`,
    ).run(created.serviceStatus, created.serviceJobId, mergeProviderData(job.provider_data, created.providerData), at, at, job.id);
    recordServiceSuccess(context, job.account_id, 'sending');
    // A signer who signed before (Rest PKI: a later session sent again) stays signed; one the service
    // has not got yet stays not sent.
    const notSent = JSON.stringify(created.notSentSigners ?? []);
    db.prepare("UPDATE signers SET status = 'waiting', status_since = ? WHERE job_id = ? AND status = 'not_sent' AND id NOT IN (SELECT value FROM json_each(?))").run(at, job.id, notSent);
    const updateSigner = db.prepare('UPDATE signers SET remote_ref = COALESCE(?, remote_ref), provider_data = ? WHERE id = ? AND job_id = ?');
    const signerData = db.prepare('SELECT provider_data FROM signers WHERE id = ?');
    for (const [signerId, refs] of Object.entries(created.signers ?? {})) {
      const current = signerData.get(signerId) as { provider_data: string } | undefined;
      updateSigner.run(refs.remoteRef ?? null, mergeProviderData(current?.provider_data ?? '{}', refs.providerData), signerId, job.id);
    }
    appendJobEvent(db, { jobId: job.id, at, kind: 'submitted', actor: 'app', data: { serviceJobId: created.serviceJobId, bytes: created.bytes, reference: job.service_reference } });
  })();
}

/**
 * Sends one job from the outbox through its provider, with the crash rules every service shares:
 * the job is `sending` (committed) before the request leaves; an answer is stored in one
 * transaction; a failure before the request could reach the service leaves it queued with a retry
 * time; one after which the service may have the job makes it `outcome_unknown`, never resent
 * silently; a definitive refusal makes it `rejected` with the service's words.
 */
export async function submitJob(context: CoreContext, session: ProviderSession, jobId: string, returns: ReturnAddresses): Promise<SubmitOutcome> {
  let job = readJobRow(context.db, jobId);
  if (job.status !== 'queued') return 'skipped';
  const db = context.db;
  const progress = (done: number, stage: 'preparing' | 'sending' | 'sent', label: string) =>
    context.events.emit('progress', { task: 'submit', jobId, done, total: 3, label, stage });

  if (!job.service_reference) {
    // Kept across retries that certainly did not reach the service; a new one for each create that may have.
    db.prepare('UPDATE jobs SET service_reference = ? WHERE id = ?').run(referenceForCreate(job, randomBytes(5).toString('hex')), jobId);
    job = readJobRow(db, jobId);
  }
  progress(0, 'preparing', 'Preparing the documents');
  let prepared;
  try {
    prepared = await session.prepare(jobId, returns);
  } catch (error) {
    progress(3, 'sent', 'Done');
    return failed(context, job, error);
  }
  db.prepare("UPDATE jobs SET status = 'sending', submit_started_at = ?, submit_attempts = submit_attempts + 1 WHERE id = ?").run(context.now().toISOString(), jobId);
  crashPoint('submit.sending');
  progress(1, 'sending', 'Sending');
  try {
    storeCreated(context, job, crashPoint('submit.sent', await prepared.send()));
    return 'submitted';
  } catch (error) {
    return failed(context, { ...job, submit_attempts: job.submit_attempts + 1 }, error);
  } finally {
    // Always close the progress entry, also when the attempt failed, so no bar hangs at "Sending".
    progress(3, 'sent', 'Done');
    await prepared.discard();
  }
}

function failed(context: CoreContext, job: JobRow, error: unknown): SubmitOutcome {
  const db = context.db;
  const at = context.now();
  const service = asServiceError(error);
  const detail = service?.detail ?? describeFailure(error).detail ?? String(error);
  const code = service?.code ?? describeFailure(error).code ?? 'NETWORK';
  const reason = service?.reason ?? describeFailure(error).reason ?? 'network.failed';
  if (service?.details.unknownOutcome) {
    // The request may have reached the service: never sent again silently. A status change
    // carrying this job's reference settles it; until then the administrator sees the evidence.
    const evidence: SyncProblem = { reason: UNKNOWN_OUTCOME_PROBLEM[service.details.unknownOutcome], detail, at: at.toISOString() };
    db.transaction(() => {
      markOutcomeUnknown(context, job.id, at.toISOString(), evidence, { code: 'OUTCOME_UNKNOWN', message: detail, reason });
      // No usable answer came back: the account's calls are failing too (status bar).
      recordServiceFailure(context, job.account_id, service, 'sending');
    })();
    return 'outcome-unknown';
  }
  if (!service || service.retryable || service.kind === 'trust') {
    const retryAt = nextAttemptAt(at, job.submit_attempts + 1, { serviceRetryAt: service?.details.retryAt });
    db.transaction(() => {
      // With last_error_message set, the job needs attention ('not-sent') until it is sent.
      db.prepare("UPDATE jobs SET status = 'queued', submit_started_at = NULL, next_submit_at = ?, last_error_code = ?, last_error_message = ?, last_error_kind = ?, updated_at = ? WHERE id = ?").run(
        retryAt.toISOString(),
        code,
        detail,
        reason,
        at.toISOString(),
        job.id,
      );
      if (service) recordServiceFailure(context, job.account_id, service, 'sending');
      appendJobEvent(db, { jobId: job.id, at: at.toISOString(), kind: 'submit-failed', actor: 'app', data: { code, reason, message: detail, retryAt: retryAt.toISOString() } });
    })();
    return 'retry-later';
  }
  db.transaction(() => {
    // A definitive answer: the service itself is reachable.
    recordServiceSuccess(context, job.account_id, 'sending');
    db.prepare("UPDATE jobs SET status = 'rejected', submit_started_at = NULL, next_submit_at = NULL, last_error_code = ?, last_error_message = ?, last_error_kind = NULL, updated_at = ? WHERE id = ?").run(
      code,
      detail,
      at.toISOString(),
      job.id,
    );
    appendJobEvent(db, { jobId: job.id, at: at.toISOString(), kind: 'rejected-by-service', actor: 'service', data: { code, reason, message: detail } });
  })();
  return 'rejected';
}

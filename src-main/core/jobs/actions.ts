import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import { describeFailure } from '../failure';
import type { PostenClient } from '../providers/posten/client';
import { PostenError } from '../providers/posten/errors';
import { canDeleteDocumentsAt, deleteDocumentsFrom } from './delete-documents-rule';
import { appendJobEvent } from './events-log';
import { accountRemovedOf, readJobRow, readSigners, type JobRow } from './read';

function serviceFailure(error: unknown): CoreError {
  if (error instanceof PostenError) return new CoreError(error.retryable ? 'UNAVAILABLE' : 'CONFLICT', error.detail, { reason: error.reason });
  const failure = describeFailure(error);
  return new CoreError('UNAVAILABLE', failure.detail ?? String(error), { reason: failure.reason ?? 'network.failed', params: failure.params });
}

/** Cancels a job the service never received, in the caller's transaction; `data` says why in the event log. */
export function cancelUnsentJob(context: CoreContext, jobId: string, at: string, data: Record<string, unknown>): void {
  context.db.prepare("UPDATE jobs SET status = 'CANCELLED', next_submit_at = NULL, deadline = NULL, active_step = NULL, updated_at = ? WHERE id = ?").run(at, jobId);
  context.db.prepare("UPDATE signers SET status = 'CANCELLED', status_since = ? WHERE job_id = ? AND status IN ('NOT_SENT','WAITING')").run(at, jobId);
  appendJobEvent(context.db, { jobId, at, kind: 'cancelled', actor: 'administrator', data });
}

/** Cancel at the service (204), or learn that the job had already finished (409). */
export async function cancelJob(context: CoreContext, client: PostenClient, jobId: string): Promise<void> {
  const job = readJobRow(context.db, jobId);
  const at = () => context.now().toISOString();
  if (job.status === 'QUEUED' || job.status === 'OUTCOME_UNKNOWN' || job.status === 'REJECTED_BY_SERVICE') {
    // Never sent (or not known to be): cancelling is local.
    context.db.transaction(() => cancelUnsentJob(context, jobId, at(), { local: true }))();
    return;
  }
  if (job.status !== 'IN_PROGRESS' || !job.cancel_url) throw new CoreError('CONFLICT', 'This job is already finished and cannot be cancelled.', { reason: 'job.notCancellable' });
  let outcome: 'cancelled' | 'finished';
  try {
    outcome = await client.cancel(job.cancel_url);
  } catch (error) {
    throw serviceFailure(error);
  }
  if (outcome === 'finished') {
    appendJobEvent(context.db, { jobId, at: at(), kind: 'cancel-refused', actor: 'service' });
    throw new CoreError('CONFLICT', 'The job is already finished, so it could not be cancelled. Its final status arrives with the next sync.', { reason: 'job.alreadyFinished' });
  }
  // The service's own status change (signers CANCELLED) follows through the queue; record the request now.
  context.db.transaction(() => {
    context.db.prepare('UPDATE jobs SET cancel_url = NULL, updated_at = ? WHERE id = ?').run(at(), jobId);
    appendJobEvent(context.db, { jobId, at: at(), kind: 'cancel-requested', actor: 'administrator' });
  })();
}

/**
 * Puts a job that failed to send, or whose sending was interrupted, back in the outbox. A job whose
 * outcome is unknown may exist at the service already: sending it again may make a second job, so
 * the administrator must accept that risk, and the new create gets its own reference (so a late
 * status change of the first one is told apart from the second).
 */
export function retrySubmit(context: CoreContext, jobId: string, options: { acceptDuplicateRisk?: boolean } = {}): void {
  const job = readJobRow(context.db, jobId);
  if (!['QUEUED', 'OUTCOME_UNKNOWN', 'REJECTED_BY_SERVICE'].includes(job.status)) throw new CoreError('CONFLICT', 'This job has already been sent.', { reason: 'job.alreadySent' });
  if (accountRemovedOf(context.db, job)) throw new CoreError('CONFLICT', 'The account of this job was removed, so it cannot be sent.', { reason: 'job.accountRemoved' });
  if (job.archived_at) throw new CoreError('CONFLICT', 'This job is in the archive. Restore it before sending it again.', { reason: 'job.archived' });
  const outcomeUnknown = job.status === 'OUTCOME_UNKNOWN';
  if (outcomeUnknown && !options.acceptDuplicateRisk) {
    throw new CoreError(
      'CONFLICT',
      'It is unknown whether the service received this job. Sending it again may create a second job at the service, and the signers would be asked to sign twice. Confirm that you accept this risk to send it again.',
      { reason: 'job.duplicateRiskNotAccepted' },
    );
  }
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db
      .prepare(
        `UPDATE jobs SET status = 'QUEUED', next_submit_at = ?, submit_started_at = NULL, last_error_code = NULL, last_error_message = NULL, last_error_kind = NULL,
           service_reference = CASE WHEN ? THEN NULL ELSE service_reference END, sync_problem = CASE WHEN ? THEN NULL ELSE sync_problem END, updated_at = ? WHERE id = ?`,
      )
      .run(at, outcomeUnknown ? 1 : 0, outcomeUnknown ? 1 : 0, at, jobId);
    appendJobEvent(context.db, {
      jobId,
      at,
      kind: 'retry-requested',
      actor: 'administrator',
      data: outcomeUnknown ? { acceptedDuplicateRisk: true, previousReference: job.service_reference } : {},
    });
  })();
}

/**
 * Refuses, with the reason the administrator reads (the time in local time), a deletion the service would refuse. Called
 * before any connection is made, so the UI and the command line answer at once.
 */
export function assertDocumentsDeletable(context: CoreContext, jobId: string): JobRow {
  const job = readJobRow(context.db, jobId);
  const from = deleteDocumentsFrom(job, readSigners(context.db, jobId));
  if (canDeleteDocumentsAt(from, context.now())) return job;
  if (from) {
    const time = from.toISOString();
    throw new CoreError('CONFLICT', `Deleting the documents is possible from ${time}, 24 hours after everyone signed.`, { reason: 'job.documentsDeletableFrom', params: { time } });
  }
  const deleted = context.db.prepare("SELECT 1 FROM job_events WHERE job_id = ? AND kind = 'documents-deleted' LIMIT 1").get(jobId) !== undefined;
  if (deleted) throw new CoreError('CONFLICT', 'The documents of this job have already been deleted at the service.', { reason: 'job.documentsAlreadyDeleted' });
  if (job.status === 'COMPLETED_SUCCESSFULLY') throw new CoreError('CONFLICT', 'The service does not offer deleting the documents of this job.', { reason: 'job.documentsNotOffered' });
  throw new CoreError('CONFLICT', 'The documents can only be deleted once everyone has signed.', { reason: 'job.documentsNotCompleted' });
}

export async function deleteDocumentsAtService(context: CoreContext, client: PostenClient, jobId: string, actor: 'administrator' | 'app' = 'administrator'): Promise<void> {
  const job = assertDocumentsDeletable(context, jobId);
  try {
    await client.deleteDocuments(job.delete_documents_url!);
  } catch (error) {
    // The service's code and its UTC time mean nothing to the reader: they go to the log and "Details".
    context.ports.logger.warn('The service did not delete the documents', { jobId, message: (error as Error).message });
    const detail = error instanceof PostenError ? error.detail : describeFailure(error).detail ?? String(error);
    if (error instanceof PostenError && error.kind === 'network') throw new CoreError('UNAVAILABLE', detail, { reason: 'job.documentsNotDeletedUnreachable', cause: error });
    throw new CoreError(error instanceof PostenError && error.retryable ? 'UNAVAILABLE' : 'CONFLICT', detail, { reason: 'job.documentsNotDeleted', cause: error });
  }
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db.prepare('UPDATE jobs SET delete_documents_url = NULL, updated_at = ? WHERE id = ?').run(at, jobId);
    appendJobEvent(context.db, { jobId, at, kind: 'documents-deleted', actor });
  })();
}

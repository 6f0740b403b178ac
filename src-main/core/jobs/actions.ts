import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import { describeFailure } from '../failure';
import { unsentStatuses } from '../../../src-shared/domain';
import { providerOfFlow } from '../providers/registry';
import { ServiceCallError } from '../providers/service-error';
import type { ProviderSession } from '../providers/types';
import { appendJobEvent } from './events-log';
import { accountRemovedOf, readJobRow, readSigners, type JobRow } from './read';

/** A failed call to a service as the error the caller gets: worded by its reason. */
export function serviceFailure(error: unknown): CoreError {
  if (error instanceof ServiceCallError) return new CoreError(error.retryable ? 'UNAVAILABLE' : 'CONFLICT', error.detail, { reason: error.reason });
  const failure = describeFailure(error);
  return new CoreError('UNAVAILABLE', failure.detail ?? String(error), { reason: failure.reason ?? 'network.failed', params: failure.params });
}

/** Cancels a job the service never received, in the caller's transaction; `data` says why in the event log. */
export function cancelUnsentJob(context: CoreContext, jobId: string, at: string, data: Record<string, unknown>): void {
  context.db.prepare("UPDATE jobs SET status = 'cancelled', next_submit_at = NULL, deadline = NULL, active_step = NULL, updated_at = ? WHERE id = ?").run(at, jobId);
  context.db.prepare("UPDATE signers SET status = 'cancelled', status_since = ? WHERE job_id = ? AND status IN ('not_sent','waiting')").run(at, jobId);
  appendJobEvent(context.db, { jobId, at, kind: 'cancelled', actor: 'administrator', data });
}

/** Whether the job was never (known to be) received by the service: then cancelling it is local. */
export const isUnsent = (job: Pick<JobRow, 'status'>): boolean => unsentStatuses.includes(job.status);

/** Cancel at the service, or learn that the job had already finished. `session` is opened only for a job the service has. */
export async function cancelJob(context: CoreContext, session: () => Promise<ProviderSession>, jobId: string): Promise<void> {
  const job = readJobRow(context.db, jobId);
  const at = () => context.now().toISOString();
  if (isUnsent(job)) {
    context.db.transaction(() => cancelUnsentJob(context, jobId, at(), { local: true }))();
    return;
  }
  const provider = providerOfFlow(job.flow);
  if (!provider.capabilities(context, job, readSigners(context.db, jobId)).canCancel) {
    throw new CoreError('CONFLICT', 'This job is already finished and cannot be cancelled.', { reason: 'job.notCancellable' });
  }
  let outcome: 'cancelled' | 'finished' | 'withdrawn';
  try {
    const open = await session();
    if (!open.cancel) throw new CoreError('CONFLICT', 'This job is already finished and cannot be cancelled.', { reason: 'job.notCancellable' });
    outcome = await open.cancel(jobId);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw serviceFailure(error);
  }
  if (outcome === 'finished') {
    appendJobEvent(context.db, { jobId, at: at(), kind: 'cancel-refused', actor: 'service' });
    throw new CoreError('CONFLICT', 'The job is already finished, so it could not be cancelled. Its final status arrives with the next sync.', { reason: 'job.alreadyFinished' });
  }
  // Stopped here by the provider, which logged it: the service has nothing to follow.
  if (outcome === 'withdrawn') return;
  // The service's own status change (signers cancelled) follows; record the request now.
  appendJobEvent(context.db, { jobId, at: at(), kind: 'cancel-requested', actor: 'administrator' });
}

/**
 * Puts a job that failed to send, or whose sending was interrupted, back in the outbox. A job whose
 * outcome is unknown may exist at the service already: sending it again may make a second job, so
 * the administrator must accept that risk, and the new create gets its own reference (so a late
 * status change of the first one is told apart from the second).
 */
export function retrySubmit(context: CoreContext, jobId: string, options: { acceptDuplicateRisk?: boolean } = {}): void {
  const job = readJobRow(context.db, jobId);
  if (!isUnsent(job)) throw new CoreError('CONFLICT', 'This job has already been sent.', { reason: 'job.alreadySent' });
  if (accountRemovedOf(context.db, job)) throw new CoreError('CONFLICT', 'The account of this job was removed, so it cannot be sent.', { reason: 'job.accountRemoved' });
  if (job.archived_at) throw new CoreError('CONFLICT', 'This job is in the archive. Restore it before sending it again.', { reason: 'job.archived' });
  const outcomeUnknown = job.status === 'outcome_unknown';
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
        `UPDATE jobs SET status = 'queued', next_submit_at = ?, submit_started_at = NULL, last_error_code = NULL, last_error_message = NULL, last_error_kind = NULL,
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
  const from = providerOfFlow(job.flow).capabilities(context, job, readSigners(context.db, jobId)).documentsDeletableFrom;
  if (from !== null && context.now().getTime() >= from.getTime()) return job;
  if (from) {
    const time = from.toISOString();
    throw new CoreError('CONFLICT', `Deleting the documents is possible from ${time}, 24 hours after everyone signed.`, { reason: 'job.documentsDeletableFrom', params: { time } });
  }
  const deleted = context.db.prepare("SELECT 1 FROM job_events WHERE job_id = ? AND kind = 'documents-deleted' LIMIT 1").get(jobId) !== undefined;
  if (deleted) throw new CoreError('CONFLICT', 'The documents of this job have already been deleted at the service.', { reason: 'job.documentsAlreadyDeleted' });
  if (job.status === 'completed') throw new CoreError('CONFLICT', 'The service does not offer deleting the documents of this job.', { reason: 'job.documentsNotOffered' });
  throw new CoreError('CONFLICT', 'The documents can only be deleted once everyone has signed.', { reason: 'job.documentsNotCompleted' });
}

export async function deleteDocumentsAtService(context: CoreContext, session: ProviderSession, jobId: string, actor: 'administrator' | 'app' = 'administrator'): Promise<void> {
  assertDocumentsDeletable(context, jobId);
  try {
    if (!session.deleteDocuments) throw new CoreError('CONFLICT', 'The service does not offer deleting the documents of this job.', { reason: 'job.documentsNotOffered' });
    await session.deleteDocuments(jobId);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    // The service's code and its UTC time mean nothing to the reader: they go to the log and "Details".
    context.ports.logger.warn('The service did not delete the documents', { jobId, message: (error as Error).message });
    const service = error instanceof ServiceCallError ? error : undefined;
    const detail = service ? service.detail : describeFailure(error).detail ?? String(error);
    if (service?.kind === 'network') throw new CoreError('UNAVAILABLE', detail, { reason: 'job.documentsNotDeletedUnreachable', cause: error });
    throw new CoreError(service?.retryable ? 'UNAVAILABLE' : 'CONFLICT', detail, { reason: 'job.documentsNotDeleted', cause: error });
  }
  appendJobEvent(context.db, { jobId, at: context.now().toISOString(), kind: 'documents-deleted', actor });
}

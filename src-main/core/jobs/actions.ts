import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import type { PostenClient } from '../providers/posten/client';
import { PostenError } from '../providers/posten/errors';
import { appendJobEvent } from './events-log';
import { readJobRow } from './read';

function serviceFailure(error: unknown): CoreError {
  if (error instanceof PostenError) return new CoreError(error.retryable ? 'UNAVAILABLE' : 'CONFLICT', error.message);
  return new CoreError('UNAVAILABLE', (error as Error).message);
}

/** Cancel at the service (204), or learn that the job had already finished (409). */
export async function cancelJob(context: CoreContext, client: PostenClient, jobId: string): Promise<void> {
  const job = readJobRow(context.db, jobId);
  const at = () => context.now().toISOString();
  if (job.status === 'QUEUED' || job.status === 'OUTCOME_UNKNOWN' || job.status === 'REJECTED_BY_SERVICE') {
    // Never sent (or not known to be): cancelling is local.
    context.db.transaction(() => {
      context.db.prepare("UPDATE jobs SET status = 'CANCELLED', next_submit_at = NULL, deadline = NULL, active_step = NULL, updated_at = ? WHERE id = ?").run(at(), jobId);
      context.db.prepare("UPDATE signers SET status = 'CANCELLED', status_since = ? WHERE job_id = ? AND status IN ('NOT_SENT','WAITING')").run(at(), jobId);
      appendJobEvent(context.db, { jobId, at: at(), kind: 'cancelled', actor: 'administrator', data: { local: true } });
    })();
    return;
  }
  if (job.status !== 'IN_PROGRESS' || !job.cancel_url) throw new CoreError('CONFLICT', 'This job is already finished and cannot be cancelled.');
  let outcome: 'cancelled' | 'finished';
  try {
    outcome = await client.cancel(job.cancel_url);
  } catch (error) {
    throw serviceFailure(error);
  }
  if (outcome === 'finished') {
    appendJobEvent(context.db, { jobId, at: at(), kind: 'cancel-refused', actor: 'service' });
    throw new CoreError('CONFLICT', 'The job is already finished, so it could not be cancelled. Its final status arrives with the next sync.');
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
  if (!['QUEUED', 'OUTCOME_UNKNOWN', 'REJECTED_BY_SERVICE'].includes(job.status)) throw new CoreError('CONFLICT', 'This job has already been sent.');
  const outcomeUnknown = job.status === 'OUTCOME_UNKNOWN';
  if (outcomeUnknown && !options.acceptDuplicateRisk) {
    throw new CoreError(
      'CONFLICT',
      'It is unknown whether the service received this job. Sending it again may create a second job at the service, and the signers would be asked to sign twice. Confirm that you accept this risk to send it again.',
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

export async function deleteDocumentsAtService(context: CoreContext, client: PostenClient, jobId: string, actor: 'administrator' | 'app' = 'administrator'): Promise<void> {
  const job = readJobRow(context.db, jobId);
  if (!job.delete_documents_url) throw new CoreError('CONFLICT', 'The service does not allow deleting the documents of this job (yet).');
  try {
    await client.deleteDocuments(job.delete_documents_url);
  } catch (error) {
    throw serviceFailure(error);
  }
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db.prepare('UPDATE jobs SET delete_documents_url = NULL, updated_at = ? WHERE id = ?').run(at, jobId);
    appendJobEvent(context.db, { jobId, at, kind: 'documents-deleted', actor });
  })();
}

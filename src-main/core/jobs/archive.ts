import { canArchiveJob } from '../../../src-shared/domain';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import { appendJobEvent } from './events-log';
import { accountRemovedOf, readJobRow } from './read';

/**
 * Moves a finished job out of the list's tabs into the Archived tab. Nothing is deleted: the job,
 * its signed files and its event log stay, and the move is recorded there as an audit entry.
 * Archiving an archived job again changes nothing (a double click, or a script run twice).
 *
 * `updated_at` is left alone: it is the job's last real change, used for the list's order and for
 * the `{date}` of file names when the signed files are saved again.
 */
export function archiveJob(context: CoreContext, jobId: string): void {
  const job = readJobRow(context.db, jobId);
  if (job.archived_at) return;
  if (job.status === 'draft') throw new CoreError('CONFLICT', 'A draft cannot be archived; delete it instead.', { reason: 'job.draftNotArchivable' });
  if (!canArchiveJob({ status: job.status, archivedAt: null, accountRemoved: accountRemovedOf(context.db, job) })) {
    throw new CoreError('CONFLICT', 'Only a finished job can be archived. Cancel it first, or wait until it is finished.', { reason: 'job.notArchivable' });
  }
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db.prepare('UPDATE jobs SET archived_at = ? WHERE id = ? AND archived_at IS NULL').run(at, jobId);
    appendJobEvent(context.db, { jobId, at, kind: 'archived', actor: 'administrator' });
  })();
}

/** Brings an archived job back into the list's tabs; a job not in the archive is left as it is. */
export function unarchiveJob(context: CoreContext, jobId: string): void {
  const job = readJobRow(context.db, jobId);
  if (!job.archived_at) return;
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db.prepare('UPDATE jobs SET archived_at = NULL WHERE id = ?').run(jobId);
    appendJobEvent(context.db, { jobId, at, kind: 'unarchived', actor: 'administrator' });
  })();
}

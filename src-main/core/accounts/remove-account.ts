import type { AccountRemoval, AccountRemovalImpact } from '../../../src-shared/contract';
import { unfinishedStatuses } from '../../../src-shared/domain';
import type { CoreContext } from '../context';
import type { FailureParams, FailureReason } from '../../../src-shared/failure';
import { CoreError } from '../errors';
import { encodeStoredFailure } from '../failure';
import { cancelUnsentJob } from '../jobs/actions';
import { providerOfAccount } from '../providers/registry';

const UNFINISHED_SQL = unfinishedStatuses.map((status) => `'${status}'`).join(', ');

function readLiveAccount(context: CoreContext, id: string): { id: string; name: string; is_demo: number } {
  const row = context.db.prepare('SELECT id, name, is_demo, removed_at FROM accounts WHERE id = ?').get(id) as
    | { id: string; name: string; is_demo: number; removed_at: string | null }
    | undefined;
  if (!row || row.removed_at) throw new CoreError('NOT_FOUND', 'There is no such account (it may have been removed already).', { reason: 'account.notFound' });
  return row;
}

/** What removing the account would do, counted now: the numbers the confirmation states. */
export function accountRemovalImpact(context: CoreContext, id: string): AccountRemovalImpact {
  const account = readLiveAccount(context, id);
  const jobs = context.db
    .prepare(
      `SELECT count(*) FILTER (WHERE status <> 'draft') AS kept, count(*) FILTER (WHERE status IN (${UNFINISHED_SQL})) AS unfinished,
              count(*) FILTER (WHERE status = 'draft') AS drafts
       FROM jobs WHERE account_id = ?`,
    )
    .get(id) as { kept: number; unfinished: number; drafts: number };
  const files = context.db
    .prepare(
      `SELECT count(DISTINCT d.job_id) FILTER (WHERE d.state = 'pending' AND j.status NOT IN (${UNFINISHED_SQL})) AS awaiting,
              count(*) FILTER (WHERE d.state IN ('archived', 'filed')) AS signed
       FROM artifacts d JOIN jobs j ON j.id = d.job_id WHERE j.account_id = ?`,
    )
    .get(id) as { awaiting: number; signed: number };
  return {
    id: account.id,
    name: account.name,
    isDemo: account.is_demo === 1,
    keptJobs: jobs.kept,
    unfinishedJobs: jobs.unfinished,
    jobsAwaitingFiles: files.awaiting,
    drafts: jobs.drafts,
    signedFiles: files.signed,
  };
}

const jobsWord = (n: number) => (n === 1 ? '1 job' : `${n} jobs`);

/** Why removal is refused while jobs are open: which of the two kinds there are, and how many (worded with plurals). */
function openJobsReason(impact: AccountRemovalImpact): { reason: FailureReason; params: FailureParams } {
  const name = impact.name;
  if (impact.jobsAwaitingFiles === 0) return { reason: 'account.unfinishedJobs', params: { name, jobs: impact.unfinishedJobs } };
  if (impact.unfinishedJobs === 0) return { reason: 'account.jobsAwaitingFiles', params: { name, jobs: impact.jobsAwaitingFiles } };
  return { reason: 'account.unfinishedJobsAndFiles', params: { name, unfinished: impact.unfinishedJobs, awaiting: impact.jobsAwaitingFiles } };
}

/**
 * Removes an account. Its secrets are deleted; its row stays (marked removed) because its jobs stay
 * in the list, read-only, with their event logs and every signed file already downloaded. Its
 * drafts are deleted: they could never be sent.
 *
 * Jobs still open at the service (or whose signed files are still to be downloaded) would silently
 * stop changing, so they are refused unless the caller chose to stop following them. Then queued
 * jobs, which the service never received, are cancelled; the others keep their last known status.
 */
export async function removeAccount(context: CoreContext, input: { id: string; stopFollowingUnfinished?: boolean }): Promise<AccountRemoval> {
  const impact = accountRemovalImpact(context, input.id);
  const open = impact.unfinishedJobs + impact.jobsAwaitingFiles;
  if (open > 0 && !input.stopFollowingUnfinished) {
    const parts = [
      impact.unfinishedJobs > 0 ? `${jobsWord(impact.unfinishedJobs)} not finished yet` : '',
      impact.jobsAwaitingFiles > 0 ? `${jobsWord(impact.jobsAwaitingFiles)} whose signed files are not downloaded yet` : '',
    ].filter(Boolean);
    throw new CoreError(
      'CONFLICT',
      `“${impact.name}” has ${parts.join(' and ')}. Cancel them or wait until they are done, or choose to stop following them; nothing was removed.`,
      openJobsReason(impact),
    );
  }

  const db = context.db;
  const at = context.now().toISOString();
  let cancelledQueued = 0;
  let stoppedFollowing = 0;
  db.transaction(() => {
    db.prepare("DELETE FROM jobs WHERE account_id = ? AND status = 'draft'").run(input.id);
    // Queued jobs no submit has started on were never received by the service: they are cancelled
    // below. Every other job not finished, or still waiting for a signed file, is no longer followed.
    const stillOpen = `(status IN (${UNFINISHED_SQL}) AND NOT status = 'queued')
      OR EXISTS (SELECT 1 FROM artifacts d WHERE d.job_id = jobs.id AND d.state = 'pending')`;
    stoppedFollowing = (db.prepare(`SELECT count(*) AS n FROM jobs WHERE account_id = ? AND (${stillOpen})`).get(input.id) as { n: number }).n;
    // One audit entry per kept job, so its timeline says why nothing happens to it any more.
    db.prepare(
      `INSERT INTO job_events (job_id, at, kind, actor, data)
       SELECT id, @at, 'account-removed', 'administrator', json_object('account', @name, 'stoppedFollowing', json(CASE WHEN ${stillOpen} THEN 'true' ELSE 'false' END))
       FROM jobs WHERE account_id = @id`,
    ).run({ at, name: impact.name, id: input.id });
    const queued = db.prepare("SELECT id FROM jobs WHERE account_id = ? AND status = 'queued'").all(input.id) as { id: string }[];
    for (const { id } of queued) cancelUnsentJob(context, id, at, { local: true, reason: 'account-removed' });
    cancelledQueued = queued.length;
    db.prepare(
      `UPDATE artifacts SET state = 'failed', next_attempt_at = NULL, updated_at = @at, last_error = @error
       WHERE state = 'pending' AND job_id IN (SELECT id FROM jobs WHERE account_id = @id)`,
    ).run({ at, id: input.id, error: encodeStoredFailure({ reason: 'account.removedBeforeDownload', detail: 'Not downloaded: the account was removed before this file could be fetched.' }) });
    db.prepare('UPDATE accounts SET removed_at = ?, next_poll_at = NULL, updated_at = ? WHERE id = ?').run(at, at, input.id);
  })();

  // After the commit: a failure here leaves an account that is removed all the same, and says so.
  try {
    await providerOfAccount(context, input.id).deleteSecrets(context, input.id);
  } catch (error) {
    throw new CoreError('INTERNAL', `The account was removed, but its certificate could not be deleted from the secret store: ${(error as Error).message}`, {
      reason: 'account.removedSecretKept',
      cause: error,
    });
  }
  return { ...impact, cancelledQueued, stoppedFollowing };
}

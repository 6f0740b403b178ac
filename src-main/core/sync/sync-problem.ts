import type { Database } from 'better-sqlite3';
import type { SyncProblem, SyncProblemReason } from '../../../src-shared/contract';
import { prepared } from '../db/prepared';

/**
 * Records a problem the sync engine found that the job's status does not show (a signed file that
 * did not verify, the evidence behind an outcome unknown) in `jobs.sync_problem`. Whether the job
 * needs attention for it is decided by the one rule in migration 4 ('sync-problem', or
 * 'outcome-unknown' with this as its evidence). `detail` is technical and shown behind "Details".
 * updated_at stays: on a finished job it is the completion time the file name's {date} comes from.
 */
export function setSyncProblem(db: Database, jobId: string, problem: SyncProblem): void {
  prepared(db, 'UPDATE jobs SET sync_problem = ? WHERE id = ?').run(JSON.stringify(problem), jobId);
}

/** Clears the job's sync problem if it is one of `reasons`. */
export function clearSyncProblem(db: Database, jobId: string, reasons: readonly SyncProblemReason[]): void {
  const row = prepared(db, 'SELECT sync_problem FROM jobs WHERE id = ?').get(jobId) as { sync_problem: string | null } | undefined;
  if (!row?.sync_problem) return;
  const current = JSON.parse(row.sync_problem) as SyncProblem;
  if (reasons.includes(current.reason)) prepared(db, 'UPDATE jobs SET sync_problem = NULL WHERE id = ?').run(jobId);
}

export const OUTCOME_UNKNOWN_REASONS: readonly SyncProblemReason[] = [
  'outcome-unknown-interrupted',
  'outcome-unknown-no-answer',
  'outcome-unknown-unreadable-answer',
  'outcome-unknown-gateway-error',
];

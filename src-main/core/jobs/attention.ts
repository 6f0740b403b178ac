import type { JobAttention, SyncProblem } from '../../../src-shared/contract';
import { isFailureReason, type FailureParams, type FailureReason } from '../../../src-shared/failure';
import { reasonOfStoredCode } from '../failure';

/** The job columns the attention of a job is read from; `attention` itself is computed by SQLite (migration 4). */
export interface AttentionColumns {
  attention: JobAttention['reason'] | null;
  last_error_code: string | null;
  last_error_kind: string | null;
  last_error_message: string | null;
  next_submit_at: string | null;
  filing_problem: string | null;
  /** JSON SyncProblem, or null (sync/sync-problem.ts). */
  sync_problem: string | null;
}

/** Stored in `jobs.filing_problem` while a signed file of the job cannot be filed. */
export interface StoredFilingProblem {
  /** The failure reason that words it; absent in rows written before reasons were stored. */
  reason?: FailureReason;
  params?: FailureParams;
  folder: string | null;
  since: string;
  detail: string;
}

/** SQL that selects the columns of AttentionColumns, for the list and the detail queries. */
export const ATTENTION_COLUMNS = 'attention, last_error_code, last_error_kind, last_error_message, next_submit_at, filing_problem, sync_problem';

/** `jobs.sync_problem` as the contract carries it. */
export function syncProblemOf(json: string | null): SyncProblem | null {
  return json ? (JSON.parse(json) as SyncProblem) : null;
}

/** The job's attention as the contract carries it: the reason SQLite decided, with what words need. */
export function attentionOf(row: AttentionColumns): JobAttention | null {
  switch (row.attention) {
    case null:
      return null;
    case 'not-sent':
      return {
        reason: 'not-sent',
        // The reason recorded with the attempt knows the HTTP status behind an unknown service code;
        // rows from before reasons were recorded there hold a category (network, tls …) instead.
        failure: isFailureReason(row.last_error_kind) ? row.last_error_kind : reasonOfStoredCode(row.last_error_code),
        nextTryAt: row.next_submit_at,
        detail: row.last_error_message ?? '',
      };
    case 'outcome-unknown':
    case 'rejected':
      return { reason: row.attention, detail: row.last_error_message };
    case 'failed':
      return { reason: 'failed' };
    case 'not-filed': {
      const stored = JSON.parse(row.filing_problem ?? '{}') as Partial<StoredFilingProblem>;
      return { reason: 'not-filed', failure: stored.reason ?? null, params: stored.params, folder: stored.folder ?? null, since: stored.since ?? '', detail: stored.detail ?? '' };
    }
    case 'sync-problem':
      // SQLite decides 'sync-problem' only while sync_problem is set (migration 4).
      return { reason: 'sync-problem', problem: JSON.parse(row.sync_problem ?? 'null') as SyncProblem };
  }
}

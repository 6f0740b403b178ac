import type { Database } from 'better-sqlite3';
import type { JobAttention } from '../../../src-shared/contract';
import { prepared } from '../db/prepared';

/**
 * Marks a job as needing the administrator for a reason its status does not show (a signed file
 * that did not verify, the evidence behind an outcome unknown). The job is listed under Needs
 * attention until the reason is cleared. `detail` is technical and shown behind "Details".
 */
export function setJobAttention(db: Database, jobId: string, attention: JobAttention): void {
  prepared(db, 'UPDATE jobs SET attention = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(attention), attention.at, jobId);
}

export function clearJobAttention(db: Database, jobId: string, reasons: readonly JobAttention['reason'][]): void {
  const row = prepared(db, 'SELECT attention FROM jobs WHERE id = ?').get(jobId) as { attention: string | null } | undefined;
  if (!row?.attention) return;
  const current = JSON.parse(row.attention) as JobAttention;
  if (reasons.includes(current.reason)) prepared(db, 'UPDATE jobs SET attention = NULL WHERE id = ?').run(jobId);
}

export const OUTCOME_UNKNOWN_REASONS: readonly JobAttention['reason'][] = [
  'outcome-unknown-interrupted',
  'outcome-unknown-no-answer',
  'outcome-unknown-unreadable-answer',
  'outcome-unknown-gateway-error',
];

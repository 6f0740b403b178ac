import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';

/** How long after a signing address was handed out, or a browser came back, a job is asked about every few seconds. */
const FAST_FOR_MS = 10 * 60_000;
const FAST_EVERY_MS = 3_000;
/** After the fast period: every few minutes for an hour, then every 15 minutes. */
const SLOW_EVERY_MS = 3 * 60_000;
const SLOWEST_EVERY_MS = 15 * 60_000;
const SLOW_FOR_MS = 60 * 60_000;

/**
 * Someone is likely signing now: the job is asked about every few seconds for a while, then less
 * often (job_checks, migration 6). Queue-based flows use it as "poll the queue as soon as allowed".
 */
export function scheduleFastChecks(context: CoreContext, jobId: string): void {
  const now = context.now();
  prepared(
    context.db,
    `INSERT INTO job_checks (job_id, next_check_at, fast_until, failures) VALUES (?, ?, ?, 0)
     ON CONFLICT (job_id) DO UPDATE SET next_check_at = excluded.next_check_at, fast_until = excluded.fast_until, failures = 0`,
  ).run(jobId, now.toISOString(), new Date(now.getTime() + FAST_FOR_MS).toISOString());
}

/** A job a service without a queue has now: asked about on the slow schedule until something makes it fast. */
export function scheduleChecks(context: CoreContext, jobId: string): void {
  const now = context.now();
  prepared(context.db, 'INSERT OR IGNORE INTO job_checks (job_id, next_check_at, fast_until, failures) VALUES (?, ?, NULL, 0)').run(jobId, nextCheckAt(now, null).toISOString());
}

/** When to ask about a job next, from when it was last made fast: seconds, then minutes, then every 15 minutes. */
export function nextCheckAt(now: Date, fastUntil: string | null): Date {
  const until = fastUntil ? Date.parse(fastUntil) : 0;
  const step = now.getTime() < until ? FAST_EVERY_MS : now.getTime() < until + SLOW_FOR_MS ? SLOW_EVERY_MS : SLOWEST_EVERY_MS;
  return new Date(now.getTime() + step);
}

/** Jobs of these accounts whose check is due. */
export function dueChecks(context: CoreContext, accountIds: readonly string[]): string[] {
  if (accountIds.length === 0) return [];
  return (
    prepared(
      context.db,
      `SELECT c.job_id FROM job_checks c JOIN jobs j ON j.id = c.job_id WHERE c.next_check_at <= ? AND j.status = 'in_progress'
         AND j.account_id IN (${accountIds.map(() => '?').join(',')}) ORDER BY c.next_check_at`,
    ).all(context.now().toISOString(), ...accountIds) as { job_id: string }[]
  ).map((row) => row.job_id);
}

export function recordChecked(context: CoreContext, jobId: string): void {
  const row = prepared(context.db, 'SELECT fast_until FROM job_checks WHERE job_id = ?').get(jobId) as { fast_until: string | null } | undefined;
  const now = context.now();
  prepared(context.db, 'UPDATE job_checks SET next_check_at = ?, last_checked_at = ? WHERE job_id = ?').run(nextCheckAt(now, row?.fast_until ?? null).toISOString(), now.toISOString(), jobId);
}

/** Whether any job of these accounts is in its fast period: a queue they share is then polled as soon as the service allows. */
export function anyFastCheck(context: CoreContext, accountIds: readonly string[]): boolean {
  if (accountIds.length === 0) return false;
  return (
    prepared(
      context.db,
      `SELECT 1 FROM job_checks c JOIN jobs j ON j.id = c.job_id WHERE c.fast_until > ? AND j.status = 'in_progress'
         AND j.account_id IN (${accountIds.map(() => '?').join(',')}) LIMIT 1`,
    ).get(context.now().toISOString(), ...accountIds) !== undefined
  );
}

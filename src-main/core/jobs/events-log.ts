import { prepared } from '../db/prepared';
import type { Database } from 'better-sqlite3';

export type EventActor = 'service' | 'administrator' | 'app';

/**
 * Appends to a job's timeline. With a dedupe key, a second append of the same fact is ignored and
 * false is returned: that is how a status change re-applied after a crash stays a no-op.
 */
export function appendJobEvent(
  db: Database,
  event: { jobId: string; at: string; kind: string; actor: EventActor; data?: Record<string, unknown>; dedupeKey?: string },
): boolean {
  const result = prepared(db, 'INSERT OR IGNORE INTO job_events (job_id, at, kind, actor, data, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)').run(event.jobId, event.at, event.kind, event.actor, JSON.stringify(event.data ?? {}), event.dedupeKey ?? null);
  return result.changes > 0;
}

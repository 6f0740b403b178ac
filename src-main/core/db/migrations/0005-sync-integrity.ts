import type { Migration } from './runner';

/**
 * What the sync engine needs so that no status change and no signed file is lost or doubled:
 * - `unmatched_changes`: status changes for jobs this installation cannot place. They are kept
 *   and not confirmed at the service until they are matched to a job or the administrator
 *   dismisses them (a confirmation would delete them at the service for good).
 * - `accounts.poll_warning`: a poll time the service named that the app did not obey, as JSON.
 * - `jobs.service_reference` (from migration 1) now holds the reference sent with each create,
 *   unique per create, by which a status change settles a job whose create answer was lost.
 * (`jobs.sync_problem`, a problem the job's status does not show, is part of the attention rule
 * of migration 4.)
 */
export const syncIntegrity: Migration = {
  version: 5,
  name: 'sync integrity',
  up(db) {
    db.exec(`
      CREATE TABLE unmatched_changes (
        id TEXT PRIMARY KEY,
        -- The account whose queue delivered it; its client confirms the change when it is dismissed.
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        service_job_id TEXT NOT NULL,
        reference TEXT,
        status TEXT NOT NULL,
        confirmation_url TEXT NOT NULL,
        -- The change as the service sent it (parsed), to apply once it is matched.
        change TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('open','matched','dismissed')),
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        times_seen INTEGER NOT NULL DEFAULT 1,
        resolved_at TEXT,
        matched_job_id TEXT
      ) STRICT;
      CREATE INDEX unmatched_changes_open ON unmatched_changes (first_seen_at) WHERE state = 'open';

      -- Status changes are routed by the service's job id across every account of an organisation.
      CREATE INDEX jobs_by_service_job ON jobs (service_job_id) WHERE service_job_id IS NOT NULL;
      CREATE INDEX jobs_by_service_reference ON jobs (service_reference) WHERE service_reference IS NOT NULL;

      ALTER TABLE accounts ADD COLUMN poll_warning TEXT;
    `);
  },
};

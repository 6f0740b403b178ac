import type { Migration } from './runner';

/**
 * Taking things out of sight without losing them.
 *
 * - `jobs.archived_at`: a finished job moved to the Archived tab. It is a flag, not a deletion: the
 *   job, its event log and its signed files stay. The list's tabs count from `job_status_counts`
 *   (migration 2, which still counts every job); `job_archived_counts` counts the archived ones
 *   the same way, so a tab's count is one subtraction and stays cheap at 100,000 jobs.
 * - `accounts.removed_at`: a removed account. Its row stays because its jobs (and their signed
 *   files) stay in the list, read-only; its secrets are deleted and nothing syncs it any more.
 *   A removed demo account also tells the hosts not to start the demo sandbox again.
 */
export const archiveAndRemoval: Migration = {
  version: 3,
  name: 'archived jobs and removed accounts',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN archived_at TEXT;
      ALTER TABLE accounts ADD COLUMN removed_at TEXT;

      CREATE TABLE job_archived_counts (
        account_id TEXT NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (account_id, status)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER job_archived_counts_insert AFTER INSERT ON jobs WHEN new.archived_at IS NOT NULL BEGIN
        INSERT INTO job_archived_counts (account_id, status, n) VALUES (new.account_id, new.status, 1)
          ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER job_archived_counts_delete AFTER DELETE ON jobs WHEN old.archived_at IS NOT NULL BEGIN
        UPDATE job_archived_counts SET n = n - 1 WHERE account_id = old.account_id AND status = old.status;
      END;
      -- Covers archiving, restoring, and a status or account change of a job while it is archived.
      CREATE TRIGGER job_archived_counts_update AFTER UPDATE OF status, account_id, archived_at ON jobs
        WHEN (old.archived_at IS NOT NULL OR new.archived_at IS NOT NULL)
          AND (old.status IS NOT new.status OR old.account_id IS NOT new.account_id OR (old.archived_at IS NULL) IS NOT (new.archived_at IS NULL)) BEGIN
        UPDATE job_archived_counts SET n = n - 1
          WHERE old.archived_at IS NOT NULL AND account_id = old.account_id AND status = old.status;
        INSERT INTO job_archived_counts (account_id, status, n) SELECT new.account_id, new.status, 1 WHERE new.archived_at IS NOT NULL
          ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
      END;

      -- Every list query says which side of the archive it shows; these keep both sides' pages
      -- index-only walks, whatever share of the jobs is archived (scanned backwards for newest first).
      CREATE INDEX jobs_active_by_updated ON jobs (updated_at, id) WHERE archived_at IS NULL;
      CREATE INDEX jobs_active_by_status_updated ON jobs (status, updated_at, id) WHERE archived_at IS NULL;
      CREATE INDEX jobs_archived_by_updated ON jobs (updated_at, id) WHERE archived_at IS NOT NULL;
    `);
  },
};

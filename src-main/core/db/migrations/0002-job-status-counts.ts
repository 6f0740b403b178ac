import type { Migration } from './runner';

/**
 * The job list shows a count per tab on every page it fetches. Counting 100,000 rows by status each
 * time costs more than the page itself, so the counts are kept up to date by triggers instead.
 */
export const jobStatusCounts: Migration = {
  version: 2,
  name: 'job status counts',
  up(db) {
    db.exec(`
      CREATE TABLE job_status_counts (
        account_id TEXT NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (account_id, status)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO job_status_counts (account_id, status, n)
        SELECT account_id, status, count(*) FROM jobs GROUP BY account_id, status;

      CREATE TRIGGER job_status_counts_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO job_status_counts (account_id, status, n) VALUES (new.account_id, new.status, 1)
          ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER job_status_counts_delete AFTER DELETE ON jobs BEGIN
        UPDATE job_status_counts SET n = n - 1 WHERE account_id = old.account_id AND status = old.status;
      END;
      CREATE TRIGGER job_status_counts_update AFTER UPDATE OF status, account_id ON jobs
        WHEN old.status IS NOT new.status OR old.account_id IS NOT new.account_id BEGIN
        UPDATE job_status_counts SET n = n - 1 WHERE account_id = old.account_id AND status = old.status;
        INSERT INTO job_status_counts (account_id, status, n) VALUES (new.account_id, new.status, 1)
          ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
      END;
    `);
  },
};

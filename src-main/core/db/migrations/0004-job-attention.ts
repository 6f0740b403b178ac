import type { Migration } from './runner';

/**
 * Which jobs need the administrator, decided in one place: `jobs.attention`, a column SQLite
 * computes from the job's own fields, so every writer (outbox, poller, filing, actions) keeps it
 * right without knowing about it. The list filters on it through a partial index and the count per
 * account is kept by triggers, so the Needs attention tab and the tray badge stay cheap at 100,000 jobs.
 *
 * - a job in the outbox whose last attempt failed ('not-sent'; it is retried by itself),
 * - sending interrupted ('outcome-unknown'), refused by the service ('rejected'), failed at the service,
 * - signed but not copied into the save folder ('not-filed'; the archive copy is kept),
 * - a problem the sync engine found that the status alone does not show ('sync-problem': a signed
 *   file that did not verify, a refused download link, ...; JSON in `jobs.sync_problem`, written by
 *   core/sync/sync-problem.ts). An OUTCOME_UNKNOWN job stays 'outcome-unknown'; its sync problem is
 *   the evidence shown with it.
 *
 * An archived job (migration 3) is out of sight by the administrator's choice: it needs nothing.
 *
 * To change the rule, drop and re-add the column (and its index) in a new migration.
 */
export const jobAttention: Migration = {
  version: 4,
  name: 'job attention',
  up(db) {
    db.exec(`
      -- What went wrong with the last send attempt, as the failure reason the UI words (network.reset, ...).
      ALTER TABLE jobs ADD COLUMN last_error_kind TEXT;
      -- JSON {problem, folder, since, detail} while a signed file of the job cannot be filed; else NULL.
      ALTER TABLE jobs ADD COLUMN filing_problem TEXT;
      -- JSON {reason, detail, at} while the sync engine found a problem the status does not show; else NULL.
      ALTER TABLE jobs ADD COLUMN sync_problem TEXT;
      ALTER TABLE jobs ADD COLUMN attention TEXT GENERATED ALWAYS AS (CASE
        WHEN archived_at IS NOT NULL THEN NULL
        WHEN status = 'OUTCOME_UNKNOWN' THEN 'outcome-unknown'
        WHEN status = 'REJECTED_BY_SERVICE' THEN 'rejected'
        WHEN status = 'FAILED' THEN 'failed'
        WHEN status = 'QUEUED' AND last_error_message IS NOT NULL THEN 'not-sent'
        WHEN filing_problem IS NOT NULL THEN 'not-filed'
        WHEN sync_problem IS NOT NULL THEN 'sync-problem'
      END) VIRTUAL;
      CREATE INDEX jobs_needing_attention ON jobs (updated_at DESC, id) WHERE attention IS NOT NULL;

      -- JSON {kind, since, detail} while the account's calls to its service fail; NULL once one succeeds.
      ALTER TABLE accounts ADD COLUMN service_problem TEXT;

      CREATE TABLE job_attention_counts (
        account_id TEXT PRIMARY KEY,
        n INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO job_attention_counts (account_id, n)
        SELECT account_id, count(*) FROM jobs WHERE attention IS NOT NULL GROUP BY account_id;

      CREATE TRIGGER job_attention_counts_insert AFTER INSERT ON jobs WHEN new.attention IS NOT NULL BEGIN
        INSERT INTO job_attention_counts (account_id, n) VALUES (new.account_id, 1)
          ON CONFLICT (account_id) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER job_attention_counts_delete AFTER DELETE ON jobs WHEN old.attention IS NOT NULL BEGIN
        UPDATE job_attention_counts SET n = n - 1 WHERE account_id = old.account_id;
      END;
      CREATE TRIGGER job_attention_counts_update AFTER UPDATE ON jobs
        WHEN old.attention IS NOT new.attention OR old.account_id IS NOT new.account_id BEGIN
        UPDATE job_attention_counts SET n = n - 1 WHERE account_id = old.account_id AND old.attention IS NOT NULL;
        INSERT INTO job_attention_counts (account_id, n) SELECT new.account_id, 1 WHERE new.attention IS NOT NULL
          ON CONFLICT (account_id) DO UPDATE SET n = n + 1;
      END;
    `);
  },
};

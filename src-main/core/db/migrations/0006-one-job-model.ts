import type { Migration } from './runner';

const JOB_STATUS_CHECK = `status IN ('draft','queued','sending','in_progress','completed','rejected','cancelled','expired','failed','outcome_unknown')`;

/** Posten's words were the stored words before the common vocabulary (src-shared/domain/status.ts). */
const COMMON_JOB_STATUS = `CASE status
  WHEN 'DRAFT' THEN 'draft'
  WHEN 'QUEUED' THEN CASE WHEN submit_started_at IS NULL THEN 'queued' ELSE 'sending' END
  WHEN 'OUTCOME_UNKNOWN' THEN 'outcome_unknown'
  WHEN 'REJECTED_BY_SERVICE' THEN 'rejected'
  WHEN 'IN_PROGRESS' THEN 'in_progress'
  WHEN 'COMPLETED_SUCCESSFULLY' THEN 'completed'
  WHEN 'CANCELLED' THEN 'cancelled'
  ELSE 'failed' END`;

/** The service's own word for a job the service has (null for one it never received). */
const SERVICE_JOB_STATUS = `CASE WHEN service_job_id IS NULL THEN NULL
  WHEN status = 'CANCELLED' THEN 'FAILED'
  WHEN status IN ('IN_PROGRESS','COMPLETED_SUCCESSFULLY','FAILED') THEN status END`;

const COMMON_SIGNER_STATUS = `CASE status
  WHEN 'NOT_SENT' THEN 'not_sent'
  WHEN 'WAITING' THEN 'waiting'
  WHEN 'RESERVED' THEN 'waiting'
  WHEN 'SIGNED' THEN 'signed'
  WHEN 'REJECTED' THEN 'rejected'
  WHEN 'CANCELLED' THEN 'cancelled'
  WHEN 'NOT_APPLICABLE' THEN 'cancelled'
  WHEN 'EXPIRED' THEN 'expired'
  ELSE 'failed' END`;

/** Every job's who-needs-the-administrator rule of migration 4, on the common words. */
const ATTENTION = `attention TEXT GENERATED ALWAYS AS (CASE
    WHEN archived_at IS NOT NULL THEN NULL
    WHEN status = 'outcome_unknown' THEN 'outcome-unknown'
    WHEN status = 'rejected' THEN 'rejected'
    WHEN status IN ('failed','expired') THEN 'failed'
    WHEN status = 'queued' AND last_error_message IS NOT NULL THEN 'not-sent'
    WHEN filing_problem IS NOT NULL THEN 'not-filed'
    WHEN sync_problem IS NOT NULL THEN 'sync-problem'
  END) VIRTUAL`;

/**
 * One job model for every service (issue #10).
 *
 * - jobs: `flow` takes the four flows; `status` is the common vocabulary (checked), the service's
 *   own word is `service_status`; the service's links and data (Posten's cancel, delete-documents
 *   and PAdES URLs) move into `provider_data`, JSON only the job's provider reads; `return_hint`
 *   holds what the return listener saw (a signer came back from signing), never proof of a status.
 *   SQLite cannot change a CHECK in place, so the table is rebuilt, keeping every rowid (the search
 *   index points at them), and its indexes, triggers and counts are made again.
 * - signers: `status` in the common words, `service_status` the service's, `remote_ref` the
 *   service's id of the signer, `provider_data` its links (XAdES, the signing address).
 * - artifacts (were downloads): any signed file, `format` pades | xades | signed-pdf, per job, per
 *   signer or per document, `origin` where its provider fetches it. One per job, format, signer and
 *   document: the old UNIQUE let two PAdES rows in, since NULL signer ids never collide.
 * - sync_channels: the queue cursors (next poll time, failures) that were copied onto every
 *   account of a queue; job_checks: when each job is asked about next, for services without a queue.
 * - return_paths: the return listener's unguessable paths, per job or per signer.
 */
export const oneJobModel: Migration = {
  version: 6,
  name: 'one job model',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE jobs_v6 (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE RESTRICT,
        flow TEXT NOT NULL CHECK (flow IN ('portal','direct','restpki','trident')),
        status TEXT NOT NULL CHECK (${JOB_STATUS_CHECK}),
        service_status TEXT,
        title TEXT NOT NULL,
        nonsensitive_title TEXT,
        description TEXT,
        reference TEXT,
        service_job_id TEXT,
        service_reference TEXT,
        provider_data TEXT NOT NULL DEFAULT '{}',
        options TEXT NOT NULL DEFAULT '{}',
        signer_total INTEGER NOT NULL DEFAULT 0,
        signer_signed INTEGER NOT NULL DEFAULT 0,
        active_step INTEGER,
        deadline TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        submit_attempts INTEGER NOT NULL DEFAULT 0,
        next_submit_at TEXT,
        submit_started_at TEXT,
        last_error_code TEXT,
        last_error_message TEXT,
        last_error_kind TEXT,
        last_synced_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        archived_at TEXT,
        filing_problem TEXT,
        sync_problem TEXT,
        return_hint TEXT,
        ${ATTENTION}
      ) STRICT;

      INSERT INTO jobs_v6 (rowid, id, account_id, flow, status, service_status, title, nonsensitive_title, description, reference,
          service_job_id, service_reference, provider_data, options, signer_total, signer_signed, active_step, deadline, search_text,
          submit_attempts, next_submit_at, submit_started_at, last_error_code, last_error_message, last_error_kind, last_synced_at,
          created_at, updated_at, archived_at, filing_problem, sync_problem)
        SELECT rowid, id, account_id, flow, ${COMMON_JOB_STATUS}, ${SERVICE_JOB_STATUS}, title, nonsensitive_title, description, reference,
          service_job_id, service_reference,
          json_patch('{}', json_object('statusUrl', status_url, 'padesUrl', pades_url, 'cancelUrl', cancel_url, 'deleteDocumentsUrl', delete_documents_url)),
          options, signer_total, signer_signed, active_step, deadline, search_text,
          submit_attempts, next_submit_at, submit_started_at, last_error_code, last_error_message, last_error_kind, last_synced_at,
          created_at, updated_at, archived_at, filing_problem, sync_problem
        FROM jobs;

      DROP TABLE jobs;
      ALTER TABLE jobs_v6 RENAME TO jobs;

      CREATE INDEX jobs_by_updated ON jobs (updated_at DESC, id);
      CREATE INDEX jobs_by_status_updated ON jobs (status, updated_at DESC, id);
      CREATE INDEX jobs_by_account_updated ON jobs (account_id, updated_at DESC, id);
      CREATE UNIQUE INDEX jobs_by_service_id ON jobs (account_id, service_job_id) WHERE service_job_id IS NOT NULL;
      CREATE INDEX jobs_outbox ON jobs (next_submit_at) WHERE status = 'queued';
      CREATE INDEX jobs_active_by_updated ON jobs (updated_at, id) WHERE archived_at IS NULL;
      CREATE INDEX jobs_active_by_status_updated ON jobs (status, updated_at, id) WHERE archived_at IS NULL;
      CREATE INDEX jobs_archived_by_updated ON jobs (updated_at, id) WHERE archived_at IS NOT NULL;
      CREATE INDEX jobs_needing_attention ON jobs (updated_at DESC, id) WHERE attention IS NOT NULL;
      CREATE INDEX jobs_by_service_job ON jobs (service_job_id) WHERE service_job_id IS NOT NULL;
      CREATE INDEX jobs_by_service_reference ON jobs (service_reference) WHERE service_reference IS NOT NULL;

      CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO jobs_search (rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN
        INSERT INTO jobs_search (jobs_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER jobs_search_update AFTER UPDATE OF search_text ON jobs BEGIN
        INSERT INTO jobs_search (jobs_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO jobs_search (rowid, search_text) VALUES (new.rowid, new.search_text);
      END;

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

      CREATE TRIGGER job_archived_counts_insert AFTER INSERT ON jobs WHEN new.archived_at IS NOT NULL BEGIN
        INSERT INTO job_archived_counts (account_id, status, n) VALUES (new.account_id, new.status, 1)
          ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER job_archived_counts_delete AFTER DELETE ON jobs WHEN old.archived_at IS NOT NULL BEGIN
        UPDATE job_archived_counts SET n = n - 1 WHERE account_id = old.account_id AND status = old.status;
      END;
      CREATE TRIGGER job_archived_counts_update AFTER UPDATE OF status, account_id, archived_at ON jobs
        WHEN (old.archived_at IS NOT NULL OR new.archived_at IS NOT NULL)
          AND (old.status IS NOT new.status OR old.account_id IS NOT new.account_id OR (old.archived_at IS NULL) IS NOT (new.archived_at IS NULL)) BEGIN
        UPDATE job_archived_counts SET n = n - 1
          WHERE old.archived_at IS NOT NULL AND account_id = old.account_id AND status = old.status;
        INSERT INTO job_archived_counts (account_id, status, n) SELECT new.account_id, new.status, 1 WHERE new.archived_at IS NOT NULL
          ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
      END;

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

      -- The counts follow the new words (and the expired jobs' attention) from scratch.
      DELETE FROM job_status_counts;
      INSERT INTO job_status_counts (account_id, status, n) SELECT account_id, status, count(*) FROM jobs GROUP BY account_id, status;
      DELETE FROM job_archived_counts;
      INSERT INTO job_archived_counts (account_id, status, n)
        SELECT account_id, status, count(*) FROM jobs WHERE archived_at IS NOT NULL GROUP BY account_id, status;
      DELETE FROM job_attention_counts;
      INSERT INTO job_attention_counts (account_id, n) SELECT account_id, count(*) FROM jobs WHERE attention IS NOT NULL GROUP BY account_id;

      ALTER TABLE signers ADD COLUMN service_status TEXT;
      ALTER TABLE signers ADD COLUMN remote_ref TEXT;
      ALTER TABLE signers ADD COLUMN provider_data TEXT NOT NULL DEFAULT '{}';
      UPDATE signers SET service_status = CASE WHEN status = 'NOT_SENT' THEN NULL ELSE status END,
        status = ${COMMON_SIGNER_STATUS},
        provider_data = json_patch('{}', json_object('xadesUrl', xades_url, 'redirectUrl', redirect_url));
      ALTER TABLE signers DROP COLUMN xades_url;
      ALTER TABLE signers DROP COLUMN redirect_url;

      CREATE TABLE artifacts (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        signer_id TEXT REFERENCES signers(id) ON DELETE CASCADE,
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
        format TEXT NOT NULL CHECK (format IN ('pades','xades','signed-pdf')),
        origin TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','archived','filed','failed')),
        archive_path TEXT,
        sha256 TEXT,
        size INTEGER,
        verified INTEGER,
        verification TEXT,
        saved_path TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX artifacts_one_each ON artifacts (job_id, format, coalesce(signer_id, ''), coalesce(document_id, ''));
      CREATE INDEX artifacts_pending ON artifacts (next_attempt_at) WHERE state IN ('pending','archived');
      CREATE INDEX artifacts_by_job ON artifacts (job_id);
      -- Where an earlier version kept two rows of one file, the one furthest along stays.
      INSERT OR IGNORE INTO artifacts (id, job_id, signer_id, document_id, format, origin, state, archive_path, sha256, size, verified, verification,
          saved_path, attempts, next_attempt_at, last_error, created_at, updated_at)
        SELECT id, job_id, signer_id, NULL, kind, url, state, archive_path, sha256, size, verified, verification,
          saved_path, attempts, next_attempt_at, last_error, created_at, updated_at
        FROM downloads ORDER BY CASE state WHEN 'filed' THEN 0 WHEN 'archived' THEN 1 WHEN 'failed' THEN 2 ELSE 3 END, created_at;
      DROP TABLE downloads;

      CREATE TABLE sync_channels (
        key TEXT PRIMARY KEY,
        next_poll_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE job_checks (
        job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
        next_check_at TEXT NOT NULL,
        -- Checked every few seconds until then: a signing address was handed out or a return arrived.
        fast_until TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_checked_at TEXT
      ) STRICT;
      CREATE INDEX job_checks_due ON job_checks (next_check_at);

      -- The return listener's addresses: an unguessable token per job (its exit URLs, as Posten's
      -- direct flow takes) or per signer (one return each). Kept, so an address handed out works
      -- after a restart; a return only ever hints, the service's own status decides.
      CREATE TABLE return_paths (
        token TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        signer_id TEXT REFERENCES signers(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        returned_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX return_paths_one_each ON return_paths (job_id, coalesce(signer_id, ''));
    `);
  },
};

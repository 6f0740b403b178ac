import type { Migration } from './runner';

/**
 * The first schema. Jobs carry denormalised progress and search text so a list of 100,000 jobs
 * pages and filters from indexes alone, without joining signers per row.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL CHECK (provider IN ('posten','restpki','trident')),
        name TEXT NOT NULL,
        environment TEXT NOT NULL,
        api_root TEXT,
        organization_number TEXT,
        polling_queue TEXT,
        config TEXT NOT NULL DEFAULT '{}',
        is_demo INTEGER NOT NULL DEFAULT 0,
        next_poll_at TEXT,
        poll_failures INTEGER NOT NULL DEFAULT 0,
        last_poll_error TEXT,
        last_sync_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE RESTRICT,
        flow TEXT NOT NULL CHECK (flow IN ('portal','direct')),
        status TEXT NOT NULL,
        title TEXT NOT NULL,
        nonsensitive_title TEXT,
        description TEXT,
        reference TEXT,
        service_job_id TEXT,
        service_reference TEXT,
        status_url TEXT,
        pades_url TEXT,
        cancel_url TEXT,
        delete_documents_url TEXT,
        options TEXT NOT NULL DEFAULT '{}',
        signer_total INTEGER NOT NULL DEFAULT 0,
        signer_signed INTEGER NOT NULL DEFAULT 0,
        active_step INTEGER,
        deadline TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        submit_attempts INTEGER NOT NULL DEFAULT 0,
        next_submit_at TEXT,
        -- Set just before the create request goes out and cleared when its answer is stored: still
        -- set at startup means a crash mid-submit, and the job becomes OUTCOME_UNKNOWN.
        submit_started_at TEXT,
        last_error_code TEXT,
        last_error_message TEXT,
        last_synced_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX jobs_by_updated ON jobs (updated_at DESC, id);
      CREATE INDEX jobs_by_status_updated ON jobs (status, updated_at DESC, id);
      CREATE INDEX jobs_by_account_updated ON jobs (account_id, updated_at DESC, id);
      CREATE UNIQUE INDEX jobs_by_service_id ON jobs (account_id, service_job_id) WHERE service_job_id IS NOT NULL;
      CREATE INDEX jobs_outbox ON jobs (next_submit_at) WHERE status = 'QUEUED';

      -- Substring search over title, reference and signers; trigram needs 3+ characters,
      -- shorter queries fall back to a scan of search_text.
      CREATE VIRTUAL TABLE jobs_search USING fts5 (search_text, content='jobs', content_rowid='rowid', tokenize='trigram');
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

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        file_name TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        storage_path TEXT NOT NULL,
        UNIQUE (job_id, position)
      ) STRICT;

      CREATE TABLE signers (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        step INTEGER NOT NULL,
        national_identity_number TEXT,
        email TEXT,
        mobile TEXT,
        name TEXT,
        options TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL,
        status_since TEXT,
        xades_url TEXT,
        redirect_url TEXT,
        UNIQUE (job_id, position)
      ) STRICT;
      CREATE INDEX signers_by_job ON signers (job_id, step);

      CREATE TABLE job_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('service','administrator','app')),
        data TEXT NOT NULL DEFAULT '{}',
        -- Set when a service status change is applied, so re-applying it after a crash is a no-op.
        dedupe_key TEXT UNIQUE
      ) STRICT;
      CREATE INDEX job_events_by_job ON job_events (job_id, id);
      -- The event log is an audit trail: it only grows.
      CREATE TRIGGER job_events_no_update BEFORE UPDATE ON job_events BEGIN
        SELECT RAISE(ABORT, 'job_events is append-only');
      END;

      CREATE TABLE downloads (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        signer_id TEXT REFERENCES signers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('pades','xades')),
        url TEXT NOT NULL,
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
        updated_at TEXT NOT NULL,
        UNIQUE (job_id, kind, signer_id)
      ) STRICT;
      CREATE INDEX downloads_pending ON downloads (next_attempt_at) WHERE state IN ('pending','archived');
    `);
  },
};

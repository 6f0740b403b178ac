import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrations, runMigrations, type Migration } from '../../src-main/core/db/migrations';
import { openDatabase } from '../../src-main/core/db/open';
import { countJobsByFilter, statusesOfFilter } from '../../src-main/core/db/repositories/jobs';
import type { JobStatus } from '../../src-shared/contract';
import { DatabaseFromNewerVersionError, DatabaseUnreadableError } from '../../src-main/core/db/errors';
import { readJobDetail } from '../../src-main/core/jobs/read';
import type { CoreContext } from '../../src-main/core/context';
import { listJobs } from '../../src-main/core/db/repositories/jobs';
import { tempDir } from '../support/core';

test('migration 1 creates every table of the first schema', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations.slice(0, 1));
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  for (const name of ['accounts', 'documents', 'downloads', 'job_events', 'jobs', 'settings', 'signers']) assert.ok(tables.includes(name), name);
  assert.equal(db.pragma('user_version', { simple: true }), 1);
});

test('migration 2 backfills the per-status job counts and triggers keep them equal to a real count', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations.slice(0, 1));
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x'), ('b', 'posten', 'B', 'test', 'x', 'x')").run();
  const insert = db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, created_at, updated_at) VALUES (?, ?, 'portal', ?, 'T', 'x', 'x')");
  const statuses = ['QUEUED', 'IN_PROGRESS', 'FAILED', 'DRAFT'];
  for (let i = 0; i < 40; i++) insert.run(`old-${i}`, i % 3 ? 'a' : 'b', statuses[i % 4]);
  runMigrations(db, migrations.slice(0, 5));
  const counted = () => db.prepare('SELECT account_id, status, count(*) AS n FROM jobs GROUP BY account_id, status ORDER BY 1, 2').all();
  const kept = () => db.prepare('SELECT account_id, status, n FROM job_status_counts WHERE n > 0 ORDER BY 1, 2').all();
  assert.deepEqual(kept(), counted());
  for (let i = 0; i < 30; i++) insert.run(`new-${i}`, i % 2 ? 'a' : 'b', statuses[(i * 7) % 4]);
  db.prepare("UPDATE jobs SET status = 'COMPLETED_SUCCESSFULLY' WHERE id LIKE 'old-1%'").run();
  db.prepare("UPDATE jobs SET account_id = 'a' WHERE id LIKE 'new-2%'").run();
  db.prepare("UPDATE jobs SET title = 'renamed' WHERE id LIKE 'new-%'").run();
  db.prepare("DELETE FROM jobs WHERE status = 'DRAFT'").run();
  assert.deepEqual(kept(), counted());
});

test('signers have had a nullable name since migration 1: existing signers read as unnamed, a refusal names them by contact', () => {
  // Signer names (issue item 6) need no migration of their own: the column was in the first schema.
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations);
  const columns = db.prepare("SELECT name, type, \"notnull\" AS required FROM pragma_table_info('signers') WHERE name = 'name'").all();
  assert.deepEqual(columns, [{ name: 'name', type: 'TEXT', required: 0 }]);
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x')").run();
  db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, created_at, updated_at) VALUES ('j', 'a', 'portal', 'failed', 'T', 'x', 'x')").run();
  // Rows as an older version wrote them: no name, the mobile number as it was sent then.
  const insertSigner = db.prepare("INSERT INTO signers (id, job_id, position, step, email, mobile, status) VALUES (?, 'j', ?, 1, ?, ?, ?)");
  insertSigner.run('s0', 0, 'ola@example.no', null, 'cancelled');
  insertSigner.run('s1', 1, null, '+4798765432', 'rejected');
  const job = readJobDetail({ db, now: () => new Date() } as CoreContext, 'j');
  assert.deepEqual(job.signers.map((s) => s.name), [null, null]);
  assert.deepEqual(job.rejectedBy, { position: 1, name: null, email: null, mobile: '+4798765432' });
  assert.deepEqual(listJobs(db, { filter: 'needsAttention', search: '', offset: 0, limit: 10 }).items.map((j) => j.rejectedBy?.mobile), ['+4798765432']);
});

test('migration 4: attention is computed from the job itself, backfilled, counted by triggers and listed through an index', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations.slice(0, 2));
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x'), ('b', 'posten', 'B', 'test', 'x', 'x')").run();
  const insert = db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, last_error_message, created_at, updated_at) VALUES (?, ?, 'portal', ?, 'T', ?, 'x', 'x')");
  const statuses = ['QUEUED', 'IN_PROGRESS', 'FAILED', 'COMPLETED_SUCCESSFULLY', 'OUTCOME_UNKNOWN', 'REJECTED_BY_SERVICE', 'CANCELLED'];
  for (let i = 0; i < 42; i++) insert.run(`old-${i}`, i % 3 ? 'a' : 'b', statuses[i % 7], i % 2 ? 'connection refused' : null);
  runMigrations(db, migrations.slice(0, 5));

  const attentionOf = (id: string) => (db.prepare('SELECT attention FROM jobs WHERE id = ?').get(id) as { attention: string | null }).attention;
  assert.equal(attentionOf('old-14'), null, 'queued without a failed attempt');
  assert.equal(attentionOf('old-7'), 'not-sent', 'queued after a failed attempt');
  assert.equal(attentionOf('old-2'), 'failed');
  assert.equal(attentionOf('old-4'), 'outcome-unknown');
  assert.equal(attentionOf('old-5'), 'rejected');
  assert.equal(attentionOf('old-3'), null);

  const counted = () => db.prepare('SELECT account_id, count(*) AS n FROM jobs WHERE attention IS NOT NULL GROUP BY account_id ORDER BY 1').all();
  const kept = () => db.prepare('SELECT account_id, n FROM job_attention_counts WHERE n > 0 ORDER BY 1').all();
  assert.deepEqual(kept(), counted());
  for (let i = 0; i < 30; i++) insert.run(`new-${i}`, i % 2 ? 'a' : 'b', statuses[(i * 5) % 7], i % 3 ? null : 'HTTP 503');
  db.prepare("UPDATE jobs SET filing_problem = '{}' WHERE status = 'COMPLETED_SUCCESSFULLY' AND id LIKE 'old-%'").run();
  assert.equal(attentionOf('old-3'), 'not-filed');
  // A problem the sync engine found (a file that did not verify, ...) comes after the status rules:
  // an outcome unknown stays one and carries the problem as its evidence.
  db.prepare("UPDATE jobs SET sync_problem = '{}' WHERE id IN ('old-8', 'old-10', 'old-11', 'old-12')").run();
  assert.equal(attentionOf('old-8'), 'sync-problem', 'in progress, but a link to a signed file was refused');
  assert.equal(attentionOf('old-10'), 'not-filed');
  assert.equal(attentionOf('old-11'), 'outcome-unknown');
  assert.equal(attentionOf('old-12'), 'rejected');
  // An archived job is out of sight by choice: it needs nothing, whatever else is wrong with it, and the count follows.
  db.prepare("UPDATE jobs SET archived_at = 'x', sync_problem = '{}' WHERE id = 'old-2'").run();
  assert.equal(attentionOf('old-2'), null, 'archived');
  db.prepare("UPDATE jobs SET last_error_message = NULL WHERE id LIKE 'new-1%'").run();
  db.prepare("UPDATE jobs SET status = 'IN_PROGRESS', last_error_message = NULL WHERE id = 'old-7'").run();
  assert.equal(attentionOf('old-7'), null, 'sent at last');
  db.prepare("UPDATE jobs SET account_id = 'a' WHERE id LIKE 'new-2%'").run();
  db.prepare("UPDATE jobs SET filing_problem = NULL WHERE id = 'old-3'").run();
  db.prepare("UPDATE jobs SET sync_problem = NULL WHERE id = 'old-8'").run();
  assert.equal(attentionOf('old-8'), null);
  db.prepare("DELETE FROM jobs WHERE status = 'FAILED' AND id LIKE 'new-%'").run();
  assert.deepEqual(kept(), counted());

  const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE attention IS NOT NULL ORDER BY updated_at DESC LIMIT 100").all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(plan, /jobs_needing_attention/);
});

test('migration 5: unmatched changes are kept once per change; accounts carry poll warnings; routing uses indexes', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations.slice(0, 4));
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x')").run();
  db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, service_reference, created_at, updated_at) VALUES ('old', 'a', 'portal', 'COMPLETED_SUCCESSFULLY', 'T', 'R', 'x', 'x')").run();
  runMigrations(db, migrations.slice(0, 5));
  assert.equal((db.prepare("SELECT attention FROM jobs WHERE id = 'old'").get() as { attention: string | null }).attention, null);
  assert.equal((db.prepare("SELECT poll_warning FROM accounts WHERE id = 'a'").get() as { poll_warning: string | null }).poll_warning, null);
  const keep = db.prepare(
    `INSERT INTO unmatched_changes (id, account_id, service_job_id, status, confirmation_url, change, dedupe_key, state, first_seen_at, last_seen_at)
     VALUES (?, 'a', '7', 'IN_PROGRESS', 'u', '{}', 'same-change', 'open', 'x', 'x') ON CONFLICT (dedupe_key) DO UPDATE SET times_seen = times_seen + 1`,
  );
  keep.run('u1');
  keep.run('u2');
  assert.deepEqual(db.prepare('SELECT id, times_seen FROM unmatched_changes').all(), [{ id: 'u1', times_seen: 2 }]);
  assert.throws(() => db.prepare("UPDATE unmatched_changes SET state = 'forgotten'").run(), /CHECK/);
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(plan("SELECT id FROM jobs WHERE service_job_id = '7'"), /jobs_by_service_job/);
  assert.match(plan("SELECT id FROM jobs WHERE service_reference = 'R'"), /jobs_by_service_reference/);
});

test('migration 1: the job event log is append-only', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations);
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x')").run();
  db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, created_at, updated_at) VALUES ('j', 'a', 'portal', 'queued', 'T', 'x', 'x')").run();
  db.prepare("INSERT INTO job_events (job_id, at, kind, actor) VALUES ('j', 'x', 'created', 'administrator')").run();
  assert.throws(() => db.prepare("UPDATE job_events SET kind = 'forged'").run(), /append-only/);
});

test('migration 1: the job list query uses an index, not a table scan', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations);
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(plan("SELECT id FROM jobs WHERE status IN ('QUEUED','IN_PROGRESS') ORDER BY updated_at DESC LIMIT 100"), /jobs_by_status_updated/);
  assert.match(plan('SELECT id FROM jobs ORDER BY updated_at DESC LIMIT 100'), /jobs_by_updated/);
  assert.match(plan("SELECT id FROM jobs WHERE account_id = 'a' ORDER BY updated_at DESC LIMIT 100"), /jobs_by_account_updated/);
});

test('all pending migrations run in one transaction: a failing step leaves the file as it was', () => {
  const db = new BetterSqlite3(':memory:');
  const broken: Migration = { version: 90, name: 'broken', up: (d) => d.exec('CREATE TABLE half (x); SELECT * FROM missing_table;') };
  assert.throws(() => runMigrations(db, [...migrations, broken]));
  assert.equal(db.pragma('user_version', { simple: true }), 0);
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('jobs','half')").get() as { n: number }).n, 0);
});

test('migrations run once: a second run is a no-op', () => {
  const db = new BetterSqlite3(':memory:');
  let runs = 0;
  const counted: Migration = { version: 90, name: 'counted', up: () => void runs++ };
  runMigrations(db, [...migrations, counted]);
  runMigrations(db, [...migrations, counted]);
  assert.equal(runs, 1);
  assert.equal(db.pragma('user_version', { simple: true }), 90);
});

test('a database from a newer version is refused and not changed', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'db.sqlite');
    const future = new BetterSqlite3(path);
    future.pragma('user_version = 99');
    future.close();
    const before = readFileSync(path);
    assert.throws(() => openDatabase(path), (error: unknown) => error instanceof DatabaseFromNewerVersionError && /newer version/.test(error.message));
    assert.deepEqual(readFileSync(path), before);
  } finally {
    dir.remove();
  }
});

test('a file that is not a database gives a clear error and is left untouched', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'db.sqlite');
    writeFileSync(path, 'this is not a database, it is a shopping list\n'.repeat(200));
    const before = readFileSync(path);
    assert.throws(() => openDatabase(path), (error: unknown) => error instanceof DatabaseUnreadableError && /cannot be read/.test(error.message));
    assert.deepEqual(readFileSync(path), before);
  } finally {
    dir.remove();
  }
});

test('a SQLite file with a damaged body gives a clear error', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'db.sqlite');
    const db = openDatabase(path);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(path);
    bytes.fill(0xab, 100, bytes.length);
    writeFileSync(path, bytes);
    assert.throws(() => openDatabase(path), DatabaseUnreadableError);
    assert.deepEqual(readFileSync(path), bytes);
  } finally {
    dir.remove();
  }
});

test('the database opens in WAL mode with foreign keys on', () => {
  const dir = tempDir();
  try {
    const db = openDatabase(join(dir.path, 'db.sqlite'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 1000);
    db.close();
  } finally {
    dir.remove();
  }
});

test('migration 3: archived jobs are counted by triggers, the counts of migration 2 stay right, and each tab counts from them', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations.slice(0, 2));
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x'), ('b', 'posten', 'B', 'test', 'x', 'x')").run();
  const insert = db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, created_at, updated_at) VALUES (?, ?, 'portal', ?, 'T', 'x', 'x')");
  const statuses = ['COMPLETED_SUCCESSFULLY', 'IN_PROGRESS', 'FAILED', 'DRAFT', 'CANCELLED'];
  for (let i = 0; i < 50; i++) insert.run(`old-${i}`, i % 3 ? 'a' : 'b', statuses[i % 5]);
  runMigrations(db, migrations.slice(0, 5));
  assert.equal(db.pragma('user_version', { simple: true }), 5);
  assert.equal((db.prepare('SELECT count(*) AS n FROM jobs WHERE archived_at IS NOT NULL').get() as { n: number }).n, 0, 'nothing is archived by the migration');
  assert.equal((db.prepare('SELECT count(*) AS n FROM accounts WHERE removed_at IS NOT NULL').get() as { n: number }).n, 0, 'nothing is removed by the migration');

  const countedAll = () => db.prepare('SELECT account_id, status, count(*) AS n FROM jobs GROUP BY account_id, status ORDER BY 1, 2').all();
  const keptAll = () => db.prepare('SELECT account_id, status, n FROM job_status_counts WHERE n > 0 ORDER BY 1, 2').all();
  const countedArchived = () => db.prepare('SELECT account_id, status, count(*) AS n FROM jobs WHERE archived_at IS NOT NULL GROUP BY account_id, status ORDER BY 1, 2').all();
  const keptArchived = () => db.prepare('SELECT account_id, status, n FROM job_archived_counts WHERE n > 0 ORDER BY 1, 2').all();
  const check = (when: string) => {
    assert.deepEqual(keptAll(), countedAll(), `job_status_counts ${when}`);
    assert.deepEqual(keptArchived(), countedArchived(), `job_archived_counts ${when}`);
    // What the job list's tabs show, from the count tables alone, against counting the rows.
    for (const accountId of [undefined, 'a', 'b']) {
      const rows = db.prepare(`SELECT status, archived_at IS NOT NULL AS archived, attention IS NOT NULL AS attention FROM jobs ${accountId ? 'WHERE account_id = ?' : ''}`).all(...(accountId ? [accountId] : [])) as { status: JobStatus; archived: number; attention: number }[];
      const expected = { all: 0, inProgress: 0, needsAttention: 0, completed: 0, drafts: 0, archived: 0 };
      for (const row of rows) {
        if (row.archived) {
          expected.archived++;
          continue;
        }
        expected.all++;
        if (row.attention) expected.needsAttention++;
        for (const [filter, list] of Object.entries(statusesOfFilter)) if (list.includes(row.status)) expected[filter as keyof typeof statusesOfFilter]++;
      }
      assert.deepEqual(countJobsByFilter(db, accountId), expected, `tab counts ${when} (${accountId ?? 'all accounts'})`);
    }
  };
  check('after the migration');

  db.prepare("UPDATE jobs SET archived_at = 'y' WHERE status IN ('COMPLETED_SUCCESSFULLY', 'CANCELLED') AND id LIKE 'old-1%'").run();
  db.prepare("UPDATE jobs SET archived_at = 'y' WHERE id = 'old-2'").run();
  check('after archiving');
  db.prepare("UPDATE jobs SET archived_at = 'z' WHERE archived_at IS NOT NULL").run();
  db.prepare("UPDATE jobs SET status = 'FAILED' WHERE id IN ('old-10', 'old-2')").run();
  db.prepare("UPDATE jobs SET account_id = 'b' WHERE id = 'old-14'").run();
  db.prepare("UPDATE jobs SET title = 'renamed' WHERE archived_at IS NOT NULL").run();
  check('after an archived job changed');
  for (let i = 0; i < 12; i++) db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, archived_at, created_at, updated_at) VALUES (?, 'a', 'portal', 'FAILED', 'T', ?, 'x', 'x')").run(`new-${i}`, i % 2 ? 'y' : null);
  check('after inserting archived and active jobs');
  db.prepare("UPDATE jobs SET archived_at = NULL WHERE id IN ('old-10', 'new-1')").run();
  db.prepare("DELETE FROM jobs WHERE id IN ('new-3', 'new-4', 'old-15')").run();
  check('after restoring and deleting');
  assert.ok(countJobsByFilter(db).archived > 0);
});

test('migration 3: each side of the archive pages from its own partial index', () => {
  const db = new BetterSqlite3(':memory:');
  runMigrations(db, migrations);
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  assert.match(plan('SELECT id FROM jobs WHERE archived_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 100'), /jobs_active_by_updated/);
  assert.match(plan("SELECT id FROM jobs WHERE archived_at IS NULL AND status IN ('QUEUED','IN_PROGRESS') ORDER BY updated_at DESC, id DESC LIMIT 100"), /jobs_active_by_status_updated/);
  const archived = plan('SELECT id FROM jobs WHERE archived_at IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT 100');
  assert.match(archived, /jobs_archived_by_updated/);
  assert.doesNotMatch(archived, /TEMP B-TREE/, 'the archive is read in order, without sorting');
});

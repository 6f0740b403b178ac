import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { migrations, runMigrations } from '../../src-main/core/db/migrations';
import { openDatabase } from '../../src-main/core/db/open';
import { countJobsByFilter, listJobs } from '../../src-main/core/db/repositories/jobs';
import { readJobDetail } from '../../src-main/core/jobs/read';
import type { CoreContext } from '../../src-main/core/context';
import { tempDir } from '../support/core';

/**
 * A database as the version before migration 6 wrote it (migrations 1–5, Posten's words as the
 * stored statuses), with a job in every state it could hold.
 */
function databaseOfTheVersionBefore(path: string): void {
  const db = new BetterSqlite3(path);
  db.pragma('foreign_keys = ON');
  runMigrations(db, migrations.slice(0, 5));
  db.prepare("INSERT INTO accounts (id, provider, name, environment, api_root, organization_number, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'https://x/api', '123456789', 'x', 'x')").run();
  const job = db.prepare(
    `INSERT INTO jobs (id, account_id, flow, status, title, reference, service_job_id, service_reference, status_url, pades_url, cancel_url, delete_documents_url,
       signer_total, signer_signed, search_text, submit_started_at, last_error_message, archived_at, filing_problem, created_at, updated_at)
     VALUES (@id, 'a', 'portal', @status, @title, NULL, @serviceJobId, @ref, NULL, @pades, @cancel, @delete, 2, @signed, @search, @started, @error, @archived, @filing, 'x', @updated)`,
  );
  const row = (id: string, status: string, extra: Partial<Record<string, string | number | null>> = {}) =>
    job.run({ id, status, title: `Job ${id}`, serviceJobId: null, ref: null, pades: null, cancel: null, delete: null, signed: 0, search: `job ${id} kari`, started: null, error: null, archived: null, filing: null, updated: `2026-01-01T00:00:0${id.length}Z`, ...extra });
  row('draft', 'DRAFT');
  row('queued', 'QUEUED');
  row('queued-failing', 'QUEUED', { error: 'HTTP 503' });
  row('sending', 'QUEUED', { started: '2026-01-01T00:00:00Z' });
  row('unknown', 'OUTCOME_UNKNOWN', { ref: 'sd-1' });
  row('refused', 'REJECTED_BY_SERVICE', { error: 'INVALID_BUNDLE' });
  row('open', 'IN_PROGRESS', { serviceJobId: '1', cancel: 'https://x/api/cancel/1' });
  row('done', 'COMPLETED_SUCCESSFULLY', { serviceJobId: '2', pades: 'https://x/api/pades/2', delete: 'https://x/api/delete/2', signed: 2 });
  row('refusedby', 'FAILED', { serviceJobId: '3' });
  row('expired', 'FAILED', { serviceJobId: '4' });
  row('cancelled', 'CANCELLED', { serviceJobId: '5' });
  row('archived', 'COMPLETED_SUCCESSFULLY', { serviceJobId: '6', archived: '2026-02-01T00:00:00Z', signed: 2 });
  row('notfiled', 'COMPLETED_SUCCESSFULLY', { serviceJobId: '7', filing: '{"reason":"file.folderMissing"}', signed: 2 });
  const signer = db.prepare("INSERT INTO signers (id, job_id, position, step, email, status, xades_url, redirect_url) VALUES (?, ?, ?, 1, 'kari@example.no', ?, ?, NULL)");
  for (const id of ['draft', 'queued', 'queued-failing', 'sending', 'unknown', 'refused']) signer.run(`${id}-0`, id, 0, 'NOT_SENT', null);
  signer.run('open-0', 'open', 0, 'RESERVED', null);
  signer.run('open-1', 'open', 1, 'WAITING', null);
  signer.run('done-0', 'done', 0, 'SIGNED', 'https://x/api/xades/2/0');
  signer.run('refusedby-0', 'refusedby', 0, 'REJECTED', null);
  signer.run('refusedby-1', 'refusedby', 1, 'NOT_APPLICABLE', null);
  signer.run('expired-0', 'expired', 0, 'EXPIRED', null);
  signer.run('cancelled-0', 'cancelled', 0, 'CANCELLED', null);
  signer.run('archived-0', 'archived', 0, 'BLOCKED', null);
  const download = db.prepare("INSERT INTO downloads (id, job_id, signer_id, kind, url, state, saved_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'x')");
  download.run('d-pades-pending', 'done', null, 'pades', 'https://x/api/pades/2', 'pending', null, '2026-01-01');
  // The old UNIQUE let a second PAdES row of one job in (NULL signer ids never collide); the filed one is kept.
  download.run('d-pades-filed', 'done', null, 'pades', 'https://x/api/pades/2', 'filed', '/save/done.pdf', '2026-01-02');
  download.run('d-xades', 'done', 'done-0', 'xades', 'https://x/api/xades/2/0', 'archived', null, '2026-01-01');
  db.prepare("INSERT INTO job_events (job_id, at, kind, actor, data, dedupe_key) VALUES ('done', 'x', 'status-change', 'service', '{\"status\":\"COMPLETED_SUCCESSFULLY\"}', 'k1')").run();
  db.close();
}

test('migration 6 carries every job of the version before into the one job model: statuses, links, signers, files, counts, search', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'signing-desk.sqlite');
    databaseOfTheVersionBefore(path);
    const db = openDatabase(path);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are on again after the rebuild');
    assert.deepEqual(db.pragma('foreign_key_check'), []);

    const statuses = Object.fromEntries((db.prepare('SELECT id, status FROM jobs').all() as { id: string; status: string }[]).map((r) => [r.id, r.status]));
    assert.deepEqual(statuses, {
      draft: 'draft',
      queued: 'queued',
      'queued-failing': 'queued',
      sending: 'sending',
      unknown: 'outcome_unknown',
      refused: 'rejected',
      open: 'in_progress',
      done: 'completed',
      refusedby: 'failed',
      expired: 'failed',
      cancelled: 'cancelled',
      archived: 'completed',
      notfiled: 'completed',
    });
    const job = (id: string) => db.prepare('SELECT service_status, provider_data, attention FROM jobs WHERE id = ?').get(id) as { service_status: string | null; provider_data: string; attention: string | null };
    assert.deepEqual(JSON.parse(job('done').provider_data), { padesUrl: 'https://x/api/pades/2', deleteDocumentsUrl: 'https://x/api/delete/2' });
    assert.deepEqual(JSON.parse(job('open').provider_data), { cancelUrl: 'https://x/api/cancel/1' });
    assert.deepEqual(JSON.parse(job('queued').provider_data), {});
    assert.equal(job('done').service_status, 'COMPLETED_SUCCESSFULLY');
    assert.equal(job('queued').service_status, null);
    assert.deepEqual(
      ['queued-failing', 'unknown', 'refused', 'refusedby', 'notfiled', 'archived', 'open'].map((id) => job(id).attention),
      ['not-sent', 'outcome-unknown', 'rejected', 'failed', 'not-filed', null, null],
    );

    const signers = db.prepare('SELECT id, status, service_status, provider_data FROM signers ORDER BY id').all() as { id: string; status: string; service_status: string | null; provider_data: string }[];
    const signer = (id: string) => signers.find((s) => s.id === id)!;
    assert.deepEqual([signer('open-0').status, signer('open-0').service_status], ['waiting', 'RESERVED']);
    assert.deepEqual([signer('refusedby-1').status, signer('archived-0').status, signer('queued-0').status], ['cancelled', 'failed', 'not_sent']);
    assert.equal(signer('queued-0').service_status, null);
    assert.deepEqual(JSON.parse(signer('done-0').provider_data), { xadesUrl: 'https://x/api/xades/2/0' });

    const artifacts = db.prepare('SELECT id, format, origin, state FROM artifacts ORDER BY id').all();
    assert.deepEqual(artifacts, [
      { id: 'd-pades-filed', format: 'pades', origin: 'https://x/api/pades/2', state: 'filed' },
      { id: 'd-xades', format: 'xades', origin: 'https://x/api/xades/2/0', state: 'archived' },
    ]);
    assert.throws(() => db.prepare("INSERT INTO artifacts (id, job_id, format, origin, state, created_at, updated_at) VALUES ('again', 'done', 'pades', 'u', 'pending', 'x', 'x')").run(), /UNIQUE/);

    // The counts behind the tabs equal a count of the rows, and keep equal under the triggers made again.
    const counted = () => db.prepare('SELECT account_id, status, count(*) AS n FROM jobs GROUP BY 1, 2 ORDER BY 1, 2').all();
    const kept = () => db.prepare('SELECT account_id, status, n FROM job_status_counts WHERE n > 0 ORDER BY 1, 2').all();
    assert.deepEqual(kept(), counted());
    assert.deepEqual(countJobsByFilter(db, 'a'), { all: 12, inProgress: 4, needsAttention: 6, completed: 2, drafts: 1, archived: 1 });
    db.prepare("UPDATE jobs SET status = 'cancelled' WHERE id = 'queued'").run();
    assert.deepEqual(kept(), counted());

    // Search still finds jobs by the rowids the full-text index holds.
    assert.deepEqual(listJobs(db, { filter: 'all', search: 'refusedby', offset: 0, limit: 10 }).items.map((j) => j.id), ['refusedby']);
    assert.equal(listJobs(db, { filter: 'all', search: 'kari', offset: 0, limit: 50 }).items.length, 12);

    // The event log kept its entries (and is still append-only), and a job reads in full.
    assert.equal((db.prepare("SELECT count(*) AS n FROM job_events WHERE job_id = 'done'").get() as { n: number }).n, 1);
    assert.throws(() => db.prepare("UPDATE job_events SET kind = 'x'").run(), /append-only/);
    const detail = readJobDetail({ db, now: () => new Date('2026-03-01T00:00:00Z') } as CoreContext, 'done');
    assert.equal(detail.status, 'completed');
    assert.equal(detail.serviceStatus, 'COMPLETED_SUCCESSFULLY');
    assert.deepEqual(detail.downloads.map((d) => [d.kind, d.state]), [['xades', 'archived'], ['pades', 'filed']]);
    assert.equal(readJobDetail({ db, now: () => new Date() } as CoreContext, 'open').canCancel, true);
    assert.throws(() => db.prepare("UPDATE jobs SET status = 'COMPLETED_SUCCESSFULLY' WHERE id = 'done'").run(), /CHECK/);
    db.close();
  } finally {
    dir.remove();
  }
});

test('a migration that rebuilds tables leaves nothing changed when a reference would break', () => {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  runMigrations(db, migrations.slice(0, 5));
  db.prepare("INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('a', 'posten', 'A', 'test', 'x', 'x')").run();
  db.prepare("INSERT INTO jobs (id, account_id, flow, status, title, created_at, updated_at) VALUES ('j', 'a', 'portal', 'QUEUED', 'T', 'x', 'x')").run();
  const dropsJobs = { version: 6, name: 'drops a referenced row', rebuildsTables: true, up: (d: typeof db) => d.exec("DELETE FROM accounts WHERE id = 'a'") };
  assert.throws(() => runMigrations(db, [...migrations.slice(0, 5), dropsJobs]), /broken references/);
  assert.equal(db.pragma('user_version', { simple: true }), 5);
  assert.equal((db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n, 1);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
});

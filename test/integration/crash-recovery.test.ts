import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningSandbox } from '../../sandbox';
import type { AccountDetail } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-crash-');
const appDir = join(dir.path, 'app');
const worker = fileURLToPath(new URL('../support/sync-worker.ts', import.meta.url));
let sandbox: RunningSandbox;
let account: AccountDetail;

function startWorker(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', worker, appDir], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Reads the app's database from outside the worker (WAL lets a second connection read). */
function query<T>(sql: string, ...params: unknown[]): T {
  const db = new BetterSqlite3(join(appDir, 'signing-desk.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function createJob(title: string): Promise<string> {
  const core = createTestCore(appDir, { durableSecrets: true });
  try {
    const staged = await call(core, 'documents.stage', { fileName: 'a.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
    const job = await call(core, 'jobs.create', { flow: 'portal', 
      accountId: account.id,
      title,
      documents: [{ stagedId: staged.id, title: 'Avtale' }],
      signers: [{ email: 'kari@example.no', step: 1 }],
    });
    return job.id;
  } finally {
    await core.close();
  }
}

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  const core = createTestCore(appDir, { durableSecrets: true });
  account = await addSandboxAccount(core, sandbox);
  await core.close();
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

test('killed between committing a status change and confirming it: nothing lost, nothing duplicated', async () => {
  const jobId = await createJob('Crash between commit and confirm');
  const setup = createTestCore(appDir, { durableSecrets: true });
  await call(setup, 'sync.run', {});
  const serviceJobId = (await call(setup, 'jobs.get', { id: jobId })).serviceJobId;
  await setup.close();
  await control(sandbox, 'POST', `/jobs/${serviceJobId}/signers/0/sign`);
  // The confirmation hangs, so the worker is certainly between commit and confirm when it dies.
  await control(sandbox, 'POST', '/faults', { match: 'POST /.*/complete$', kind: 'delay', delayMs: 60_000, times: 1 });

  const child = startWorker();
  await waitFor(() => query<{ status: string }>('SELECT status FROM jobs WHERE id = ?', jobId).status === 'completed', 'the change to be committed');
  await killed(child);
  await control(sandbox, 'DELETE', '/faults');
  const eventsBefore = query<{ n: number }>("SELECT count(*) AS n FROM job_events WHERE job_id = ? AND kind = 'status-change'", jobId).n;
  assert.equal(eventsBefore, 1);

  // The service re-delivers the unconfirmed change after its timeout; the restarted app re-applies it as a no-op.
  await control(sandbox, 'POST', '/clock/advance', { seconds: 601 });
  const restarted = createTestCore(appDir, { durableSecrets: true });
  try {
    const report = await call(restarted, 'sync.run', {});
    assert.deepEqual(report.errors, []);
    const detail = await call(restarted, 'jobs.get', { id: jobId });
    assert.equal(detail.status, 'completed');
    assert.equal(detail.events.filter((e) => e.kind === 'status-change').length, 1, 'the re-delivered change added nothing');
    assert.equal(detail.events.filter((e) => e.kind === 'signer-status').length, 1);
    assert.equal(detail.downloads.filter((d) => d.kind === 'pades').length, 1);
    // Confirmed now: the queue is empty.
    const again = await call(restarted, 'sync.run', {});
    assert.equal(again.statusChanges, 0);
  } finally {
    await restarted.close();
  }
});

test('killed while the create request is in flight: the job is never silently sent twice', async () => {
  const jobId = await createJob('Crash during submit');
  await control(sandbox, 'POST', '/faults', { match: 'POST /.*/portal/signature-jobs$', kind: 'delay', delayMs: 60_000, times: 1 });
  const child = startWorker();
  await waitFor(() => query<{ s: string | null }>('SELECT submit_started_at AS s FROM jobs WHERE id = ?', jobId).s !== null, 'the submit to start');
  await killed(child);
  await control(sandbox, 'DELETE', '/faults');

  const restarted = createTestCore(appDir, { durableSecrets: true });
  try {
    await call(restarted, 'sync.run', {});
    const detail = await call(restarted, 'jobs.get', { id: jobId });
    assert.equal(detail.status, 'outcome_unknown');
    assert.match(detail.lastErrorMessage ?? '', /stopped while this job was being sent/);
    const attention = await call(restarted, 'jobs.list', { filter: 'needsAttention' });
    assert.ok(attention.items.some((job) => job.id === jobId));
    assert.equal(detail.attention?.reason, 'outcome-unknown');
    assert.equal(detail.syncProblem?.reason, 'outcome-unknown-interrupted', 'the evidence');
    // The administrator decides to send it again, which needs the duplicate risk accepted.
    const refused = await restarted.dispatch('jobs.retrySubmit', { id: jobId });
    assert.equal(refused.ok, false);
    await call(restarted, 'jobs.retrySubmit', { id: jobId, acceptDuplicateRisk: true });
    await call(restarted, 'sync.run', {});
    assert.equal((await call(restarted, 'jobs.get', { id: jobId })).status, 'in_progress');
  } finally {
    await restarted.close();
  }
});

test('a second process on the same data folder neither syncs nor mistakes a submit in flight for a crash', async () => {
  const jobId = await createJob('Submit in flight');
  await control(sandbox, 'POST', '/faults', { match: 'POST /.*/portal/signature-jobs$', kind: 'delay', delayMs: 3_000, times: 1 });
  const syncing = createTestCore(appDir, { durableSecrets: true });
  const looking = createTestCore(appDir, { durableSecrets: true });
  try {
    const pass = syncing.sync.runPass();
    await waitFor(() => query<{ s: string | null }>('SELECT submit_started_at AS s FROM jobs WHERE id = ?', jobId).s !== null, 'the submit to start');
    const second = await call(looking, 'sync.run', {});
    assert.match(second.errors.join(' '), /Another Signing Desk .* is syncing this data folder/);
    assert.equal((await call(looking, 'jobs.get', { id: jobId })).status, 'sending');
    await pass;
    assert.equal((await call(looking, 'jobs.get', { id: jobId })).status, 'in_progress');
  } finally {
    await looking.close();
    await syncing.close();
  }
  // Once the first has stopped, the second may sync.
  const after = createTestCore(appDir, { durableSecrets: true });
  try {
    assert.deepEqual((await call(after, 'sync.run', {})).errors, []);
  } finally {
    await after.close();
  }
});

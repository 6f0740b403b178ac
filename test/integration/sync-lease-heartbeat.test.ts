// One process syncs a data folder at a time, also when a pass outlasts the lease it took (a 200 MB
// upload on a slow line): the pass renews the lease while it runs, and a pass whose lease another
// process took meanwhile starts no further submit. The create request is held open in front of the
// sandbox (test/support/hostile-service.ts) until the test lets it through; the lease is shortened
// to a few seconds (`syncLeaseMs`) so the pass outlasts it on the real clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningSandbox } from '../../sandbox';
import type { AccountDetail, JobDetail } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { startHostileService, type HostileService } from '../support/hostile-service';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const LEASE_MS = 3_000;
const dir = tempDir('sd-lease-heartbeat-');
let sandbox: RunningSandbox;
let hostile: HostileService;

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  hostile = await startHostileService(sandbox);
});
after(async () => {
  await hostile.close();
  await sandbox.close();
  dir.remove();
});

type TestCore = ReturnType<typeof createTestCore>;
const coreOn = (dataDir: string): TestCore => createTestCore(dataDir, { durableSecrets: true, config: { syncLeaseMs: LEASE_MS } });
const serviceJobCount = async () => ((await control(sandbox, 'GET', '/jobs')) as unknown[]).length;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The lease as stored in the data folder's database, read over a connection of its own. */
function storedLease(dataDir: string): { owner: string; expiresAt: string } {
  const db = new BetterSqlite3(join(dataDir, 'signing-desk.sqlite'), { readonly: true });
  try {
    return JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'sync.lease'").get() as { value: string }).value) as { owner: string; expiresAt: string };
  } finally {
    db.close();
  }
}

async function composeJob(core: TestCore, account: AccountDetail, title: string): Promise<JobDetail> {
  const staged = await call(core, 'documents.stage', { fileName: 'a.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
  return call(core, 'jobs.create', { flow: 'portal',  accountId: account.id, title, documents: [{ stagedId: staged.id, title: 'Avtale' }], signers: [{ email: 'kari@example.no', step: 1 }] });
}

/** Holds the next create at the service's door until `release()`; `arrived` resolves once it is there. */
function holdNextCreate(): { arrived: Promise<void>; release(): void } {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  hostile.tamper(
    'POST /portal/signature-jobs$',
    async (exchange) => {
      arrive();
      await released;
      exchange.reply(await exchange.forward());
    },
    1,
  );
  return { arrived, release };
}

test('a pass that outlasts the lease keeps it: a second process neither syncs nor takes the job being sent for a crash', async () => {
  const dataDir = join(dir.path, 'outlasts');
  const syncing = coreOn(dataDir);
  const looking = coreOn(dataDir);
  const create = holdNextCreate();
  try {
    const account = await addSandboxAccount(syncing, { ...sandbox, info: { ...sandbox.info, apiRoot: hostile.apiRoot } });
    const job = await composeJob(syncing, account, 'A long upload');
    const createsBefore = await serviceJobCount();

    const pass = syncing.sync.runPass();
    await create.arrived;
    const whileSending = await call(looking, 'jobs.get', { id: job.id });
    const firstTerm = Date.parse(storedLease(dataDir).expiresAt);
    // The pass is still sending when the lease it took at its start has run out.
    await waitFor(() => Date.now() > firstTerm + 100, 'the pass to outlast its first lease term');

    const second = await looking.sync.runPass();
    assert.match(second.errors.join(' '), /Another Signing Desk .* is syncing this data folder/);
    assert.equal(second.syncedElsewhere?.pid, process.pid);
    const meanwhile = await call(looking, 'jobs.get', { id: job.id });
    assert.equal(meanwhile.status, whileSending.status, 'not taken for a send cut off by a crash');
    assert.equal(meanwhile.attention, null);
    assert.ok(Date.parse(storedLease(dataDir).expiresAt) > firstTerm, 'the running pass renewed the lease');

    create.release();
    const first = await pass;
    assert.deepEqual(first.errors, []);
    assert.equal(first.submitted, 1);
    const sent = await call(looking, 'jobs.get', { id: job.id });
    assert.ok(sent.serviceJobId, 'the job has its service id');
    assert.equal(sent.attention, null);
    assert.equal((await serviceJobCount()) - createsBefore, 1, 'sent once, nobody sent it beside');
  } finally {
    create.release();
    await looking.close();
    await syncing.close();
  }
});

test('a pass whose lease another process took meanwhile starts no further submit', async () => {
  const dataDir = join(dir.path, 'taken-over');
  const syncing = coreOn(dataDir);
  const create = holdNextCreate();
  try {
    const account = await addSandboxAccount(syncing, { ...sandbox, info: { ...sandbox.info, apiRoot: hostile.apiRoot } });
    const first = await composeJob(syncing, account, 'First in the outbox');
    const second = await composeJob(syncing, account, 'Second in the outbox');
    const createsBefore = await serviceJobCount();

    const pass = syncing.sync.runPass();
    await create.arrived;
    // Another process took the lease over, as it may after this one went silent past the expiry
    // (a laptop asleep mid-pass): it now owns the outbox.
    const db = new BetterSqlite3(join(dataDir, 'signing-desk.sqlite'));
    try {
      const takeover = { owner: 'another-process', pid: process.pid, host: hostname(), expiresAt: new Date(Date.now() + 60 * LEASE_MS).toISOString() };
      db.prepare("UPDATE settings SET value = ? WHERE key = 'sync.lease'").run(JSON.stringify(takeover));
    } finally {
      db.close();
    }
    create.release();
    const report = await pass;

    assert.equal(report.submitted, 1, 'the submit already in flight finishes');
    assert.ok((await call(syncing, 'jobs.get', { id: first.id })).serviceJobId);
    const untouched = await call(syncing, 'jobs.get', { id: second.id });
    assert.equal(untouched.status, second.status, 'the second job is left in the outbox for the process that syncs now');
    assert.ok(!untouched.serviceJobId);
    assert.equal((await serviceJobCount()) - createsBefore, 1, 'only the first job reached the service');
    assert.equal(storedLease(dataDir).owner, 'another-process', 'the lease stays with the process that took it');
  } finally {
    create.release();
    await syncing.close();
  }
});

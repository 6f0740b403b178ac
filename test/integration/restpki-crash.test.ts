// Rest PKI Core and a process killed while a session's create request is out (the pattern of
// crash-recovery.test.ts): the first signer's session (made by the outbox) and a next signer's
// (made by the job's check) both come back as "outcome unknown", never made again by themselves;
// sending again with the risk accepted makes exactly the one session, and a signer who signed stays signed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningRestPkiSandbox } from '../../sandbox/restpki';
import type { AccountDetail, RestPkiSignerInput } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { call, samplePdf } from '../support/sandbox-account';
import { actOnSigningPage, addRestPkiSandboxAccount, restPkiControl, startRestPkiTestSandbox } from '../support/restpki';
import { waitUntil } from '../support/wait';

const dir = tempDir('sd-restpki-crash-');
const appDir = join(dir.path, 'app');
const worker = fileURLToPath(new URL('../support/sync-worker.ts', import.meta.url));
let sandbox: RunningRestPkiSandbox;
let account: AccountDetail;

function query<T>(sql: string, ...params: unknown[]): T {
  const db = new BetterSqlite3(join(appDir, 'signing-desk.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const openCore = () => createTestCore(appDir, { durableSecrets: true });

async function createJob(title: string, signers: RestPkiSignerInput[]): Promise<string> {
  const core = openCore();
  try {
    const staged = await call(core, 'documents.stage', { fileName: 'a.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
    return (await call(core, 'jobs.create', { flow: 'restpki', accountId: account.id, title, documents: [{ stagedId: staged.id, title: 'Avtale' }], signers })).id;
  } finally {
    await core.close();
  }
}

const sessionsFor = async (reference: string | null) =>
  (await restPkiControl<{ callbackArgument: string | null }[]>(sandbox, 'GET', '/sessions')).filter((s) => s.callbackArgument === reference);

before(async () => {
  sandbox = await startRestPkiTestSandbox(dir.path);
  const core = openCore();
  account = await addRestPkiSandboxAccount(core, sandbox);
  await core.close();
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

test('killed while the first session is being made: outcome unknown, and sent again only with the risk accepted, once', async () => {
  const jobId = await createJob('Krasj ved første økt', [{ name: 'Maria' }]);
  await restPkiControl(sandbox, 'POST', '/faults', { match: 'POST /api/signature-sessions$', kind: 'delay', delayMs: 60_000, times: 1 });
  const child = spawn(process.execPath, ['--import', 'tsx', worker, appDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitUntil(() => query<{ s: string | null }>('SELECT submit_started_at AS s FROM jobs WHERE id = ?', jobId).s !== null, 'the create request to leave');
  await killed(child);
  await restPkiControl(sandbox, 'DELETE', '/faults');

  const core = openCore();
  try {
    await call(core, 'sync.run', {});
    const unknown = await call(core, 'jobs.get', { id: jobId });
    assert.equal(unknown.status, 'outcome_unknown');
    assert.equal(unknown.syncProblem?.reason, 'outcome-unknown-interrupted');
    assert.equal(unknown.attention?.reason, 'outcome-unknown');
    await call(core, 'sync.run', {});
    assert.equal((await call(core, 'jobs.get', { id: jobId })).status, 'outcome_unknown', 'never sent again by itself');
    assert.equal((await core.dispatch('jobs.retrySubmit', { id: jobId })).ok, false, 'the risk must be accepted');
    await call(core, 'jobs.retrySubmit', { id: jobId, acceptDuplicateRisk: true });
    await call(core, 'sync.run', {});
    const sent = await call(core, 'jobs.get', { id: jobId });
    assert.equal(sent.status, 'in_progress');
    assert.equal(sent.signers[0]!.status, 'waiting');
    assert.equal((await sessionsFor(sent.serviceReference)).length, 1);
  } finally {
    await core.close();
  }
});

test('killed while the next signer\'s session is being made: outcome unknown; sent again, the second signer gets it and the first stays signed', async () => {
  const jobId = await createJob('Krasj ved neste økt', [{ name: 'Maria' }, { name: 'João' }]);
  const setup = openCore();
  let reference: string | null;
  try {
    await call(setup, 'sync.run', {});
    const { links } = await call(setup, 'jobs.signingLinks', { id: jobId });
    // Signed on another computer: the return address reaches no one, the check finds it.
    await actOnSigningPage(links[0]!.url, 'sign', 'maria');
    reference = (await call(setup, 'jobs.get', { id: jobId })).serviceReference;
  } finally {
    await setup.close();
  }
  await restPkiControl(sandbox, 'POST', '/faults', { match: 'POST /api/signature-sessions$', kind: 'delay', delayMs: 60_000, times: 1 });
  const child = spawn(process.execPath, ['--import', 'tsx', worker, appDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitUntil(
    () => query<{ d: string | null }>("SELECT json_extract(provider_data, '$.creatingSince') AS d FROM signers WHERE job_id = ? AND position = 1", jobId).d !== null,
    'the next session\'s create request to leave',
  );
  await killed(child);
  await restPkiControl(sandbox, 'DELETE', '/faults');

  const core = openCore();
  try {
    // The check that finds the mark without a session says so; the first signer is signed.
    await call(core, 'jobs.signingLinks', { id: jobId }).catch(() => undefined);
    await call(core, 'sync.run', {});
    const unknown = await call(core, 'jobs.get', { id: jobId });
    assert.equal(unknown.status, 'outcome_unknown', JSON.stringify(unknown.events.map((e) => e.kind)));
    assert.equal(unknown.syncProblem?.reason, 'outcome-unknown-interrupted');
    assert.deepEqual(unknown.signers.map((s) => s.status), ['signed', 'not_sent']);
    assert.equal((await sessionsFor(reference)).length, 1, 'only the first signer\'s session exists');

    await call(core, 'jobs.retrySubmit', { id: jobId, acceptDuplicateRisk: true });
    await call(core, 'sync.run', {});
    const sent = await call(core, 'jobs.get', { id: jobId });
    assert.equal(sent.status, 'in_progress');
    assert.deepEqual(sent.signers.map((s) => s.status), ['signed', 'waiting']);
    assert.equal((await sessionsFor(sent.serviceReference)).length, 1, 'the second signer\'s session, made once');
    // It signs the documents as the first signer signed them.
    const { links } = await call(core, 'jobs.signingLinks', { id: jobId });
    assert.deepEqual(links.map((l) => l.position), [1]);
    await actOnSigningPage(links[0]!.url, 'sign', 'joao');
    await call(core, 'sync.run', {});
    const done = await call(core, 'jobs.get', { id: jobId });
    assert.equal(done.status, 'completed');
    assert.equal(done.downloads[0]?.verificationReport?.signatures, 2);
  } finally {
    await core.close();
  }
});

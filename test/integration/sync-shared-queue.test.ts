// Two accounts of one organisation share the installation's polling queue. Every status change
// must reach the job whichever account sent it, and a change for a job this installation does not
// know is kept (never confirmed blindly) until it is matched or the administrator dismisses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import { runCli } from '../../src-main/cli/run';
import type { JobJson } from '../../src-main/cli/job-json';
import type { AccountDetail, SyncReport } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-shared-queue-');
const dataDir = join(dir.path, 'app');
const files = join(dir.path, 'files');
const env: NodeJS.ProcessEnv = { SD_TEST_PASSPHRASE: '' };
let sandbox: RunningSandbox;
let sharedQueue: string;

async function cli(argv: string[], options: { dataDir?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', options.dataDir ?? dataDir, ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

async function json<T>(argv: string[], options: { dataDir?: string } = {}): Promise<T> {
  const result = await cli([...argv, '--json'], options);
  assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const addAccount = (name: string, options: { dataDir?: string } = {}) =>
  json<AccountDetail>(
    [
      'accounts', 'add', 'posten',
      '--name', name,
      '--org', sandbox.info.senderOrganizationNumber,
      '--environment', 'custom',
      '--api-root', sandbox.info.apiRoot,
      '--ca', sandbox.info.caCertificate,
      '--server-org', sandbox.info.serverOrganizationNumber,
      '--certificate', sandbox.info.senderCertificate,
      '--passphrase-env', 'SD_TEST_PASSPHRASE',
      '--save-folder', join(dir.path, `Signed ${name}`),
    ],
    options,
  );

const createJob = (accountId: string, title: string, options: { dataDir?: string } = {}) =>
  json<JobJson>(['jobs', 'create', 'portal', '--account', accountId, '--title', title, '--document', join(files, 'avtale.pdf'), '--signer', 'email=kari@example.no'], options);

interface ServiceJob {
  id: number;
  status: string;
}

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  env.SD_TEST_PASSPHRASE = sandbox.info.senderCertificatePassword;
  mkdirSync(files);
  writeFileSync(join(files, 'avtale.pdf'), await samplePdf('Avtale'));
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

test('two accounts of one organisation: every status change reaches its job, whichever account sent it', async () => {
  const first = await addAccount('Avdeling A');
  const second = await addAccount('Avdeling B');
  assert.equal(first.pollingQueue, second.pollingQueue, 'one queue per organisation and installation');
  sharedQueue = first.pollingQueue;
  const jobs: JobJson[] = [];
  for (const account of [first, second]) for (let i = 0; i < 3; i++) jobs.push(await createJob(account.id, `${account.name} ${i + 1}`));

  const sent = await json<SyncReport>(['sync', '--once']);
  assert.equal(sent.submitted, 6, sent.errors.join('; '));
  await control(sandbox, 'POST', '/autosign', { afterSeconds: 0 });
  // Autosign acts on the sandbox's next tick; wait until the service has every job completed.
  for (;;) {
    const serviceJobs = (await control(sandbox, 'GET', '/jobs')) as ServiceJob[];
    if (serviceJobs.length === 6 && serviceJobs.every((job) => job.status === 'COMPLETED_SUCCESSFULLY')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await control(sandbox, 'DELETE', '/autosign');

  for (let pass = 0; pass < 4; pass++) {
    const report = await json<SyncReport>(['sync', '--once']);
    assert.deepEqual(report.errors, []);
  }
  const statuses = await Promise.all(jobs.map(async (job) => [job.title, (await json<JobJson>(['jobs', 'show', job.id])).status]));
  assert.deepEqual(statuses, jobs.map((job) => [job.title, 'completed']));
  const unmatched = await json<unknown[]>(['jobs', 'unmatched']);
  assert.deepEqual(unmatched, []);
});

test('a change for a job this installation does not know is kept, listed and never confirmed until dismissed', async () => {
  // Another installation (its own data folder) that was given the same queue name sends a job.
  const otherDataDir = join(dir.path, 'other-app');
  const other = await json<AccountDetail>(
    [
      'accounts', 'add', 'posten', '--name', 'Other installation',
      '--org', sandbox.info.senderOrganizationNumber, '--environment', 'custom', '--api-root', sandbox.info.apiRoot,
      '--ca', sandbox.info.caCertificate, '--server-org', sandbox.info.serverOrganizationNumber,
      '--certificate', sandbox.info.senderCertificate, '--passphrase-env', 'SD_TEST_PASSPHRASE',
      '--polling-queue', sharedQueue,
    ],
    { dataDir: otherDataDir },
  );
  const foreign = await createJob(other.id, 'Sent by another installation', { dataDir: otherDataDir });
  const otherSync = await json<SyncReport>(['sync', '--once'], { dataDir: otherDataDir });
  assert.equal(otherSync.submitted, 1, otherSync.errors.join('; '));
  const serviceJobId = (await json<JobJson>(['jobs', 'show', foreign.id], { dataDir: otherDataDir })).serviceJobId!;
  await control(sandbox, 'POST', `/jobs/${serviceJobId}/signers/0/sign`);

  // This installation polls the shared queue first and meets the foreign change.
  const report = await json<SyncReport>(['sync', '--once']);
  assert.deepEqual(report.errors, []);
  const unmatched = await json<{ id: string; serviceJobId: string; status: string }[]>(['jobs', 'unmatched']);
  assert.deepEqual(unmatched.map((u) => [u.serviceJobId, u.status]), [[serviceJobId, 'COMPLETED_SUCCESSFULLY']]);
  const human = await cli(['jobs', 'unmatched']);
  assert.match(human.stdout, new RegExp(`\\b${serviceJobId}\\b.*Completed`));
  // The app (another host on the same data folder) counts it under Needs attention and lists it.
  const app = createTestCore(dataDir);
  try {
    assert.equal(app.notifier.attentionCount, 1);
    assert.deepEqual((await call(app, 'jobs.listUnmatched', {})).items.map((u) => u.id), [unmatched[0].id]);
  } finally {
    await app.close();
  }

  // Not confirmed: after the service's re-delivery time the installation that sent it gets it too.
  await control(sandbox, 'POST', '/clock/advance', { seconds: 601 });
  const theirs = await json<SyncReport>(['sync', '--once'], { dataDir: otherDataDir });
  assert.deepEqual(theirs.errors, []);
  assert.equal((await json<JobJson>(['jobs', 'show', foreign.id], { dataDir: otherDataDir })).status, 'completed');

  // Dismissed: gone from the list.
  const dismissed = await cli(['jobs', 'dismiss-unmatched', unmatched[0].id]);
  assert.equal(dismissed.code, 0, dismissed.stderr);
  assert.deepEqual(await json<unknown[]>(['jobs', 'unmatched']), []);
  const after = createTestCore(dataDir);
  try {
    assert.equal(after.notifier.attentionCount, 0);
  } finally {
    await after.close();
  }
});

/**
 * The sandbox names its poll times on its own clock (moved on by the tests before) but dates its
 * answers by the real one, so the app would wait out the difference: let that wait pass instead.
 */
function letPollWaitPass(appDataDir: string): void {
  const db = new BetterSqlite3(join(appDataDir, 'signing-desk.sqlite'));
  try {
    db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
  } finally {
    db.close();
  }
}

test('a removed account is no longer followed: a change for its job on the shared queue is kept unconfirmed, and dismissing it goes through the account left', async () => {
  const appDir = join(dir.path, 'app-with-removal');
  const removed = await addAccount('Nedlagt avdeling', { dataDir: appDir });
  const kept = await addAccount('Avdeling som blir', { dataDir: appDir });
  assert.equal(removed.pollingQueue, kept.pollingQueue);
  const job = await createJob(removed.id, 'Sent before the removal', { dataDir: appDir });
  const sent = await json<SyncReport>(['sync', '--once'], { dataDir: appDir });
  assert.equal(sent.submitted, 1, sent.errors.join('; '));
  const serviceJobId = (await json<JobJson>(['jobs', 'show', job.id], { dataDir: appDir })).serviceJobId!;
  const removal = await cli(['accounts', 'remove', removed.id, '--yes', '--stop-following'], { dataDir: appDir });
  assert.equal(removal.code, 0, removal.stderr);

  await control(sandbox, 'POST', `/jobs/${serviceJobId}/signers/0/sign`);
  letPollWaitPass(appDir);
  const polled = await json<SyncReport>(['sync', '--once'], { dataDir: appDir });
  assert.deepEqual(polled.errors, []);
  // Not applied to the job (it is no longer followed, and its signed files could not be fetched)...
  const shown = await json<JobJson>(['jobs', 'show', job.id], { dataDir: appDir });
  assert.equal(shown.status, 'in_progress');
  // ...but kept for the administrator, and not confirmed: the service delivers it again.
  const unmatched = await json<{ id: string; serviceJobId: string; status: string; timesSeen: number }[]>(['jobs', 'unmatched'], { dataDir: appDir });
  assert.deepEqual(unmatched.map((u) => [u.serviceJobId, u.status, u.timesSeen]), [[serviceJobId, 'COMPLETED_SUCCESSFULLY', 1]]);
  await control(sandbox, 'POST', '/clock/advance', { seconds: 601 });
  letPollWaitPass(appDir);
  assert.deepEqual((await json<SyncReport>(['sync', '--once'], { dataDir: appDir })).errors, []);
  assert.deepEqual((await json<{ timesSeen: number }[]>(['jobs', 'unmatched'], { dataDir: appDir })).map((u) => u.timesSeen), [2]);

  // Dismissed: confirmed at the service by the account still on the queue, so it does not come back.
  const dismissed = await cli(['jobs', 'dismiss-unmatched', unmatched[0].id], { dataDir: appDir });
  assert.equal(dismissed.code, 0, dismissed.stderr);
  await control(sandbox, 'POST', '/clock/advance', { seconds: 601 });
  letPollWaitPass(appDir);
  assert.deepEqual((await json<SyncReport>(['sync', '--once'], { dataDir: appDir })).errors, []);
  assert.deepEqual(await json<unknown[]>(['jobs', 'unmatched'], { dataDir: appDir }), []);
  assert.equal((await json<JobJson>(['jobs', 'show', job.id], { dataDir: appDir })).status, 'in_progress');
});

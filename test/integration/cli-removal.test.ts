import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import { runCli } from '../../src-main/cli/run';
import type { JobJson } from '../../src-main/cli/job-json';
import { startDemoIfWanted } from '../../src-main/demo/demo-sandbox';
import type { AccountDetail, AccountRemoval, AccountRemovalImpact, SyncReport } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

/**
 * Taking things away through the command line, against the sandbox over HTTPS/mTLS: archiving a
 * finished job and bringing it back, deleting a draft, and removing an account (its secret goes,
 * its jobs and signed files stay; unfinished jobs are refused unless it stops following them).
 */
const dir = tempDir('sd-cli-removal-');
const dataDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signed');
const files = join(dir.path, 'files');
const secretsFile = join(dataDir, 'secrets.insecure.json');
const env: NodeJS.ProcessEnv = {};
let sandbox: RunningSandbox;
let account: AccountDetail;
let completed: JobJson;
let inProgress: JobJson;

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

async function json<T>(...argv: string[]): Promise<T> {
  const result = await cli([...argv, '--json']);
  assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const secretKeys = () => (existsSync(secretsFile) ? Object.keys(JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>) : []);
const listIds = async (...extra: string[]) => (await json<{ id: string }[]>('jobs', 'list', ...extra)).map((job) => job.id);

const createJob = (title: string) =>
  json<JobJson>('jobs', 'create', 'portal', '--account', account.id, '--title', title, '--document', join(files, 'avtale.pdf'), '--signer', 'email=kari@example.no');

/** Drafts are written by the compose page; a core on the same data folder saves one as the UI would. */
async function saveDraft(title: string): Promise<string> {
  const core = createTestCore(dataDir, { durableSecrets: true });
  try {
    return (await call(core, 'drafts.save', { accountId: account.id, title, payload: { title } })).id;
  } finally {
    await core.close();
  }
}

async function syncUntil(jobId: string, done: (job: JobJson) => boolean): Promise<JobJson> {
  let job = await json<JobJson>('jobs', 'show', jobId);
  for (let pass = 0; pass < 8 && !done(job); pass++) {
    const report = await json<SyncReport>('sync', '--once');
    assert.deepEqual(report.errors, []);
    job = await json<JobJson>('jobs', 'show', jobId);
  }
  assert.ok(done(job), JSON.stringify({ status: job.status, downloads: job.downloads }));
  return job;
}

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  env.SD_TEST_PASSPHRASE = sandbox.info.senderCertificatePassword;
  mkdirSync(saveFolder, { recursive: true });
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'avtale.pdf'), await samplePdf('Avtale'));
  // The sandbox as a real Posten account: secrets in the file store the CLI and the web host share.
  account = await json<AccountDetail>(
    ...['accounts', 'add', 'posten', '--name', 'Sandbox', '--org', sandbox.info.senderOrganizationNumber, '--environment', 'custom'],
    ...['--api-root', sandbox.info.apiRoot, '--ca', sandbox.info.caCertificate, '--server-org', sandbox.info.serverOrganizationNumber],
    ...['--certificate', sandbox.info.senderCertificate, '--passphrase-env', 'SD_TEST_PASSPHRASE', '--save-folder', saveFolder],
  );

  const first = await createJob('Signed and filed');
  await json<SyncReport>('sync', '--once');
  const sent = await json<JobJson>('jobs', 'show', first.id);
  await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
  completed = await syncUntil(first.id, (job) => job.downloads.some((d) => d.kind === 'pades' && d.state === 'filed'));

  inProgress = await createJob('Still out for signing');
  inProgress = await syncUntil(inProgress.id, (job) => job.status === 'in_progress');
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

describe('archive and unarchive', () => {
  test('a finished job moves to the archive, out of the lists; unarchive brings it back; both are in its event log', async () => {
    assert.equal(completed.status, 'completed');
    assert.equal(completed.canArchive, true);
    assert.ok((await listIds()).includes(completed.id));

    const archived = await json<JobJson>('jobs', 'archive', completed.id);
    assert.ok(archived.archivedAt, 'archivedAt is set');
    assert.equal(archived.canArchive, false);
    assert.equal(archived.events.at(-1)?.kind, 'archived');
    assert.equal(archived.events.at(-1)?.actor, 'administrator');
    assert.deepEqual(await listIds('--archived'), [completed.id]);
    assert.ok(!(await listIds()).includes(completed.id), 'not in All');
    assert.ok(!(await listIds('--filter', 'completed')).includes(completed.id), 'not in Completed');
    const human = await cli(['jobs', 'list', '--archived']);
    assert.match(human.stdout, /Completed \(archived\)/);

    // Archiving twice changes nothing and logs nothing.
    const again = await json<JobJson>('jobs', 'archive', completed.id);
    assert.equal(again.events.filter((e) => e.kind === 'archived').length, 1);

    const restored = await json<JobJson>('jobs', 'unarchive', completed.id);
    assert.equal(restored.archivedAt, null);
    assert.equal(restored.events.at(-1)?.kind, 'unarchived');
    assert.deepEqual(await listIds('--archived'), []);
    assert.ok((await listIds('--filter', 'completed')).includes(completed.id));
    assert.equal(restored.downloads.find((d) => d.kind === 'pades')?.state, 'filed', 'the signed file is untouched');

    await json<JobJson>('jobs', 'archive', completed.id);
  });

  test('a job still in progress cannot be archived; --archived with another --filter is bad usage', async () => {
    const refused = await cli(['jobs', 'archive', inProgress.id]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /Only a finished job can be archived/);
    assert.equal((await json<JobJson>('jobs', 'show', inProgress.id)).archivedAt, null);

    const mixed = await cli(['jobs', 'list', '--archived', '--filter', 'completed']);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /--archived/);
    assert.equal((await cli(['jobs', 'archive', 'no-such-job'])).code, 1);
  });
});

describe('drafts', () => {
  test('drafts delete removes a draft from the Drafts list; a second delete is a one-line failure', async () => {
    const draftId = await saveDraft('Half-written contract');
    assert.deepEqual(await listIds('--filter', 'drafts'), [draftId]);
    const deleted = await json<{ id: string; deleted: boolean }>('drafts', 'delete', draftId);
    assert.deepEqual(deleted, { id: draftId, deleted: true });
    assert.deepEqual(await listIds('--filter', 'drafts'), []);
    const again = await cli(['drafts', 'delete', draftId]);
    assert.equal(again.code, 1);
    // The ID is resolved first (a prefix may stand for it), so a deleted draft is an unknown ID.
    assert.match(again.stderr, /^There is no job whose ID is or starts with /);
    // Never a job that was sent.
    const notADraft = await cli(['drafts', 'delete', inProgress.id]);
    assert.equal(notADraft.code, 1);
    assert.equal((await json<JobJson>('jobs', 'show', inProgress.id)).status, 'in_progress');
  });
});

describe('removing an account', () => {
  test('without --yes it only says what would happen; with unfinished jobs --yes alone is refused; nothing changes', async () => {
    const secretKey = `posten-account:${account.id}:key`;
    assert.ok(secretKeys().includes(secretKey), 'the certificate key is in the secret store');

    const preview = await cli(['accounts', 'remove', account.id]);
    assert.equal(preview.code, 1);
    assert.match(preview.stdout, /certificate and key are deleted/);
    assert.match(preview.stdout, /2 jobs stay in the job list, read-only, marked "account removed"/);
    assert.match(preview.stdout, /signed files already saved are never touched/);
    assert.match(preview.stdout, /1 job is not finished yet/);
    assert.match(preview.stderr, /^Nothing removed: run again with --yes/);

    const impact = JSON.parse((await cli(['accounts', 'remove', account.id, '--json'])).stdout) as AccountRemovalImpact & { removed: boolean };
    assert.equal(impact.removed, false);
    assert.equal(impact.keptJobs, 2);
    assert.equal(impact.unfinishedJobs, 1);
    assert.ok(impact.signedFiles >= 1, 'the filed PAdES is counted');

    const refused = await cli(['accounts', 'remove', account.id, '--yes']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /1 job that is not finished.*--stop-following; nothing was removed/);

    assert.deepEqual((await json<{ id: string }[]>('accounts', 'list')).map((a) => a.id), [account.id]);
    assert.ok(secretKeys().includes(secretKey), 'the secret is still there');
    assert.equal((await json<JobJson>('jobs', 'show', inProgress.id)).accountRemoved, false);
  });

  test('--yes --stop-following: secret gone, drafts deleted, queued jobs cancelled, jobs and signed files kept read-only', async () => {
    const draftId = await saveDraft('Never to be sent');
    const queued = await createJob('Waiting in the outbox');
    const pades = completed.downloads.find((d) => d.kind === 'pades')!;
    assert.ok(pades.savedPath && pades.archivePath);
    const savedBefore = readFileSync(pades.savedPath);
    const archivedBefore = readFileSync(pades.archivePath);

    const removal = await json<AccountRemoval & { removed: boolean }>('accounts', 'remove', account.id, '--yes', '--stop-following');
    assert.equal(removal.removed, true);
    assert.equal(removal.drafts, 1);
    assert.equal(removal.cancelledQueued, 1);
    assert.equal(removal.stoppedFollowing, 1);

    // The account and its secret are gone.
    assert.deepEqual(await json<unknown[]>('accounts', 'list'), []);
    assert.ok(!secretKeys().some((key) => key.includes(account.id)), `no secret of the account is left: ${secretKeys().join(', ')}`);

    // Its jobs stay, marked; the draft is gone; the queued job never goes out.
    assert.deepEqual(await listIds('--filter', 'drafts'), []);
    assert.equal((await cli(['jobs', 'show', draftId])).code, 1);
    const cancelled = await json<JobJson>('jobs', 'show', queued.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.accountRemoved, true);
    assert.deepEqual(cancelled.events.find((e) => e.kind === 'cancelled')?.data, { local: true, reason: 'account-removed' });

    const followed = await json<JobJson>('jobs', 'show', inProgress.id);
    assert.equal(followed.status, 'in_progress', 'the last known status stays');
    assert.equal(followed.accountRemoved, true);
    assert.equal(followed.canCancel, false);
    assert.deepEqual(followed.events.find((e) => e.kind === 'account-removed')?.data, { account: 'Sandbox', stoppedFollowing: true });
    assert.match((await cli(['jobs', 'list'])).stdout, /In progress \(account removed\)/);

    // The signed file already filed is untouched, in the save folder and in the app's archive.
    const kept = await json<JobJson>('jobs', 'show', completed.id);
    assert.equal(kept.accountRemoved, true);
    assert.deepEqual(kept.events.find((e) => e.kind === 'account-removed')?.data, { account: 'Sandbox', stoppedFollowing: false });
    assert.deepEqual(readFileSync(pades.savedPath), savedBefore);
    assert.deepEqual(readFileSync(pades.archivePath), archivedBefore);
    // ...and can still be saved somewhere else, from the archive.
    const copy = join(dir.path, 'copy');
    const saved = await json<{ savedFiles: string[] }>('jobs', 'save', completed.id, '--to', copy);
    assert.ok(saved.savedFiles.some((path) => path.endsWith('.pdf') && existsSync(path)), saved.savedFiles.join(', '));

    // Read-only: nothing is sent or checked for it any more.
    const cancel = await cli(['jobs', 'cancel', inProgress.id]);
    assert.equal(cancel.code, 1);
    assert.match(cancel.stderr, /was removed/);
    const report = await json<SyncReport>('sync', '--once');
    assert.deepEqual(report, { submitted: 0, statusChanges: 0, filed: 0, errors: [], failures: [] });
    assert.equal((await cli(['accounts', 'remove', account.id, '--yes'])).code, 1, 'removing twice is a failure');

    // A job no longer followed can go to the archive, so it does not sit in "In progress" forever.
    assert.equal(followed.canArchive, true);
    await json<JobJson>('jobs', 'archive', inProgress.id);
    assert.ok(!(await listIds('--filter', 'inProgress')).includes(inProgress.id));
  });

  test('removing the demo account deletes its secret and the demo sandbox is not started again', async () => {
    const demoDir = join(dir.path, 'demo-app');
    const demo = JSON.parse((await cli(['accounts', 'add', 'demo', '--json'], { dataDir: demoDir })).stdout) as AccountDetail;
    assert.equal(demo.isDemo, true);
    const demoSecrets = join(demoDir, 'secrets.insecure.json');
    assert.ok(readFileSync(demoSecrets, 'utf8').includes(demo.id));

    const preview = await cli(['accounts', 'remove', demo.id], { dataDir: demoDir });
    assert.match(preview.stdout, /the demo sandbox is no longer started with the app/);
    const removed = await cli(['accounts', 'remove', demo.id, '--yes'], { dataDir: demoDir });
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Removed the account “Demo \(local sandbox\)”/);
    assert.ok(!readFileSync(demoSecrets, 'utf8').includes(demo.id), 'the demo account’s key is gone');

    // What the hosts do at start: with the demo account removed, no sandbox and no new demo account.
    const core = createTestCore(demoDir, { durableSecrets: true });
    try {
      assert.equal(await startDemoIfWanted(core), undefined);
      assert.deepEqual(await call(core, 'accounts.list', {}), { items: [] });
    } finally {
      await core.close();
    }
  });

  test('a running demo sandbox stops when its accounts are removed', async () => {
    const core = createTestCore(join(dir.path, 'host-app'), { durableSecrets: true });
    // What a host does on a first start: the sandbox in-process, with its demo account.
    const demo = await startDemoIfWanted(core);
    try {
      assert.ok(demo, 'a first start runs the demo');
      const answers = () => fetch(`${demo.info.controlUrl}/`).then(() => true, () => false);
      assert.equal(await answers(), true, 'the sandbox answers');
      // A first start has Posten's demo account and Rest PKI Core's: the sandbox serves both.
      assert.ok(demo.accountIds.posten && demo.accountIds.restpki, JSON.stringify(demo.accountIds));
      await call(core, 'accounts.remove', { id: demo.accountIds.posten });
      assert.equal(await answers(), true, 'still serving the Rest PKI Core demo account');
      await call(core, 'accounts.remove', { id: demo.accountIds.restpki });
      const deadline = Date.now() + 5_000;
      while ((await answers()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await answers(), false, 'the sandbox no longer answers');
    } finally {
      await demo?.close();
      await core.close();
    }
  });

  test('--help for the new commands', async () => {
    for (const words of [['accounts', 'remove'], ['jobs', 'archive'], ['jobs', 'unarchive'], ['drafts', 'delete']]) {
      const result = await cli([...words, '--help']);
      assert.equal(result.code, 0, words.join(' '));
      assert.match(result.stdout, new RegExp(`Usage: signing-desk ${words.join(' ')}`));
    }
  });
});

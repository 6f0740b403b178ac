// Failures the user used to never hear about, through the command line against the sandbox:
// a save folder that does not exist, a signed file that cannot be filed, a job that cannot be sent.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import { runCli } from '../../src-main/cli/run';
import type { JobJson } from '../../src-main/cli/job-json';
import type { AccountDetail, AccountSummary, SyncReport } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/i18n';
import { tempDir } from '../support/core';
import { control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-cli-attention-');
const dataDir = join(dir.path, 'app');
const files = join(dir.path, 'files');
const env: NodeJS.ProcessEnv = { SD_TEST_PASSPHRASE: '' };
let sandbox: RunningSandbox;

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

function addAccountArgs(of: RunningSandbox, saveFolder: string, name = 'Sandbox'): string[] {
  return [
    'accounts', 'add', 'posten',
    '--name', name,
    '--org', of.info.senderOrganizationNumber,
    '--environment', 'custom',
    '--api-root', of.info.apiRoot,
    '--ca', of.info.caCertificate,
    '--server-org', of.info.serverOrganizationNumber,
    '--certificate', of.info.senderCertificate,
    '--passphrase-env', 'SD_TEST_PASSPHRASE',
    '--save-folder', saveFolder,
  ];
}

const createJob = (accountId: string, title: string) =>
  ['jobs', 'create', 'portal', '--account', accountId, '--title', title, '--document', join(files, 'avtale.pdf'), '--signer', 'email=kari@example.no'];

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

describe('a save folder that does not exist yet', () => {
  test('accounts add: created when the folder it goes in exists, and the output says so', async () => {
    const parent = join(dir.path, 'Shared');
    mkdirSync(parent);
    const folder = join(parent, 'Signed contracts');
    const human = await cli(addAccountArgs(sandbox, folder, 'Created folder'));
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, new RegExp(`^Created the save folder ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\nAdded\\.`));
    assert.ok(existsSync(folder), 'the folder was made');

    const again = join(parent, 'Second');
    const account = await json<AccountDetail & { createdSaveFolder?: string }>(addAccountArgs(sandbox, again, 'Created folder (json)'));
    assert.equal(account.createdSaveFolder, again);
    assert.equal(account.saveFolder, again);
  });

  test('accounts add: refused, with nothing created, when the folder it goes in is missing too', async () => {
    const unmounted = join(dir.path, 'mnt', 'share');
    const folder = join(unmounted, 'Signed');
    const before = await json<AccountSummary[]>(['accounts', 'list']);
    const result = await cli(addAccountArgs(sandbox, folder, 'Refused'));
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /The save folder .*Signed does not exist, and neither does .*share, the folder it would be in\. If it is on a network drive or a removable disk, connect that first\./);
    assert.equal(existsSync(join(dir.path, 'mnt')), false, 'no local stand-in for a missing drive');
    assert.equal((await json<AccountSummary[]>(['accounts', 'list'])).length, before.length, 'no account added');
  });

  test('accounts update: a new folder is created inside an existing one; a missing parent is refused and nothing changes', async () => {
    const [account] = await json<AccountSummary[]>(['accounts', 'list']);
    const folder = join(dir.path, 'Shared', 'Moved');
    const changed = await cli(['accounts', 'update', account.id, '--save-folder', folder]);
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /^Created the save folder .*Moved\.\nChanged\./);
    assert.ok(existsSync(folder));

    const refused = await cli(['accounts', 'update', account.id, '--save-folder', join(dir.path, 'gone', 'Signed'), '--name', 'Not renamed']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not exist, and neither does/);
    assert.equal(existsSync(join(dir.path, 'gone')), false);
    const after = (await json<AccountSummary[]>(['accounts', 'list'])).find((a) => a.id === account.id);
    assert.equal(after?.name, account.name, 'a refused change changes nothing');
  });
});

describe('a signed file that cannot be filed', () => {
  test('the job needs attention with the reason, keeps its archive copy, and retry-filing files it once the folder is back', async () => {
    const saveFolder = join(dir.path, 'Filing');
    mkdirSync(saveFolder);
    const account = await json<AccountDetail>(addAccountArgs(sandbox, saveFolder, 'Filing'));
    const created = await json<JobJson>(createJob(account.id, 'File me'));
    assert.equal(created.needsAttention, false);
    await json<SyncReport>(['sync', '--once', '--account', account.id]);
    let job = await json<JobJson>(['jobs', 'show', created.id]);
    await control(sandbox, 'POST', `/jobs/${job.serviceJobId}/signers/0/sign`);

    // The drive goes away before the signed file arrives.
    rmSync(saveFolder, { recursive: true });
    for (let pass = 0; pass < 6 && !job.downloads.some((d) => d.kind === 'pades' && d.state === 'archived'); pass++) {
      await json<SyncReport>(['sync', '--once', '--account', account.id]);
      job = await json<JobJson>(['jobs', 'show', created.id]);
    }
    assert.equal(job.status, 'completed');
    assert.equal(job.needsAttention, true);
    assert.equal(job.attention?.reason, 'not-filed');
    assert.match(job.attentionReason ?? '', new RegExp(`^Signed, but not saved\\. The save folder .*Filing does not exist\\. Is the drive connected\\?$`));
    const pades = job.downloads.find((d) => d.kind === 'pades')!;
    assert.ok(pades.archivePath && existsSync(pades.archivePath), 'the archive copy is kept');
    assert.ok(job.events.some((e) => e.kind === 'filing-failed'), 'the timeline says so');
    assert.equal(existsSync(saveFolder), false, 'filing never makes the folder itself');

    const listed = await json<{ id: string; needsAttention: boolean; attentionReason: string | null }[]>(['jobs', 'list', '--filter', 'needsAttention']);
    const item = listed.find((j) => j.id === created.id);
    assert.equal(item?.needsAttention, true);
    assert.equal(item?.attentionReason, job.attentionReason);
    assert.match((await cli(['jobs', 'show', created.id])).stdout, /Attention\s+Signed, but not saved\. The save folder .*Filing does not exist/);

    const tooEarly = await cli(['jobs', 'retry-filing', created.id]);
    assert.equal(tooEarly.code, 1);
    assert.match(tooEarly.stderr, /^Signed, but not saved\. The save folder .*Filing does not exist\. Is the drive connected\?\n$/);

    mkdirSync(saveFolder);
    const filed = await json<JobJson>(['jobs', 'retry-filing', created.id]);
    assert.equal(filed.needsAttention, false);
    assert.equal(filed.attentionReason, null);
    for (const download of filed.downloads) {
      assert.equal(download.state, 'filed', download.kind);
      assert.ok(download.savedPath?.startsWith(saveFolder) && existsSync(download.savedPath), download.savedPath ?? '');
    }
    const attention = await json<{ id: string }[]>(['jobs', 'list', '--filter', 'needsAttention']);
    assert.equal(attention.some((j) => j.id === created.id), false);
  });
});

describe('a job that cannot be sent', () => {
  test('a 5xx from the service: needs attention with the reason and the next try; the account names the problem while jobs wait on it', async () => {
    const saveFolder = join(dir.path, 'Sending');
    mkdirSync(saveFolder);
    const account = await json<AccountDetail>(addAccountArgs(sandbox, saveFolder, 'Sending'));
    await control(sandbox, 'POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'status', status: 503 });
    try {
      const created = await json<JobJson>(createJob(account.id, 'Send me'));
      const report = await json<SyncReport>(['sync', '--once', '--account', account.id]);
      assert.equal(report.submitted, 0);

      const job = await json<JobJson>(['jobs', 'show', created.id]);
      assert.equal(job.status, 'queued');
      assert.equal(job.needsAttention, true);
      assert.deepEqual({ reason: job.attention?.reason, failure: job.attention?.reason === 'not-sent' && job.attention.failure }, { reason: 'not-sent', failure: 'service.internalError' });
      assert.ok(job.nextSubmitAt);
      assert.equal(job.attentionReason, `Not sent yet. The signing service had an internal error. Next try ${formatDateTime('en', job.nextSubmitAt, { today: new Date() })}.`);
      assert.match(job.attentionReason ?? '', /Next try \d{1,2}:\d{2}\.$/);

      const listed = await json<{ id: string; needsAttention: boolean; attentionReason: string }[]>(['jobs', 'list', '--filter', 'needsAttention']);
      assert.equal(listed.find((j) => j.id === created.id)?.attentionReason, job.attentionReason);
      assert.match((await cli(['jobs', 'list'])).stdout, /Send me \(Not sent yet\. The signing service had an internal error\. Next try/);

      // Polling worked in the same pass; the account still says that sending does not.
      const accounts = await json<AccountSummary[]>(['accounts', 'list']);
      const problem = accounts.find((a) => a.id === account.id)?.serviceProblem;
      assert.equal(problem?.kind, 'server');
      assert.match(problem?.detail ?? '', /503/);

      // Once no job waits on a failed attempt any more, a working poll ends the problem.
      await json<JobJson>(['jobs', 'cancel', created.id]);
      await json<SyncReport>(['sync', '--once', '--account', account.id]);
      const afterwards = await json<AccountSummary[]>(['accounts', 'list']);
      assert.equal(afterwards.find((a) => a.id === account.id)?.serviceProblem, null);
      assert.equal((await json<JobJson>(['jobs', 'show', created.id])).needsAttention, false);
    } finally {
      await control(sandbox, 'DELETE', '/faults');
    }
  });

  test('the service is down: "cannot be reached", on the job and on the account', async () => {
    const other = await startTestSandbox(join(dir.path, 'down'));
    const downData = join(dir.path, 'down-app');
    const saveFolder = join(dir.path, 'Down');
    mkdirSync(saveFolder);
    env.SD_TEST_PASSPHRASE = other.info.senderCertificatePassword;
    let account: AccountDetail;
    try {
      account = await json<AccountDetail>(addAccountArgs(other, saveFolder, 'Down'), { dataDir: downData });
    } finally {
      env.SD_TEST_PASSPHRASE = sandbox.info.senderCertificatePassword;
      await other.close();
    }
    const created = await json<JobJson>(createJob(account.id, 'Nobody home'), { dataDir: downData });
    const report = await json<SyncReport>(['sync', '--once'], { dataDir: downData });
    assert.ok(report.errors.length > 0, 'the poll failed too');

    const job = await json<JobJson>(['jobs', 'show', created.id], { dataDir: downData });
    assert.equal(job.needsAttention, true);
    assert.match(job.attentionReason ?? '', /^Not sent yet\. The signing service (refused the connection\. It may be down|could not be reached)\. Next try \d{1,2}:\d{2}\.$/);
    assert.match(job.attention?.reason === 'not-sent' ? job.attention.detail : '', /Could not reach/);
    const [summary] = await json<AccountSummary[]>(['accounts', 'list'], { dataDir: downData });
    assert.equal(summary.serviceProblem?.kind, 'network');
    assert.ok(summary.serviceProblem && Date.parse(summary.serviceProblem.since) <= Date.now());
  });
});

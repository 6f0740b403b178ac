import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningSandbox } from '../../sandbox';
import { findAppRoot } from '../../src-main/core/host/app-paths';
import { runCli } from '../../src-main/cli/run';
import type { JobJson } from '../../src-main/cli/job-json';
import type { AccountDetail, SyncReport } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/i18n';
import { tempDir } from '../support/core';
import { control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-cli-portal-');
const dataDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signed');
const files = join(dir.path, 'files');
// English output whatever the machine's locale (the CLI follows LANG when Settings say "system").
const env: NodeJS.ProcessEnv = { SD_TEST_PASSPHRASE: '', LANG: 'en_GB.UTF-8' };
let sandbox: RunningSandbox;
let account: AccountDetail;
let completedJobId: string;

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

/** Runs a command that must succeed with --json and returns its value. */
async function json<T>(...argv: string[]): Promise<T> {
  const result = await cli([...argv, '--json']);
  assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function addAccountArgs(overrides: Record<string, string> = {}): string[] {
  const options: Record<string, string> = {
    '--name': 'Sandbox',
    '--org': sandbox.info.senderOrganizationNumber,
    '--environment': 'custom',
    '--api-root': sandbox.info.apiRoot,
    '--ca': sandbox.info.caCertificate,
    '--server-org': sandbox.info.serverOrganizationNumber,
    '--certificate': sandbox.info.senderCertificate,
    '--passphrase-env': 'SD_TEST_PASSPHRASE',
    '--save-folder': saveFolder,
    ...overrides,
  };
  return ['accounts', 'add', 'posten', ...Object.entries(options).flat()];
}

const jobArgs = (extra: string[] = []) => [
  'jobs', 'create', 'portal',
  '--account', account.id,
  '--title', 'Arbeidsavtale',
  '--reference', 'HR-CLI-1',
  '--document', `${join(files, 'avtale.pdf')}=Avtale`,
  '--document', join(files, 'vedlegg.pdf'),
  '--signer', 'pin=01010112377,email=kari@example.no',
  '--signer', 'email=ola@example.no,order=2',
  '--signer', 'sms=91234567,order=2,signature-type=AUTHENTICATED',
  '--deadline-days', '14',
  ...extra,
];

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  env.SD_TEST_PASSPHRASE = sandbox.info.senderCertificatePassword;
  mkdirSync(saveFolder);
  mkdirSync(files);
  writeFileSync(join(files, 'avtale.pdf'), await samplePdf('Avtale', 2));
  writeFileSync(join(files, 'vedlegg.pdf'), await samplePdf('Vedlegg'));
  writeFileSync(join(files, 'notes.pdf'), 'this is not a PDF at all');
  account = await json<AccountDetail>(...addAccountArgs());
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

describe('the portal flow through the CLI', () => {
  test('accounts add/list/test', async () => {
    assert.equal(account.organizationNumber, sandbox.info.senderOrganizationNumber);
    assert.ok(account.certificate, 'certificate details shown');
    const accounts = await json<{ id: string }[]>('accounts', 'list');
    assert.deepEqual(accounts.map((a) => a.id), [account.id]);
    const tested = await json<{ id: string; ok: boolean; message: string }>('accounts', 'test', account.id.slice(0, 8));
    assert.equal(tested.ok, true, tested.message);
    assert.equal(tested.id, account.id, 'the first 8 characters of the ID name the account');
    const human = await cli(['accounts', 'list']);
    assert.match(human.stdout, /Sandbox\s+Posten signering, Custom\s+123 456 789/);
  });

  test('2 documents, 3 signers in 2 steps: created, sent, signed, completed, filed, verified and saved again', async () => {
    const created = await json<JobJson>(...jobArgs());
    assert.equal(created.status, 'queued');
    assert.deepEqual(created.signers.map((s) => s.order), [1, 2, 2]);
    assert.equal(created.signers[0].nationalIdentityNumber, '010101*****', 'masked unless --show-pin');
    assert.equal(created.documents.length, 2);
    assert.equal(created.documents[1].title, 'vedlegg');

    const first = await json<SyncReport>('sync', '--once');
    assert.equal(first.submitted, 1, first.errors.join('; '));
    let job = await json<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'in_progress');
    assert.ok(job.serviceJobId);

    for (const index of [0, 1, 2]) await control(sandbox, 'POST', `/jobs/${job.serviceJobId}/signers/${index}/sign`);
    for (let pass = 0; pass < 6 && job.status !== 'completed'; pass++) {
      const report = await json<SyncReport>('sync', '--once');
      assert.deepEqual(report.errors, []);
      job = await json<JobJson>('jobs', 'show', created.id);
    }
    assert.equal(job.status, 'completed');
    assert.deepEqual(job.signers.map((s) => s.status), ['signed', 'signed', 'signed']);
    // sms=91234567 is kept as typed (it used to be stored and sent as +4791234567, see item 5).
    assert.deepEqual(job.signers.map((s) => [s.email, s.mobile]), [['kari@example.no', null], ['ola@example.no', null], [null, '91234567']]);

    // The PAdES may be filed in the pass after completion.
    for (let pass = 0; pass < 3 && !job.downloads.some((d) => d.kind === 'pades' && d.state === 'filed'); pass++) {
      await json<SyncReport>('sync', '--once');
      job = await json<JobJson>('jobs', 'show', created.id);
    }
    const pades = job.downloads.find((d) => d.kind === 'pades');
    assert.equal(pades?.state, 'filed', JSON.stringify(job.downloads));
    assert.equal(pades!.verified, true, pades!.verification ?? '');
    assert.ok(pades!.savedPath!.startsWith(join(saveFolder, 'HR-CLI-1')), pades!.savedPath!);
    const pdfsig = execFileSync('pdfsig', [pades!.savedPath!], { encoding: 'utf8' });
    assert.equal((pdfsig.match(/Signature is Valid/g) ?? []).length, 3, pdfsig);

    const human = await cli(['jobs', 'show', created.id]);
    assert.match(human.stdout, /Completed \(3 of 3 signed\)/);
    assert.match(human.stdout, /010101\*{5}, kari@example\.no/);
    assert.doesNotMatch(human.stdout, /01010112377/, 'no national identity number in clear');
    const shown = await cli(['jobs', 'show', created.id, '--show-pin']);
    assert.match(shown.stdout, /01010112377, kari@example\.no/);
    assert.equal((await json<JobJson>('jobs', 'show', created.id, '--show-pin')).signers[0].nationalIdentityNumber, '01010112377');

    const copyFolder = join(dir.path, 'copy');
    const saved = await json<JobJson & { savedFiles: string[] }>('jobs', 'save', created.id, '--to', copyFolder);
    assert.ok(saved.savedFiles.some((path) => path.endsWith('.pdf')), saved.savedFiles.join(', '));
    assert.ok(saved.savedFiles.every((path) => path.startsWith(copyFolder) && existsSync(path)));
    const copied = readdirSync(join(copyFolder, 'HR-CLI-1'));
    assert.ok(copied.some((name) => name.endsWith('.pdf')), copied.join(', '));

    const listed = await json<{ id: string; status: string; signers: { status: string; order: number }[] }[]>('jobs', 'list', '--filter', 'completed', '--search', 'Arbeidsavtale');
    const item = listed.find((j) => j.id === created.id);
    assert.equal(item?.status, 'completed');
    assert.deepEqual(item?.signers.map((s) => s.order), [1, 2, 2]);
    assert.doesNotMatch(JSON.stringify(listed), /01010112377/, 'jobs list --json masks too');

    completedJobId = created.id;
  });

  test('cancel through the CLI; a second cancel is a one-line failure', async () => {
    const created = await json<JobJson>(...jobArgs(['--title', 'Cancel me']));
    await json<SyncReport>('sync', '--once', '--account', account.id);
    await json<JobJson>('jobs', 'cancel', created.id.slice(0, 8));
    await json<SyncReport>('sync', '--once');
    const job = await json<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'cancelled');
    assert.ok(job.signers.every((s) => s.status === 'cancelled'));
    const again = await cli(['jobs', 'cancel', created.id]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
  });

  test('sync --once exits 0 when the service fails; the failure is on the job and in the report', async () => {
    await control(sandbox, 'POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'status', status: 500, times: 1 });
    const created = await json<JobJson>(...jobArgs(['--title', 'Retry me']));
    const report = await json<SyncReport>('sync', '--once');
    assert.equal(report.submitted, 0);
    const job = await json<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'queued');
    assert.ok(job.lastErrorMessage && job.nextSubmitAt);
    assert.equal(job.lastErrorReason, 'service.internalError');
    // A sentence first; the service's code once, behind "Details" (never "CODE: CODE: …").
    const human = await cli(['jobs', 'show', created.id]);
    const errorLine = human.stdout.split('\n').find((line) => /^\s+Error\s/.test(line)) ?? '';
    assert.match(errorLine, /Error\s+The signing service had an internal error\. Details: INJECTED_FAULT, HTTP 500: /);
    assert.equal(errorLine.match(/INJECTED_FAULT/g)?.length, 1, errorLine);
    assert.equal(job.lastErrorMessage.match(/INJECTED_FAULT/g)?.length, 1, job.lastErrorMessage);
  });

  test('sync without --once runs until stopped and prints a line per change', async () => {
    const created = await json<JobJson>(...jobArgs(['--title', 'Background']));
    const stop = new AbortController();
    let stdout = '';
    let stderr = '';
    // Watched through its own output only: a second process opening the database while a submit
    // is in flight would take that submit for an interrupted one (see the CLI report).
    const running = runCli(['--data-dir', dataDir, 'sync', '--interval', '1'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      signal: stop.signal,
    });
    const deadline = Date.now() + 15_000;
    while (!/Background \([\w-]+\): Queued -> In progress/.test(stdout) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    stop.abort();
    assert.equal(await running, 0, stderr);
    assert.match(stdout, /Background \([\w-]+\): Queued -> In progress/);
    const job = await json<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'in_progress');
  });

  test('a mobile number reaches the service as typed (spaces removed) and its status change finds that signer', async () => {
    const created = await json<JobJson>(
      'jobs', 'create', 'portal', '--account', account.id, '--title', 'Mobile as typed', '--document', join(files, 'avtale.pdf'),
      '--signer', 'email=ola@example.no', '--signer', 'name=Kari Nordmann,sms=987 65 432', '--signer', 'sms=+46 70 123 45 67',
    );
    assert.deepEqual(created.signers.map((s) => s.mobile), [null, '98765432', '+46701234567']);
    assert.equal(created.signers[1].name, 'Kari Nordmann');
    const report = await json<SyncReport>('sync', '--once');
    assert.equal(report.submitted, 1, report.errors.join('; '));
    const sent = await json<JobJson>('jobs', 'show', created.id);
    // What the sandbox read from the manifest it received: no +47 added, the foreign number untouched.
    const atService = (await control(sandbox, 'GET', `/jobs/${sent.serviceJobId}`)) as { signers: { identifier: string }[] };
    assert.deepEqual(atService.signers.map((s) => s.identifier), ['ola@example.no', '98765432', '+46701234567']);

    // The status change identifies the signer by <sms number="98765432"/>; only that signer moves.
    await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/1/sign`);
    await json<SyncReport>('sync', '--once');
    const after = await json<JobJson>('jobs', 'show', created.id);
    assert.deepEqual(after.signers.map((s) => s.status), ['waiting', 'signed', 'waiting']);
    const human = await cli(['jobs', 'show', created.id]);
    assert.match(human.stdout, /Signed\s+.+\s+Kari Nordmann\s+98765432/);
  });

  test('a signer who rejects: "Rejected by Kari Nordmann" in jobs show, and the job needs attention', async () => {
    const created = await json<JobJson>(
      'jobs', 'create', 'portal', '--account', account.id, '--title', 'Refused', '--document', join(files, 'avtale.pdf'),
      '--signer', 'name=Kari Nordmann,email=kari@example.no', '--signer', 'email=ola@example.no,order=2',
    );
    await json<SyncReport>('sync', '--once');
    const sent = await json<JobJson>('jobs', 'show', created.id);
    await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/0/reject`);
    await json<SyncReport>('sync', '--once');
    const job = await json<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'failed');
    assert.deepEqual(job.signers.map((s) => s.status), ['rejected', 'cancelled']);
    assert.deepEqual(job.rejectedBy, { position: 0, name: 'Kari Nordmann', email: 'kari@example.no', mobile: null });
    const human = await cli(['jobs', 'show', created.id]);
    assert.match(human.stdout, /Outcome\s+Rejected by Kari Nordmann/);
    const attention = await json<{ id: string; rejectedBy: { name: string } | null }[]>('jobs', 'list', '--filter', 'needsAttention');
    assert.equal(attention.find((j) => j.id === created.id)?.rejectedBy?.name, 'Kari Nordmann');
    const listed = await cli(['jobs', 'list', '--filter', 'needsAttention']);
    assert.match(listed.stdout, /Failed: Rejected by Kari Nordmann/);
    // Found by the signer's name too.
    const searched = await json<{ id: string }[]>('jobs', 'list', '--search', 'nordmann');
    assert.ok(searched.some((j) => j.id === created.id));
  });

  test('delete-documents: refused at once within 24 hours, in words with the local time; a day after completion it works', async () => {
    env.LC_ALL = 'en_GB.UTF-8';
    const completed = await json<JobJson>('jobs', 'show', completedJobId);
    assert.equal(completed.canDeleteDocuments, false);
    const early = await cli(['jobs', 'delete-documents', completedJobId]);
    assert.equal(early.code, 1);
    assert.equal(early.stderr, `Deleting the documents at the service is possible from ${formatDateTime('en', completed.deleteDocumentsFrom!)}, 24 hours after everyone signed.\n`);

    // A job completed "yesterday": signed while the sandbox's clock is a day and an hour behind, on a
    // queue of its own (the default queue's next permitted poll lies in the sandbox's present).
    const yesterday = await json<AccountDetail>(...addAccountArgs({ '--name': 'Yesterday', '--polling-queue': 'yesterday' }));
    await control(sandbox, 'POST', '/clock/advance', { seconds: -25 * 3600 });
    let job: JobJson;
    try {
      const created = await json<JobJson>('jobs', 'create', 'portal', '--account', yesterday.id, '--title', 'Signed yesterday', '--document', join(files, 'vedlegg.pdf'), '--signer', 'email=kari@example.no');
      await json<SyncReport>('sync', '--once', '--account', yesterday.id);
      job = await json<JobJson>('jobs', 'show', created.id);
      await control(sandbox, 'POST', `/jobs/${job.serviceJobId}/signers/0/sign`);
      for (let pass = 0; pass < 6 && job.status !== 'completed'; pass++) {
        // The sandbox names its next permitted poll time to the millisecond but dates its answer to the
        // second, so the app waits up to a second more; the test polls at once instead of sleeping.
        const db = new BetterSqlite3(join(dataDir, 'signing-desk.sqlite'));
        db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
        db.close();
        await json<SyncReport>('sync', '--once', '--account', yesterday.id);
        job = await json<JobJson>('jobs', 'show', created.id);
      }
    } finally {
      await control(sandbox, 'POST', '/clock/advance', { seconds: 25 * 3600 });
    }
    assert.equal(job.status, 'completed');
    assert.equal(job.canDeleteDocuments, true);
    const deleted = await json<JobJson>('jobs', 'delete-documents', job.id);
    assert.equal(deleted.canDeleteDocuments, false);
    assert.equal(deleted.deleteDocumentsFrom, null);
    assert.ok(deleted.events.some((e) => e.kind === 'documents-deleted'));
    const again = await cli(['jobs', 'delete-documents', job.id]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'The documents of this job have already been deleted at the service.\n');
  });
});

describe('usage and failures', () => {
  test('bad usage exits 2 with help: malformed --signer, missing --title, wrong check digit, unknown option', async () => {
    const malformed = await cli(jobArgs(['--signer', 'kari@example.no']));
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--signer #4/);
    assert.match(malformed.stderr, /Usage: signing-desk jobs create portal/);

    const unknownKey = await cli(jobArgs(['--signer', 'mail=kari@example.no']));
    assert.equal(unknownKey.code, 2);
    assert.match(unknownKey.stderr, /unknown key "mail"/);

    const withoutTitle = jobArgs().filter((arg, index, all) => arg !== '--title' && all[index - 1] !== '--title');
    const missingTitle = await cli(withoutTitle);
    assert.equal(missingTitle.code, 2);
    assert.match(missingTitle.stderr, /--title/);

    const badPin = await cli(jobArgs(['--signer', 'pin=01010112378,email=x@example.no']));
    assert.equal(badPin.code, 2);
    assert.match(badPin.stderr, /--signer #4 pin: .*check digit/);

    const unknownOption = await cli(['jobs', 'list', '--colour']);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /--colour/);

    const badEnvironment = await cli(addAccountArgs({ '--environment': 'staging' }));
    assert.equal(badEnvironment.code, 2);
    assert.match(badEnvironment.stderr, /--environment/);

    assert.equal((await cli(['jobs', 'show'])).code, 2);
    assert.equal((await cli(['jobs'])).code, 2);
    assert.equal((await cli(['jobs', 'frobnicate'])).code, 2);
  });

  test('--help on every command prints its usage and exits 0', async () => {
    for (const words of [[], ['accounts'], ['accounts', 'add', 'posten'], ['accounts', 'add', 'demo'], ['accounts', 'list'], ['accounts', 'test'], ['jobs', 'create', 'portal'], ['jobs', 'list'], ['jobs', 'show'], ['jobs', 'cancel'], ['jobs', 'save'], ['jobs', 'delete-documents'], ['sync']]) {
      const result = await cli([...words, '--help']);
      assert.equal(result.code, 0, words.join(' '));
      assert.match(result.stdout, new RegExp(`Usage: signing-desk ${words.join(' ')}`), words.join(' '));
    }
  });

  test('a certificate of another organisation exits 1 naming both numbers; test and qa need --ca', async () => {
    env.LC_ALL = 'en_GB.UTF-8';
    const accountsBefore = (await json<unknown[]>('accounts', 'list')).length;
    const mismatch = await cli(addAccountArgs({ '--org': '987654321' }));
    assert.equal(mismatch.code, 1);
    assert.equal(mismatch.stderr, 'The certificate belongs to org. no. 123 456 789, but the account is for 987 654 321.\n');
    for (const environment of ['test', 'qa']) {
      const withoutCa = await cli(addAccountArgs({ '--environment': environment }).filter((arg, index, all) => arg !== '--ca' && all[index - 1] !== '--ca'));
      assert.equal(withoutCa.code, 2, environment);
      assert.match(withoutCa.stderr, /^--ca: The test and QA environments need the CA certificate file/);
    }
    assert.equal((await json<unknown[]>('accounts', 'list')).length, accountsBefore, 'nothing added');
  });

  test('a wrong passphrase exits 1 with one line; the passphrase variable must be set', async () => {
    const accountsBefore = (await json<unknown[]>('accounts', 'list')).length;
    env.SD_TEST_PASSPHRASE_WRONG = 'not-the-passphrase';
    const wrong = await cli(addAccountArgs({ '--passphrase-env': 'SD_TEST_PASSPHRASE_WRONG' }));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
    assert.match(wrong.stderr, /passphrase/i);
    const unset = await cli(addAccountArgs({ '--passphrase-env': 'SD_NOT_SET_ANYWHERE' }));
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /SD_NOT_SET_ANYWHERE/);
    assert.equal((await json<unknown[]>('accounts', 'list')).length, accountsBefore, 'nothing added');
  });

  test('a document that is not a PDF fails with its file name; an unknown job or account too', async () => {
    const result = await cli(jobArgs(['--document', join(files, 'notes.pdf')]));
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /notes\.pdf/);
    const missing = await cli(jobArgs(['--document', join(files, 'nowhere.pdf')]));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nowhere\.pdf/);
    assert.equal((await cli(['jobs', 'show', 'no-such-job'])).code, 1);
    assert.equal((await cli(['sync', '--once', '--account', 'no-such-account'])).code, 1);
  });
});

describe('the demo account', () => {
  test('accounts add demo, then create and sync against the in-process demo sandbox', async () => {
    const demoDir = join(dir.path, 'demo-app');
    const run = async <T>(...argv: string[]): Promise<T> => {
      const result = await cli([...argv, '--json'], { dataDir: demoDir });
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    };
    const demo = await run<AccountDetail & { demo: { controlUrl: string; autosignAfterSeconds: number | null } }>('accounts', 'add', 'demo');
    assert.equal(demo.isDemo, true);
    assert.equal(demo.demo.autosignAfterSeconds, 30, 'the demo signs by itself after 30 s, also when added by the CLI');
    const created = await run<JobJson>('jobs', 'create', 'portal', '--account', demo.id, '--title', 'Demo', '--document', join(files, 'avtale.pdf'), '--signer', 'email=demo@example.no');
    const report = await run<SyncReport>('sync', '--once');
    assert.equal(report.submitted, 1, report.errors.join('; '));
    const job = await run<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'in_progress');
    assert.deepEqual(job.signers.map((s) => s.status), ['waiting']);
  });

  test('with --autosign-after 0 the next sync finds the demo job signed, saved and verified', async () => {
    const demoDir = join(dir.path, 'demo-autosign');
    const run = async <T>(...argv: string[]): Promise<T> => {
      const result = await cli([...argv, '--json'], { dataDir: demoDir });
      assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    };
    const demo = await run<AccountDetail & { demo: { autosignAfterSeconds: number | null } }>('accounts', 'add', 'demo', '--autosign-after', '0');
    assert.equal(demo.demo.autosignAfterSeconds, 0);
    const created = await run<JobJson>('jobs', 'create', 'portal', '--account', demo.id, '--title', 'Signs itself', '--document', join(files, 'avtale.pdf'), '--signer', 'email=auto@example.no');
    // Each command starts the sandbox anew: the signing happens because the sandbox judges the
    // step's start, which it keeps, against its clock when it is called, not in a timer of a past run.
    const report = await run<SyncReport>('sync', '--once');
    assert.deepEqual(report.errors, []);
    const job = await run<JobJson>('jobs', 'show', created.id);
    assert.equal(job.status, 'completed');
    assert.deepEqual(job.signers.map((s) => s.status), ['signed']);
    const pades = job.downloads.find((d) => d.kind === 'pades');
    assert.equal(pades?.verified, true, JSON.stringify(job.downloads));

    const bad = await cli(['accounts', 'add', 'demo', '--autosign-after', 'soon'], { dataDir: demoDir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--autosign-after is a number of seconds or off/);
  });
});

describe('the built binary', () => {
  test('node bin/signing-desk.cjs --json accounts list', () => {
    const root = findAppRoot();
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli'], { cwd: root, stdio: 'pipe' });
    const result = spawnSync(process.execPath, [join(root, 'bin/signing-desk.cjs'), '--data-dir', join(dir.path, 'bin-app'), '--json', 'accounts', 'list'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
    const usage = spawnSync(process.execPath, [join(root, 'bin/signing-desk.cjs'), 'jobs', 'show'], { encoding: 'utf8' });
    assert.equal(usage.status, 2, usage.stderr);
  });
});

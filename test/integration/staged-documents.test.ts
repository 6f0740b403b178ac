// Documents dropped into Compose are staged in `<data dir>/documents/staging` and copied into the
// job's own folder when the job is created; a send builds a temporary bundle beside those copies.
// Neither the staged copies nor a bundle a crash left behind may pile up, and nothing a job still
// needs (to be sent, sent again, or to check its signed files against) may go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningSandbox } from '../../sandbox';
import type { AccountDetail, StagedDocument } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-staged-');
const worker = fileURLToPath(new URL('../support/sync-worker.ts', import.meta.url));
let sandbox: RunningSandbox;
// Each test has its own data folder and account, so one test's jobs never queue before another's.
let appDir: string;
let stagingDir: string;
let account: AccountDetail;

async function freshDataFolder(name: string): Promise<void> {
  appDir = join(dir.path, name);
  stagingDir = join(appDir, 'documents', 'staging');
  const core = createTestCore(appDir, { durableSecrets: true });
  try {
    account = await addSandboxAccount(core, sandbox, { saveFolder: join(dir.path, 'Signed') });
  } finally {
    await core.close();
  }
}

const stagedFiles = (id: string) => readdirSync(stagingDir).filter((name) => name.startsWith(`${id}.`)).sort();
const twoDaysAgo = () => new Date(Date.now() - 2 * 24 * 60 * 60_000);

function ageStaged(id: string): void {
  for (const name of stagedFiles(id)) utimesSync(join(stagingDir, name), twoDaysAgo(), twoDaysAgo());
}

async function stage(core: ReturnType<typeof createTestCore>, title: string): Promise<StagedDocument> {
  return call(core, 'documents.stage', { fileName: `${title}.pdf`, contentBase64: (await samplePdf(title)).toString('base64') });
}

/** A draft as Compose saves it: the form, with each document row's staged id. */
function draftNaming(core: ReturnType<typeof createTestCore>, title: string, staged: StagedDocument[]) {
  return call(core, 'drafts.save', {
    accountId: account.id,
    title,
    payload: { version: 1, form: { title, documents: staged.map((s, i) => ({ key: `row-${i}`, stagedId: s.id, title: s.fileName, progress: null })) } },
  });
}

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

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  mkdirSync(join(dir.path, 'Signed'));
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

test('creating a job drops its staged copies (unless another draft names them); the job is sent and its signatures checked from its own copies', async () => {
  await freshDataFolder('after-create');
  const core = createTestCore(appDir, { durableSecrets: true });
  try {
    const contract = await stage(core, 'Contract');
    const appendix = await stage(core, 'Appendix');
    const elsewhere = await stage(core, 'Still being composed');
    const own = await draftNaming(core, 'Contract', [contract, appendix]);
    const other = await draftNaming(core, 'Another contract', [appendix]);

    const job = await call(core, 'jobs.create', { flow: 'portal', 
      accountId: account.id,
      title: 'Contract',
      draftId: own.id,
      documents: [{ stagedId: contract.id, title: 'Contract' }, { stagedId: appendix.id, title: 'Appendix' }],
      signers: [{ email: 'kari@example.no', step: 1 }],
    });
    assert.deepEqual(stagedFiles(contract.id), [], 'the job has its own copy');
    assert.deepEqual(stagedFiles(appendix.id), [`${appendix.id}.bin`, `${appendix.id}.json`], 'the other draft still names it');
    assert.deepEqual(stagedFiles(elsewhere.id), [`${elsewhere.id}.bin`, `${elsewhere.id}.json`], 'not part of this job');
    assert.equal((await call(core, 'drafts.get', { id: other.id })).id, other.id);
    const jobFolder = join(appDir, 'documents', job.id);
    assert.deepEqual(readdirSync(jobFolder).sort(), ['0000_contract.pdf', '0001_appendix.pdf']);

    // Queued, sent and signed from the job's own copies; the XAdES check reads them too.
    const sent = await call(core, 'sync.run', {});
    assert.equal(sent.submitted, 1, sent.errors.join('; '));
    const inProgress = await call(core, 'jobs.get', { id: job.id });
    assert.deepEqual(readdirSync(jobFolder).sort(), ['0000_contract.pdf', '0001_appendix.pdf'], 'no bundle left after the send');
    await control(sandbox, 'POST', `/jobs/${inProgress.serviceJobId}/signers/0/sign`);
    const done = await call(core, 'sync.run', {});
    assert.deepEqual(done.errors, []);
    const completed = await call(core, 'jobs.get', { id: job.id });
    assert.equal(completed.status, 'completed');
    assert.ok(completed.downloads.some((d) => d.kind === 'xades'));
    assert.ok(completed.downloads.every((d) => d.verified === true && d.state === 'filed'), JSON.stringify(completed.downloads));
  } finally {
    await core.close();
  }
});

test('at start: abandoned staged documents and a bundle left by a crash are removed; what drafts name, recent ones and the job\'s documents stay', async () => {
  await freshDataFolder('at-start');
  const setup = createTestCore(appDir, { durableSecrets: true });
  let abandoned: StagedDocument, inDraft: StagedDocument, recent: StagedDocument, jobId: string;
  try {
    abandoned = await stage(setup, 'Abandoned');
    inDraft = await stage(setup, 'Kept by a draft');
    recent = await stage(setup, 'Dropped a minute ago');
    await draftNaming(setup, 'Kept by a draft', [inDraft]);
    const forJob = await stage(setup, 'Lease');
    jobId = (
      await call(setup, 'jobs.create', { flow: 'portal', 
        accountId: account.id,
        title: 'Lease',
        documents: [{ stagedId: forJob.id, title: 'Lease' }],
        signers: [{ email: 'kari@example.no', step: 1 }],
      })
    ).id;
  } finally {
    await setup.close();
  }
  ageStaged(abandoned.id);
  ageStaged(inDraft.id);
  // Half written when the app stopped: no .bin or .json beside it.
  writeFileSync(join(stagingDir, 'half-written.tmp'), 'x');
  utimesSync(join(stagingDir, 'half-written.tmp'), twoDaysAgo(), twoDaysAgo());

  // A process killed while sending leaves its bundle beside the job's documents.
  await control(sandbox, 'POST', '/faults', { match: 'POST /.*/portal/signature-jobs$', kind: 'delay', delayMs: 60_000, times: 1 });
  const child = spawn(process.execPath, ['--import', 'tsx', worker, appDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitFor(() => query<{ s: string | null }>('SELECT submit_started_at AS s FROM jobs WHERE id = ?', jobId).s !== null, 'the send to start');
  await killed(child);
  await control(sandbox, 'DELETE', '/faults');
  const jobFolder = join(appDir, 'documents', jobId);
  assert.ok(existsSync(join(jobFolder, 'bundle.zip.tmp')), 'the crash left its bundle');

  const restarted = createTestCore(appDir, { durableSecrets: true });
  try {
    assert.deepEqual(stagedFiles(abandoned.id), []);
    assert.deepEqual(stagedFiles('half-written'), []);
    assert.deepEqual(stagedFiles(inDraft.id), [`${inDraft.id}.bin`, `${inDraft.id}.json`]);
    assert.deepEqual(stagedFiles(recent.id), [`${recent.id}.bin`, `${recent.id}.json`]);

    // The first pass finds the interrupted send (outcome unknown, not sent again by itself) and
    // removes its bundle, but never the documents it is sent again from.
    await call(restarted, 'sync.run', {});
    assert.equal((await call(restarted, 'jobs.get', { id: jobId })).status, 'outcome_unknown');
    assert.deepEqual(readdirSync(jobFolder), ['0000_lease.pdf']);
    await call(restarted, 'jobs.retrySubmit', { id: jobId, acceptDuplicateRisk: true });
    const resent = await call(restarted, 'sync.run', {});
    assert.equal(resent.submitted, 1, resent.errors.join('; '));
    assert.equal((await call(restarted, 'jobs.get', { id: jobId })).status, 'in_progress');
    assert.deepEqual(readdirSync(jobFolder), ['0000_lease.pdf']);
  } finally {
    await restarted.close();
  }
});

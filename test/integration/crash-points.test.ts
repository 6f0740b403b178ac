// A sync killed outright at the named steps of downloading and filing (src-main/core/sync/crash-points.ts,
// armed through SIGNING_DESK_CRASH_AT in a separate process): the next sync files the signed files whole
// and leaves no half-written temp file in the archive or the save folder (issue #13 item 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningSandbox } from '../../sandbox';
import type { CrashPointName } from '../../src-main/core/sync/crash-points';
import type { AccountDetail } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-crash-points-');
const appDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signed');
const worker = fileURLToPath(new URL('../support/sync-worker.ts', import.meta.url));
let sandbox: RunningSandbox;
let account: AccountDetail;

/** One sync pass in its own process, armed to kill itself at `crashAt`; resolves with how it ended. */
function syncPass(crashAt?: `${CrashPointName}:${number}`): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const env = { ...process.env, SIGNING_DESK_CRASH_AT: crashAt ?? '' };
  const child = spawn(process.execPath, ['--import', 'tsx', worker, appDir], { stdio: 'ignore', env });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const files = (folder: string) => (existsSync(folder) ? readdirSync(folder, { recursive: true }).map(String) : []);
const halfWritten = () => [...files(join(appDir, 'archive')), ...files(saveFolder)].filter((name) => name.endsWith('.partial'));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  mkdirSync(saveFolder);
  const core = createTestCore(appDir, { durableSecrets: true });
  try {
    account = await addSandboxAccount(core, sandbox, { saveFolder });
  } finally {
    await core.close();
  }
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

test('killed while downloading, while copying into the save folder, and once placed there: filed whole, nothing half-written left', async () => {
  const core = createTestCore(appDir, { durableSecrets: true });
  let jobId: string;
  let serviceJobId: string;
  try {
    const staged = await call(core, 'documents.stage', { fileName: 'a.pdf', contentBase64: (await samplePdf('Avtale')).toString('base64') });
    jobId = (await call(core, 'jobs.create', { flow: 'portal', accountId: account.id, title: 'Killed while filing', documents: [{ stagedId: staged.id, title: 'Avtale' }], signers: [{ email: 'kari@example.no', step: 1 }] })).id;
    await call(core, 'sync.run', {});
    serviceJobId = (await call(core, 'jobs.get', { id: jobId })).serviceJobId!;
  } finally {
    await core.close();
  }
  await control(sandbox, 'POST', `/jobs/${serviceJobId}/signers/0/sign`);

  // Each pass dies at its step; the temp file it was writing stays behind, as after a power cut.
  assert.deepEqual(await syncPass('download.streaming:1'), { code: null, signal: 'SIGKILL' });
  assert.equal(halfWritten().length, 1, 'the download was cut off half-way');
  assert.deepEqual(await syncPass('filing.copying:1'), { code: null, signal: 'SIGKILL' });
  assert.deepEqual(await syncPass('filing.placed:1'), { code: null, signal: 'SIGKILL' });
  assert.ok(halfWritten().length >= 1, 'the filing was cut off');

  assert.deepEqual(await syncPass(), { code: 0, signal: null });
  assert.deepEqual(halfWritten(), [], 'no temp file is left in the archive or the save folder');
  const restarted = createTestCore(appDir, { durableSecrets: true });
  try {
    const detail = await call(restarted, 'jobs.get', { id: jobId });
    assert.equal(detail.status, 'completed');
    assert.deepEqual(detail.downloads.map((d) => d.state).sort(), ['filed', 'filed']);
    const pades = detail.downloads.find((d) => d.kind === 'pades')!;
    assert.equal(sha256(pades.savedPath!), sha256(join(dir.path, 'sandbox', 'jobs', serviceJobId, 'result.pdf')), 'the filed PDF is the service\'s, byte for byte');
    const filed = files(saveFolder).filter((name) => name.endsWith('.pdf') || name.endsWith('.xml'));
    assert.equal(filed.length, 2, `one copy of each file, no twin: ${filed.join(', ')}`);
  } finally {
    await restarted.close();
  }
});

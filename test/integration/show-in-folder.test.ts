import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import type { AccountDetail, JobDetail } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-show-');
const saveFolder = join(dir.path, 'Signed');
const dataDir = join(dir.path, 'app');
/** Every file the core asked the host to show. */
const shown: string[] = [];
let sandbox: RunningSandbox;
let core: Core;
let account: AccountDetail;
let job: JobDetail;

const inside = (root: string, file: string) => {
  const rel = relative(realpathSync(root), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  core = createTestCore(dataDir, { saveTarget: { showInFolder: async (file) => (shown.push(file), true) } });
  mkdirSync(saveFolder);
  account = await addSandboxAccount(core, sandbox, { saveFolder });
  const staged = await call(core, 'documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf('Avtale')).toString('base64') });
  const created = await call(core, 'jobs.create', { flow: 'portal', 
    accountId: account.id,
    title: 'Avtale',
    documents: [{ stagedId: staged.id, title: 'Avtale' }],
    signers: [{ email: 'kari@example.no', step: 1 }],
  });
  await call(core, 'sync.run', {});
  const sent = await call(core, 'jobs.get', { id: created.id });
  await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
  await call(core, 'sync.run', {});
  job = await call(core, 'jobs.get', { id: created.id });
  assert.ok(job.downloads.length > 0 && job.downloads.every((d) => d.state === 'filed'), JSON.stringify(job.downloads));
});
after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

test('showing a file takes an id, never a path; the old path method is gone', async () => {
  const byPath = await core.dispatch('host.showInFolder', { path: '/etc/passwd' } as never);
  assert.ok(!byPath.ok && byPath.error.code === 'VALIDATION');
  const both = await core.dispatch('host.showInFolder', { jobId: job.id, path: '/etc/passwd' } as never);
  assert.ok(!both.ok && both.error.code === 'VALIDATION');
  const old = await core.dispatch('host.revealPath' as never, { path: '/etc/passwd' } as never);
  assert.ok(!old.ok && old.error.code === 'UNKNOWN_METHOD');
  assert.deepEqual(shown, []);
});

test('a job shows its archived file, a download its saved file: nothing outside the archive and save folders', async () => {
  shown.length = 0;
  assert.deepEqual(await call(core, 'host.showInFolder', { jobId: job.id }), { shown: true });
  for (const download of job.downloads) assert.deepEqual(await call(core, 'host.showInFolder', { downloadId: download.id }), { shown: true });
  assert.equal(shown.length, 1 + job.downloads.length);
  assert.ok(inside(join(dataDir, 'archive'), shown[0]), shown[0]);
  assert.equal(shown[0], realpathSync(job.downloads.find((d) => d.kind === 'pades')!.archivePath!));
  for (const file of shown.slice(1)) assert.ok(inside(saveFolder, file), file);
});

test('a record pointing elsewhere is not shown, even through a link in the archive', async () => {
  shown.length = 0;
  const pades = job.downloads.find((d) => d.kind === 'pades')!;
  core.db.prepare('UPDATE artifacts SET archive_path = ?, saved_path = ? WHERE id = ?').run('/etc/passwd', '/etc/passwd', pades.id);
  const outside = await core.dispatch('host.showInFolder', { downloadId: pades.id });
  assert.ok(!outside.ok && outside.error.code === 'NOT_FOUND', JSON.stringify(outside));
  const link = join(dataDir, 'archive', job.id, 'link.pdf');
  symlinkSync('/etc/passwd', link);
  core.db.prepare('UPDATE artifacts SET archive_path = ?, saved_path = NULL WHERE id = ?').run(link, pades.id);
  const linked = await core.dispatch('host.showInFolder', { downloadId: pades.id });
  assert.ok(!linked.ok && linked.error.code === 'NOT_FOUND', JSON.stringify(linked));
  assert.deepEqual(shown, []);
});

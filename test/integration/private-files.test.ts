// What the app writes (identity numbers and e-mails in the database, the demo certificate's
// password in sandbox.json, signed documents) is readable by the user only: 0700 folders, 0600
// files, whatever the umask. Windows profiles are private already; the app does not chmod there.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import { runCli } from '../../src-main/cli/run';
import type { JobJson } from '../../src-main/cli/job-json';
import { startWebHost } from '../../src-main/web';
import type { AccountDetail, SyncReport } from '../../src-shared/contract';
import { silentLogger, tempDir } from '../support/core';
import { call, control, samplePdf } from '../support/sandbox-account';

const skip = process.platform === 'win32' ? 'Windows keeps the per-user profile private; the app does not chmod there' : false;
const dir = tempDir('sd-private-');
let savedUmask: number;

before(() => {
  // The common default that left everything readable by every user of the PC.
  savedUmask = process.umask(0o022);
});
after(() => {
  process.umask(savedUmask);
  dir.remove();
});

/** Every folder under `root` (itself included) that is not 0700, and every file that is not 0600. */
function notPrivate(root: string): string[] {
  const problems: string[] = [];
  const visit = (path: string) => {
    const info = lstatSync(path);
    const mode = info.mode & 0o777;
    const name = relative(root, path) || '.';
    if (info.isDirectory()) {
      if (mode !== 0o700) problems.push(`${name}/ is ${mode.toString(8)}`);
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (mode !== 0o600) problems.push(`${name} is ${mode.toString(8)}`);
  };
  visit(root);
  return problems;
}

describe('files the app creates are private to the user', { skip }, () => {
  test('the web host with the demo: a job sent, signed and filed', async () => {
    const dataDir = join(dir.path, 'web-data');
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Signing Desk</title>');
    const host = await startWebHost({ dataDir, demo: true, backgroundSync: false, rendererDir, logger: silentLogger });
    try {
      assert.ok(host.demo, 'the demo sandbox runs');
      const staged = await call(host.core, 'documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf('Avtale')).toString('base64') });
      const job = await call(host.core, 'jobs.create', { flow: 'portal', 
        accountId: host.demo.accountId,
        title: 'Avtale',
        documents: [{ stagedId: staged.id, title: 'Avtale' }],
        signers: [{ nationalIdentityNumber: '01010112377', email: 'kari@example.no', step: 1 }],
      });
      await call(host.core, 'sync.run', {});
      const sent = await call(host.core, 'jobs.get', { id: job.id });
      const demo = { info: host.demo.info } as RunningSandbox;
      await control(demo, 'POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
      // The demo asks for 3 s between empty polls: let that time pass on both sides instead of waiting.
      await control(demo, 'POST', '/clock/advance', { seconds: 10 });
      host.core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
      await call(host.core, 'sync.run', {});
      const done = await call(host.core, 'jobs.get', { id: job.id });
      assert.ok(done.downloads.length > 0 && done.downloads.every((d) => d.state === 'filed'), JSON.stringify(done.downloads));
      // While the database is open, with its -wal and -shm files beside it.
      assert.ok(readdirSync(dataDir).includes('signing-desk.sqlite-wal'));
      assert.deepEqual(notPrivate(dataDir), []);
    } finally {
      await host.close();
    }
    const names = readdirSync(dataDir);
    for (const expected of ['signing-desk.sqlite', 'archive', 'Signed documents', 'demo-sandbox', 'documents', 'secrets.insecure.json']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.deepEqual(notPrivate(dataDir), []);
  });

  test('the command line on a fresh data folder, with the demo account', async () => {
    const dataDir = join(dir.path, 'cli-data');
    const pdf = join(dir.path, 'avtale.pdf');
    writeFileSync(pdf, await samplePdf('Avtale'));
    const run = async <T>(...argv: string[]): Promise<T> => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--data-dir', dataDir, '--json', ...argv], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} });
      assert.equal(code, 0, `${argv.join(' ')}: ${stderr}`);
      return JSON.parse(stdout) as T;
    };
    const demo = await run<AccountDetail>('accounts', 'add', 'demo');
    await run<JobJson>('jobs', 'create', 'portal', '--account', demo.id, '--title', 'Avtale', '--document', pdf, '--signer', 'email=kari@example.no');
    const report = await run<SyncReport>('sync', '--once');
    assert.equal(report.submitted, 1, report.errors.join('; '));
    assert.ok(readdirSync(dataDir).includes('signing-desk.sqlite-wal') || readdirSync(dataDir).includes('signing-desk.sqlite'));
    assert.deepEqual(notPrivate(dataDir), []);
  });
});

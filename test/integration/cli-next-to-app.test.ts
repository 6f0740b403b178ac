// The command line works on the same data folder as the running app. It must not disturb the app:
// the demo account stays on the one sandbox of that data folder, and a `sync` that cannot sync
// because the app does says so and fails.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { RunningSandbox, SandboxInfo } from '../../sandbox';
import { runCli } from '../../src-main/cli/run';
import type { JobJson } from '../../src-main/cli/job-json';
import { startWebHost } from '../../src-main/web';
import type { AccountSummary, SyncReport } from '../../src-shared/contract';
import { createTestCore, silentLogger, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-cli-next-to-app-');
const rendererDir = join(dir.path, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Signing Desk</title>');
after(() => dir.remove());

async function cli(dataDir: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    // Only a `sync` that runs until stopped needs it: a bound, so such a run ends the test instead of hanging it.
    signal: AbortSignal.timeout(60_000),
  });
  return { code, stdout, stderr };
}

const demoApiRoot = (core: { db: { prepare(sql: string): { get(): unknown } } }) =>
  (core.db.prepare('SELECT api_root FROM accounts WHERE is_demo = 1').get() as { api_root: string }).api_root;
const keptSandbox = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'demo-sandbox', 'sandbox.json'), 'utf8')) as SandboxInfo;

describe('the demo sandbox: one per data folder, on its kept port', () => {
  test('a CLI command next to the running app uses the app\'s sandbox and leaves the demo account where it was', async () => {
    const dataDir = join(dir.path, 'app-running');
    const host = await startWebHost({ dataDir, demo: true, backgroundSync: false, rendererDir, logger: silentLogger });
    try {
      assert.ok(host.demo, 'the demo sandbox runs in the app');
      const apiRoot = demoApiRoot(host.core);
      assert.equal(apiRoot, host.demo.info.apiRoot);
      const pdf = join(dir.path, 'avtale.pdf');
      writeFileSync(pdf, await samplePdf('Avtale'));

      const listed = await cli(dataDir, 'accounts', 'list', '--json');
      assert.equal(listed.code, 0, listed.stderr);
      // A first start adds Posten's demo account and, beside it, Rest PKI Core's.
      assert.deepEqual((JSON.parse(listed.stdout) as AccountSummary[]).map((account) => account.id), [host.demo.accountIds.posten, host.demo.accountIds.restpki]);
      const created = await cli(dataDir, 'jobs', 'create', 'portal', '--account', host.demo.accountId, '--title', 'Sent by the CLI', '--document', pdf, '--signer', 'email=kari@example.no', '--json');
      assert.equal(created.code, 0, created.stderr);
      const jobId = (JSON.parse(created.stdout) as JobJson).id;
      // The CLI's sync goes through the app's sandbox (its port is busy: the app runs it there).
      const synced = await cli(dataDir, 'sync', '--once', '--json');
      assert.equal(synced.code, 0, synced.stderr);
      const report = JSON.parse(synced.stdout) as SyncReport;
      assert.equal(report.submitted, 1, report.errors.join('; '));
      const serviceJobId = (await call(host.core, 'jobs.get', { id: jobId })).serviceJobId;
      const atApp = (await (await fetch(`${host.demo.info.controlUrl}/jobs/${serviceJobId}`)).json()) as { title: string };
      assert.equal(atApp.title, 'Sent by the CLI', 'the app\'s sandbox has the job');

      assert.equal(demoApiRoot(host.core), apiRoot, 'the account still points at the app\'s sandbox');
      assert.equal(keptSandbox(dataDir).apiRoot, apiRoot, 'sandbox.json still names the kept ports');

      // And the app goes on syncing through its sandbox.
      const demo = { info: host.demo.info } as RunningSandbox;
      await control(demo, 'POST', `/jobs/${serviceJobId}/signers/0/sign`);
      await control(demo, 'POST', '/clock/advance', { seconds: 10 });
      host.core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
      const appReport = await call(host.core, 'sync.run', {});
      assert.deepEqual(appReport.errors, []);
      assert.equal((await call(host.core, 'jobs.get', { id: jobId })).status, 'completed');
    } finally {
      await host.close();
    }
  });

  test('when another program holds the kept port, a CLI command refuses in words and the account is not moved', async () => {
    const dataDir = join(dir.path, 'port-taken');
    const added = await cli(dataDir, 'accounts', 'add', 'demo', '--json');
    assert.equal(added.code, 0, added.stderr);
    const kept = keptSandbox(dataDir);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(new URL(kept.apiRoot).port), '127.0.0.1', resolve));
    try {
      const synced = await cli(dataDir, 'sync', '--once');
      assert.equal(synced.code, 1);
      assert.match(synced.stderr, new RegExp(`The demo service cannot start: its address ${kept.apiRoot.replace(/[.:/]/g, '\\$&')}, which the demo account uses, is taken by another program`));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const core = createTestCore(dataDir);
    try {
      assert.equal(demoApiRoot(core), kept.apiRoot);
    } finally {
      await core.close();
    }
    assert.equal(keptSandbox(dataDir).apiRoot, kept.apiRoot);
    // Once the port is free again the command works on it.
    assert.equal((await cli(dataDir, 'sync', '--once')).code, 0);
  });
});

describe('sync while another process syncs the data folder', () => {
  test('sync --once and sync exit 1 with the reason, and work once the other process has stopped', async () => {
    const sandboxDir = join(dir.path, 'lease-sandbox');
    const dataDir = join(dir.path, 'lease');
    const sandbox = await startTestSandbox(sandboxDir);
    try {
      const app = createTestCore(dataDir, { durableSecrets: true });
      try {
        await addSandboxAccount(app, sandbox);
        // The other process's pass takes the lease, which it keeps until it stops.
        assert.deepEqual((await app.sync.runPass()).errors, []);

        const once = await cli(dataDir, 'sync', '--once');
        assert.equal(once.code, 1);
        // In words: the one-line failure of the command line.
        assert.match(once.stderr, /Another Signing Desk is already syncing this data folder/);
        assert.equal(once.stdout, '');
        const following = await cli(dataDir, 'sync');
        assert.equal(following.code, 1);
        assert.match(following.stderr, /is already syncing this data folder/);
      } finally {
        await app.close();
      }
      const once = await cli(dataDir, 'sync', '--once', '--json');
      assert.equal(once.code, 0, once.stderr);
      assert.deepEqual((JSON.parse(once.stdout) as SyncReport).errors, []);
    } finally {
      await sandbox.close();
    }
  });
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { PostenClient } from '../../src-main/core/providers/posten/client';
import { RequestPacer } from '../../src-main/core/providers/posten/pacer';
import { postenConnectionOf } from '../../src-main/core/providers/posten/accounts';
import { PostenError } from '../../src-main/core/providers/posten/errors';
import type { AccountDetail } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-429-');
let sandbox: RunningSandbox;
let core: Core;
let account: AccountDetail;

before(async () => {
  sandbox = await startTestSandbox(dir.path, { emptyQueueDelaySeconds: 60, rateLimitPerSecond: 5 });
  core = createTestCore(join(dir.path, 'app'));
  account = await addSandboxAccount(core, sandbox);
});
after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

const accountRow = () => core.db.prepare('SELECT next_poll_at, last_poll_error FROM accounts WHERE id = ?').get(account.id) as { next_poll_at: string; last_poll_error: string | null };

test('204 stores the next permitted poll time, and the poller waits for it, also after a restart', async () => {
  await call(core, 'sync.run', {});
  const first = accountRow();
  const waitSeconds = (new Date(first.next_poll_at).getTime() - Date.now()) / 1000;
  assert.ok(waitSeconds > 50 && waitSeconds <= 61, `next poll in ${waitSeconds} s`);
  // A second pass does not poll early (the sandbox would answer 429).
  await call(core, 'sync.run', {});
  assert.equal(accountRow().next_poll_at, first.next_poll_at);
  assert.equal(accountRow().last_poll_error, null);
});

test('429 for polling too early: waits until the time the service names', async () => {
  // Forget the stored time, as an app without that rule would, and poll anyway.
  core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
  const report = await call(core, 'sync.run', {});
  assert.match(report.errors.join(' '), /too early/i);
  const row = accountRow();
  const waitSeconds = (new Date(row.next_poll_at).getTime() - Date.now()) / 1000;
  assert.ok(waitSeconds > 40, `waits ${waitSeconds} s as the header says`);
});

test('429 with DoSFilter: the organisation is blocked, the client backs off 30 s', async () => {
  // A client without our pacer hammers the service past its per-organisation limit.
  const reckless = new PostenClient(await postenConnectionOf(core.context, account.id), { pacer: new RequestPacer(1000) });
  let blocked: PostenError | undefined;
  for (let i = 0; i < 30 && !blocked; i++) {
    try {
      await reckless.probe();
    } catch (error) {
      if (error instanceof PostenError && error.kind === 'rateLimited') blocked = error;
      else throw error;
    }
  }
  await reckless.close();
  assert.ok(blocked, 'the service blocked the organisation');
  assert.equal(blocked.details.dosFilter, true);
  const waitMs = blocked.details.retryAt!.getTime() - Date.now();
  assert.ok(waitMs > 25_000 && waitMs <= 30_000, `retry in ${waitMs} ms`);

  core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
  const report = await call(core, 'sync.run', {});
  assert.match(report.errors.join(' '), /blocks this organisation/);
  const waitSeconds = (new Date(accountRow().next_poll_at).getTime() - Date.now()) / 1000;
  assert.ok(waitSeconds > 25 && waitSeconds <= 30, `poller waits ${waitSeconds} s`);
});

test('the pacer keeps one organisation under the limit', async () => {
  const pacer = new RequestPacer(5);
  const started = Date.now();
  await Promise.all(Array.from({ length: 12 }, () => pacer.acquire()));
  // 12 starts at 5 per second need at least two full windows.
  assert.ok(Date.now() - started >= 2000, `took ${Date.now() - started} ms`);
});

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { methodNames, type EventName } from '../../src-shared/contract';
import { createMemoryPortPair, createPortClient, servePort, type Bridge } from '../../src-shared/rpc';
import { startWebServer } from '../../src-main/web/server';
import { createTestCore, tempDir } from '../support/core';
import { seedJobs } from '../support/seed';
import { connectWebSocketPort } from '../support/ws-port';
import type { Core } from '../../src-main/core';

interface Harness {
  core: Core;
  connect(): Promise<Bridge & { close(): void }>;
  close(): Promise<void>;
}

const transports: Record<string, (dataDir: string) => Promise<Harness>> = {
  memory: async (dataDir) => {
    const core = createTestCore(dataDir);
    return {
      core,
      async connect() {
        const [clientPort, serverPort] = createMemoryPortPair();
        servePort(core, serverPort);
        return createPortClient(clientPort);
      },
      close: () => core.close(),
    };
  },
  websocket: async (dataDir) => {
    const core = createTestCore(dataDir);
    const server = await startWebServer({ dispatcher: core, rendererDir: dataDir });
    const sockets: { close(): void }[] = [];
    return {
      core,
      async connect() {
        const port = await connectWebSocketPort(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`, server.origin);
        sockets.push(port);
        const client = createPortClient(port);
        return { ...client, close: () => (client.close(), port.close()) };
      },
      async close() {
        for (const socket of sockets) socket.close();
        await server.close();
        await core.close();
      },
    };
  },
};

function nextEvent(bridge: Bridge, event: EventName): Promise<unknown> {
  return new Promise((resolve) => {
    const stop = bridge.on(event, (payload) => {
      stop();
      resolve(payload);
    });
  });
}

for (const [name, makeHarness] of Object.entries(transports)) {
  describe(`contract over the ${name} transport`, () => {
    const dir = tempDir();
    let harness: Harness;
    let bridge: Bridge & { close(): void };

    before(async () => {
      harness = await makeHarness(dir.path);
      seedJobs(harness.core.db, 250);
      bridge = await harness.connect();
    });
    after(async () => {
      bridge.close();
      await harness.close();
      dir.remove();
    });

    test('app.info describes the app', async () => {
      const result = await bridge.call('app.info', {});
      assert.ok(result.ok);
      assert.equal(result.value.name, 'Signing Desk');
      assert.equal(result.value.dataDir, dir.path);
    });

    test('settings: defaults, update, and the change reaches every connected client', async () => {
      const initial = await bridge.call('settings.get', {});
      assert.ok(initial.ok);
      assert.equal(initial.value.language, 'system');
      const other = await harness.connect();
      const seenByOther = nextEvent(other, 'settings.changed');
      const seenBySelf = nextEvent(bridge, 'settings.changed');
      const updated = await bridge.call('settings.update', { language: 'en', theme: 'dark' });
      assert.ok(updated.ok);
      assert.equal(updated.value.language, 'en');
      assert.equal(updated.value.notifications.signerSigned, true);
      assert.deepEqual(await seenByOther, updated.value);
      assert.deepEqual(await seenBySelf, updated.value);
      const reread = await other.call('settings.get', {});
      assert.ok(reread.ok);
      assert.equal(reread.value.theme, 'dark');
      other.close();
    });

    test('accounts.list lists the accounts', async () => {
      const result = await bridge.call('accounts.list', {});
      assert.ok(result.ok);
      assert.deepEqual(result.value.items.map((a) => a.id), ['acct-seed']);
    });

    test('jobs.list pages newest first, filters by tab and searches', async () => {
      const first = await bridge.call('jobs.list', { limit: 10 });
      assert.ok(first.ok);
      assert.equal(first.value.total, 250);
      assert.equal(first.value.items.length, 10);
      assert.equal(first.value.items[0].id, 'job-000249');
      const second = await bridge.call('jobs.list', { limit: 10, offset: 10 });
      assert.ok(second.ok);
      assert.equal(second.value.items[0].id, 'job-000239');

      const completed = await bridge.call('jobs.list', { filter: 'completed', limit: 500 });
      assert.ok(completed.ok);
      assert.ok(completed.value.items.every((job) => job.status === 'completed'));
      assert.equal(completed.value.total, completed.value.counts.completed);
      assert.equal(completed.value.counts.all, 250);

      const byReference = await bridge.call('jobs.list', { search: 'REF-000123' });
      assert.ok(byReference.ok);
      assert.deepEqual(byReference.value.items.map((j) => j.id), ['job-000123']);
      const bySigner = await bridge.call('jobs.list', { search: 'kari', limit: 500 });
      assert.ok(bySigner.ok);
      assert.ok(bySigner.value.total > 0 && bySigner.value.total < 250);
      const short = await bridge.call('jobs.list', { search: '12' });
      assert.ok(short.ok);
      assert.ok(short.value.items.every((j) => (j.title + j.reference).includes('12')));
    });

    test('an oversized draft is a validation error and the database does not grow', async () => {
      const databaseBytes = () =>
        ['signing-desk.sqlite', 'signing-desk.sqlite-wal'].reduce((sum, name) => sum + (statSync(join(dir.path, name), { throwIfNoEntry: false })?.size ?? 0), 0);
      const before = databaseBytes();
      // Well under what the transports carry (a staged document is larger), far over what a form holds.
      const description = 'x'.repeat(4 * 1024 * 1024);
      for (let attempt = 0; attempt < 3; attempt++) {
        const result = await bridge.call('drafts.save', { accountId: 'acct-seed', title: 'Huge draft', payload: { version: 1, form: { description } } });
        assert.ok(!result.ok, 'refused');
        assert.equal(result.error.code, 'VALIDATION');
      }
      assert.equal(databaseBytes(), before);
      const drafts = await bridge.call('jobs.list', { filter: 'drafts', search: 'huge draft' });
      assert.ok(drafts.ok && drafts.value.total === 0);
      const normal = await bridge.call('drafts.save', { accountId: 'acct-seed', title: 'Normal draft', payload: { version: 1, form: { description: 'A few words' } } });
      assert.ok(normal.ok, 'a draft of a normal size is still saved');
    });

    test('an invalid payload to any method is a validation error value, not a crash', async () => {
      for (const method of methodNames) {
        const result = await bridge.call(method, { bogus: 1, limit: 'lots' } as never);
        assert.equal(result.ok, false, method);
        if (!result.ok) assert.equal(result.error.code, 'VALIDATION', method);
      }
      const wrongType = await bridge.call('jobs.list', 'not an object' as never);
      assert.ok(!wrongType.ok && wrongType.error.code === 'VALIDATION');
      const unknown = await bridge.call('no.such.method' as never, {} as never);
      assert.ok(!unknown.ok && unknown.error.code === 'UNKNOWN_METHOD');
      const stillAlive = await bridge.call('app.info', {});
      assert.ok(stillAlive.ok);
    });
  });
}

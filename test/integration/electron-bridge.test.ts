// The renderer's Electron transport end to end, without the Electron binary: the renderer's
// bridge calls the preload's named functions, which send on their channel through a stand-in for
// ipcRenderer/ipcMain to main's sender-checked handlers and a real core on a real SQLite file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createPreloadBridge } from '../../src-renderer/bridge/preload-bridge';
import { createInvokeHandler, methodChannelMap } from '../../src-main/electron/ipc-guard';
import { createPreloadApi, type IpcRendererLike } from '../../src-main/electron/preload-api';
import type { SenderInfo } from '../../src-main/electron/sender-check';
import { channelOf } from '../../src-shared/contract';
import { createTestCore, silentLogger, tempDir } from '../support/core';

const dir = tempDir('sd-electron-bridge-');
const core = createTestCore(join(dir.path, 'data'));
after(async () => {
  await core.close();
  dir.remove();
});

const ourWindow: SenderInfo = { frameUrl: 'app://signing-desk/index.html', isMainFrame: true, webContentsId: 1, knownWebContentsIds: new Set([1]) };

/** ipcRenderer and ipcMain joined in one process, the way Electron joins them across processes. */
function joinedIpc(): IpcRendererLike & { sent: string[] } {
  const handlers = new Map<string, (sender: SenderInfo, input: unknown) => Promise<unknown>>();
  for (const [channel, method] of methodChannelMap()) handlers.set(channel, createInvokeHandler(core, method, silentLogger));
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  core.subscribe((event, payload) => {
    for (const listener of listeners.get(channelOf(event)) ?? []) listener({ sender: 'main' }, structuredClone(payload));
  });
  const sent: string[] = [];
  return {
    sent,
    async invoke(channel, input) {
      sent.push(channel);
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      return structuredClone(await handler(ourWindow, structuredClone(input)));
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
}

test('the renderer reaches the core through the named functions, and hears events by name', async () => {
  const ipc = joinedIpc();
  const bridge = createPreloadBridge(createPreloadApi(ipc));
  const info = await bridge.call('app.info', {});
  assert.ok(info.ok, JSON.stringify(info));
  assert.equal(info.value.name, 'Signing Desk');

  const changes: string[] = [];
  const off = bridge.on('settings.changed', (settings) => void changes.push(settings.theme));
  const updated = await bridge.call('settings.update', { theme: 'dark' });
  assert.ok(updated.ok, JSON.stringify(updated));
  assert.deepEqual(changes, ['dark']);
  off();

  const invalid = await bridge.call('jobs.list', { limit: -1 });
  assert.equal(!invalid.ok && invalid.error.code, 'VALIDATION', 'main still validates every input');
  assert.deepEqual(ipc.sent, [channelOf('app.info'), channelOf('settings.update'), channelOf('jobs.list')]);
});

test('a method the contract does not name never leaves the renderer', async () => {
  const ipc = joinedIpc();
  const bridge = createPreloadBridge(createPreloadApi(ipc));
  for (const method of ['no.such', 'jobs.nope', 'jobs', 'on.x', '__proto__.constructor', 'jobs.__proto__', 'app.info.x', 'constructor.name']) {
    const result = await bridge.call(method as never, {} as never);
    assert.equal(!result.ok && result.error.code, 'UNKNOWN_METHOD', method);
  }
  assert.deepEqual(ipc.sent, []);
});

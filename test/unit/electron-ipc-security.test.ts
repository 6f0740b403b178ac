import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelOf, methodChannels, methodNames } from '../../src-shared/contract';
import { ok } from '../../src-shared/result';
import { allowedExternalUrl, isAllowedExternalUrl } from '../../src-main/electron/external-links';
import { createInvokeHandler, methodChannelMap } from '../../src-main/electron/ipc-guard';
import { createPreloadApi, type IpcRendererLike } from '../../src-main/electron/preload-api';
import { isTrustedSender, type SenderInfo } from '../../src-main/electron/sender-check';

const known = new Set([7]);
const trusted: SenderInfo = { frameUrl: 'app://signing-desk/index.html', isMainFrame: true, webContentsId: 7, knownWebContentsIds: known };

test('external links: only allowlisted https hosts, re-serialised', () => {
  assert.equal(allowedExternalUrl('https://signering.posten.no/path?q=1#x'), 'https://signering.posten.no/path?q=1#x');
  assert.equal(allowedExternalUrl('https://GITHUB.com/a b'), 'https://github.com/a%20b');
  for (const bad of [
    'http://signering.posten.no/',
    'https://signering.posten.no.evil.example/',
    'https://evil.example/?https://github.com',
    'https://user:pw@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'app://signing-desk/index.html',
    'not a url',
  ]) {
    assert.equal(isAllowedExternalUrl(bad), false, bad);
  }
  assert.equal(isAllowedExternalUrl('https://example.org/', ['example.org']), true);
});

test('sender check: main frame of a known window showing app://signing-desk', () => {
  assert.equal(isTrustedSender(trusted), true);
  assert.equal(isTrustedSender({ ...trusted, frameUrl: 'app://signing-desk/jobs?x=1' }), true);
});

test('sender check refuses subframes, foreign origins, unknown windows and vanished frames', () => {
  assert.equal(isTrustedSender({ ...trusted, isMainFrame: false }), false);
  assert.equal(isTrustedSender({ ...trusted, webContentsId: 8 }), false);
  assert.equal(isTrustedSender({ ...trusted, frameUrl: undefined }), false);
  for (const frameUrl of ['https://evil.example/', 'app://other/index.html', 'app://signing-desk.evil/index.html', 'file:///index.html', 'http://127.0.0.1:5173/', 'garbage']) {
    assert.equal(isTrustedSender({ ...trusted, frameUrl }), false, frameUrl);
  }
});

test('every contract method has exactly one IPC channel', () => {
  const map = methodChannelMap();
  assert.equal(map.size, methodNames.length);
  for (const method of methodNames) assert.equal(map.get(channelOf(method)), method);
  assert.deepEqual([...map.keys()].sort(), [...methodChannels].sort());
});

test('invoke handler dispatches for trusted senders only', async () => {
  const calls: [string, unknown][] = [];
  const dispatcher = { dispatch: async (method: string, input: unknown) => (calls.push([method, input]), ok({ echoed: input })) };
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
  const handle = createInvokeHandler(dispatcher, 'jobs.list', logger);

  assert.deepEqual(await handle(trusted, { limit: 5 }), { ok: true, value: { echoed: { limit: 5 } } });
  assert.deepEqual(calls, [['jobs.list', { limit: 5 }]]);

  const refused = await handle({ ...trusted, isMainFrame: false }, { limit: 5 });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.error.code, 'UNAVAILABLE');
  assert.equal(calls.length, 1, 'an untrusted call must not reach the core');
  assert.equal(warnings.length, 1);
});

test('invoke handler turns a throwing dispatcher into an error value', async () => {
  const handle = createInvokeHandler({ dispatch: async () => { throw new Error('boom'); } }, 'app.info', createRecordingLogger());
  assert.deepEqual(await handle(trusted, {}), { ok: false, error: { code: 'INTERNAL', message: 'boom' } });
});

function createRecordingLogger() {
  return { debug() {}, info() {}, warn() {}, error() {} };
}

function fakeIpc() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike & { invoked: typeof invoked; emit(channel: string, payload: unknown): void; count(channel: string): number } = {
    invoked,
    async invoke(channel, ...args) {
      invoked.push([channel, args[0]]);
      if (channel === channelOf('app.info')) throw new Error("Error invoking remote method 'sd:app.info': boom");
      return ok('answer');
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'SECRET ipcRenderer' }, payload);
    },
    count: (channel) => listeners.get(channel)?.size ?? 0,
  };
  return ipc;
}

test('preload api: one named function per contract method, each sending its own channel', async () => {
  const ipc = fakeIpc();
  const api = createPreloadApi(ipc) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  assert.deepEqual(await api.jobs!.list!({ limit: 1 }), ok('answer'));
  assert.deepEqual(await api.jobs!.saveAgain!({ id: 'j', folder: '/x' }), ok('answer'));
  assert.deepEqual(ipc.invoked, [
    [channelOf('jobs.list'), { limit: 1 }],
    [channelOf('jobs.saveAgain'), { id: 'j', folder: '/x' }],
  ]);
  const named = Object.entries(api).flatMap(([area, actions]) => (area === 'on' ? [] : Object.keys(actions).map((action) => `${area}.${action}`)));
  assert.deepEqual(named.sort(), [...methodNames].sort(), 'exactly the contract methods');
  assert.equal(typeof api.on, 'function');
  assert.equal('invoke' in api, false, 'no generic invoke(channel)');
  assert.ok(Object.isFrozen(api) && Object.isFrozen(api.jobs), 'the page cannot add or swap functions');
});

test('preload api functions pass one object only, whatever else the page adds', async () => {
  const ipc = fakeIpc();
  const api = createPreloadApi(ipc) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  await api.jobs!.get!({ id: 'a' }, 'sd:app.info', { extra: true });
  assert.deepEqual(ipc.invoked, [[channelOf('jobs.get'), { id: 'a' }]]);
});

test('preload api turns a rejected invoke into a TRANSPORT error value', async () => {
  const result = await createPreloadApi(fakeIpc()).app.info({});
  assert.equal(!result.ok && result.error.code, 'TRANSPORT');
});

test('preload api events: by name, payload only, unsubscribe works, unknown events throw', () => {
  const ipc = fakeIpc();
  const api = createPreloadApi(ipc);
  const channel = channelOf('jobs.changed');
  const received: unknown[][] = [];
  const off = api.on('jobs.changed', (...args: unknown[]) => void received.push(args));
  ipc.emit(channel, { jobIds: ['a'] });
  assert.deepEqual(received, [[{ jobIds: ['a'] }]], 'listeners must never see the IpcRendererEvent');
  off();
  assert.equal(ipc.count(channel), 0);
  ipc.emit(channel, { jobIds: ['b'] });
  assert.equal(received.length, 1);
  for (const bad of ['nope', channel, 'jobs.list', '__proto__']) {
    assert.throws(() => api.on(bad as never, () => {}), /not part of the contract/, bad);
  }
  assert.equal(ipc.count(channelOf('jobs.list')), 0);
});

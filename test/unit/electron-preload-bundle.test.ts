// The preload as it ships: dist/electron/preload.cjs, built by scripts/build.mjs (npm test builds
// before it runs the tests). It runs with IPC access in every window, so it stays small and free
// of the zod contract, and it is run here against a fake `electron` to see what the page gets.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { channelOf } from '../../src-shared/contract';
import { METHOD_NAMES } from '../../src-shared/contract/names';

const root = fileURLToPath(new URL('../..', import.meta.url));
const preloadPath = join(root, 'dist', 'electron', 'preload.cjs');
const MAX_PRELOAD_BYTES = 8 * 1024;

let source: string;
before(() => {
  assert.ok(existsSync(preloadPath), `${preloadPath} is missing: run node scripts/build.mjs first`);
  source = readFileSync(preloadPath, 'utf8');
});

test(`the built preload is under ${MAX_PRELOAD_BYTES / 1024} KB and holds no zod`, () => {
  const bytes = Buffer.byteLength(source);
  assert.ok(bytes < MAX_PRELOAD_BYTES, `preload.cjs is ${bytes} bytes`);
  assert.doesNotMatch(source, /zod|ZodError|safeParse/i);
  // It reaches nothing at run time but electron (a sandboxed preload cannot load other files).
  const required = [...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['electron']);
});

function runPreload() {
  const exposed: [string, unknown][] = [];
  const invoked: [string, unknown[]][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.push([key, api]) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (invoked.push([channel, args]), { ok: true, value: channel }),
      on: () => {},
      removeListener: () => {},
    },
  };
  const module = { exports: {} };
  const require = (id: string) => {
    if (id === 'electron') return electron;
    throw new Error(`the preload asked for ${id}`);
  };
  runInNewContext(source, { require, module, exports: module.exports, Error, TypeError, JSON, Set, Object, String, Promise });
  return { exposed, invoked };
}

test('the page gets window.signingDesk: the contract methods by name and on(), no invoke(channel)', async () => {
  const { exposed, invoked } = runPreload();
  assert.deepEqual(exposed.map(([key]) => key), ['signingDesk']);
  const api = exposed[0]![1] as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const named = Object.entries(api).flatMap(([area, actions]) => (typeof actions === 'function' ? [area] : Object.keys(actions).map((a) => `${area}.${a}`)));
  assert.deepEqual(named.sort(), [...METHOD_NAMES, 'on'].sort());
  assert.equal('invoke' in api, false);

  assert.deepEqual(await api.jobs!.saveToChosenFolder!({ id: 'job-1' }), { ok: true, value: channelOf('jobs.saveToChosenFolder') });
  assert.deepEqual(invoked, [[channelOf('jobs.saveToChosenFolder'), [{ id: 'job-1' }]]]);
});

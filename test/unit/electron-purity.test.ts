// The Electron adapter's decisions live in modules that must load in plain Node: importing
// `electron` there would try to download the binary. esbuild follows every import to prove it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('../../src-main/electron/', import.meta.url));
const pureModules = ['app-protocol', 'csp', 'external-links', 'sender-check', 'window-state', 'menu-template', 'tray-model', 'launch-options', 'encrypted-secret-store', 'ipc-guard', 'preload-api'];

for (const name of pureModules) {
  test(`${name}.ts reaches no electron import`, async () => {
    const result = await build({
      entryPoints: [join(dir, `${name}.ts`)],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      packages: 'external',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    assert.ok(!imports.some((path) => path === 'electron' || path.startsWith('electron/')), `${name} pulls in electron`);
  });
}

test('the preload bundle needs nothing but electron at run time', async () => {
  const result = await build({
    entryPoints: [join(dir, 'preload.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'silent',
  });
  const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  assert.deepEqual([...new Set(external)], ['electron']);
});

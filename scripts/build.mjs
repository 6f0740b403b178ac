#!/usr/bin/env node
// Builds everything that runs outside tsx: the renderer (Vite) and the main-side bundles (esbuild).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { cpSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

// CommonJS bundles have no import.meta; code that locates itself reads this shim instead.
const cjsImportMeta = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', packages: 'external' };
// Certificate files are read on a worker thread; the worker is its own entry, beside each bundle
// that starts it (src-main/core/credentials/pkcs12.ts finds it there).
const pkcs12Worker = join(root, 'src-main/core/credentials/pkcs12-worker.ts');

const started = Date.now();
const steps = [];
if (wanted('renderer')) {
  steps.push(viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' }));
}
if (wanted('electron')) {
  if (existsSync(join(root, 'src-main/electron/main.ts'))) {
    steps.push(esbuild({ ...common, ...cjsImportMeta, entryPoints: [join(root, 'src-main/electron/main.ts')], outfile: join(dist, 'electron/main.cjs'), format: 'cjs', external: ['electron'] }));
    steps.push(esbuild({ ...common, ...cjsImportMeta, entryPoints: [pkcs12Worker], outfile: join(dist, 'electron/pkcs12-worker.cjs'), format: 'cjs' }));
  }
  if (existsSync(join(root, 'src-main/electron/preload.ts'))) {
    // The preload runs sandboxed: one self-contained CommonJS file, only `electron` left outside.
    steps.push(esbuild({ ...common, packages: undefined, entryPoints: [join(root, 'src-main/electron/preload.ts')], outfile: join(dist, 'electron/preload.cjs'), format: 'cjs', external: ['electron'], sourcemap: false }));
  }
}
if (wanted('web')) {
  steps.push(esbuild({ ...common, entryPoints: [join(root, 'src-main/web/main.ts')], outfile: join(dist, 'web/main.mjs'), format: 'esm' }));
  steps.push(esbuild({ ...common, entryPoints: [pkcs12Worker], outfile: join(dist, 'web/pkcs12-worker.mjs'), format: 'esm' }));
}
if (wanted('cli')) {
  steps.push(esbuild({ ...common, entryPoints: [join(root, 'src-main/cli/main.ts')], outfile: join(dist, 'cli/main.mjs'), format: 'esm' }));
  steps.push(esbuild({ ...common, entryPoints: [pkcs12Worker], outfile: join(dist, 'cli/pkcs12-worker.mjs'), format: 'esm' }));
}
await Promise.all(steps);
mkdirSync(dist, { recursive: true });
// The sandbox inside the bundles (demo account) validates against the official XSDs: they ship
// beside the bundles, one folder up from each, with their licence.
if (wanted('web') || wanted('electron') || wanted('cli')) {
  cpSync(join(root, 'sandbox/schemas'), join(dist, 'schemas'), { recursive: true });
}
writeFileSync(join(dist, '.build-stamp'), new Date().toISOString());
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

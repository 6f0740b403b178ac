// What the fake-electron wiring test cannot see for every future change: a few patterns from
// Electron's security checklist that must never appear in the Electron host, or only in the one
// place that guards them (in the spirit of Doyensec's Electronegativity, over our own sources).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../src-main/electron/', import.meta.url));
/** Each .ts file of the Electron host with its comments taken out, so prose may name what code may not. */
const sources = new Map(
  readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, readFileSync(join(dir, name), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')] as const),
);
const filesWith = (pattern: RegExp) => [...sources].filter(([, text]) => pattern.test(text)).map(([name]) => name);

test('the sources were read', () => {
  assert.ok(sources.has('main.ts') && sources.has('security.ts') && sources.size >= 10);
});

test('no web preference switches a protection off or a risky feature on', () => {
  for (const risky of [
    /nodeIntegration\w*\s*:\s*true/,
    /contextIsolation\s*:\s*false/,
    /sandbox\s*:\s*false/,
    /webSecurity\s*:\s*false/,
    /allowRunningInsecureContent\s*:\s*true/,
    /experimentalFeatures\s*:\s*true/,
    /enableBlinkFeatures/,
    /webviewTag\s*:\s*true/,
    /allowpopups/i,
    /enableRemoteModule/,
  ]) {
    assert.deepEqual(filesWith(risky), [], String(risky));
  }
});

test('shell.openExternal is called only behind the allowlist, and the page never gets shell.openPath', () => {
  assert.deepEqual(filesWith(/shell\.openExternal\s*\(/), ['security.ts']);
  assert.match(sources.get('security.ts')!, /const safe = allowedExternalUrl\(url\);\s*if \(!safe\)[\s\S]*?shell\.openExternal\(safe\)/);
  // openPath runs a file's default application: only the menu's "open data folder" may use it.
  assert.deepEqual(filesWith(/shell\.openPath\s*\(/), ['main.ts']);
  assert.match(sources.get('main.ts')!, /openDataFolder: \(\) => void shell\.openPath\(dataDir\)/);
});

test('one kind of window, loading only app://, never file:// or the network', () => {
  assert.deepEqual(filesWith(/new BrowserWindow\s*\(/), ['app-window.ts']);
  assert.deepEqual(filesWith(/\.load(URL|File)\s*\(/), ['app-window.ts']);
  assert.match(sources.get('app-window.ts')!, /\.loadURL\(APP_ENTRY_URL\)/);
  assert.deepEqual(filesWith(/loadFile|file:\/\//), []);
  assert.deepEqual(filesWith(/BrowserView|WebContentsView/), [], 'no second web view that would need its own guards');
});

test('one session: the default one, whose permission handlers deny everything', () => {
  assert.deepEqual(filesWith(/fromPartition|partition\s*:/), []);
  assert.match(sources.get('security.ts')!, /denyAllPermissions\(session\.defaultSession/);
});

test('IPC: only main registers handlers, each through the sender check', () => {
  assert.deepEqual(filesWith(/ipcMain\.(handle|on|once)\s*\(/), ['main.ts']);
  assert.equal([...sources.get('main.ts')!.matchAll(/ipcMain\.(handle|on|once)\s*\(/g)].length, 1, 'one registration, in the loop over the contract');
  assert.match(sources.get('main.ts')!, /const handle = createInvokeHandler\(dispatcher, method, logger\);\s*ipcMain\.handle\(channel, \(event, input: unknown\) => handle\(senderInfoOf\(event\), input\)\)/);
  assert.deepEqual(filesWith(/contextBridge\.exposeInMainWorld/), ['preload.ts']);
});

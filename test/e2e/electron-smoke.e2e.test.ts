// Drives the real Electron app through Playwright's _electron. Electron's binary arrives only on
// machines with network (release CI, developer laptops); elsewhere this file skips with a reason.
// It never imports `electron`: doing so from plain Node would try to download the binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The binary `require('electron')` would return, found without running electron's index.js. */
function electronBinary(): { path?: string; reason?: string } {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(candidate) ? { path: candidate } : { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  if (!relative) return { reason: 'no Electron binary on this machine (node_modules/electron/path.txt is missing: the binary was never downloaded)' };
  const candidate = join(pkg, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { reason: `no Electron binary at ${candidate}` };
}

const binary = electronBinary();
const skip = binary.path ? false : `Electron smoke tests skipped: ${binary.reason}`;
if (skip) console.log(`# ${skip}`);

if (!skip) describe('Electron smoke', { timeout: 120_000 }, () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  before(async () => {
    const mainBundle = join(root, 'dist', 'electron', 'main.cjs');
    const preloadBundle = join(root, 'dist', 'electron', 'preload.cjs');
    const renderer = join(root, 'dist', 'renderer', 'index.html');
    for (const file of [mainBundle, preloadBundle, renderer]) assert.ok(existsSync(file), `${file} is missing: run \`npm run build\` first`);

    dataDir = mkdtempSync(join(tmpdir(), 'signing-desk-electron-'));
    const args = [root, '--data-dir', dataDir, '--lang=en-US'];
    // Chromium refuses to start as root with its OS sandbox on (CI containers); the renderer is
    // still isolated (contextIsolation, no Node), which is what these tests check.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    app = await _electron.launch({
      executablePath: binary.path!,
      args,
      cwd: root,
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', LANGUAGE: 'en_US' } as Record<string, string>,
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one window titled Signing Desk on the Jobs page, served from app://', async () => {
    assert.match(page.url(), /^app:\/\/signing-desk\//);
    assert.match(await page.title(), /Signing Desk/);
    await page.getByRole('heading', { level: 1, name: /^(Jobs|Oppdrag)$/ }).waitFor({ timeout: 30_000 });
    assert.equal(app.windows().length, 1);
  });

  test('the page gets window.signingDesk and nothing of Node', async () => {
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const api = w.signingDesk as Record<string, unknown> | undefined;
      return {
        invoke: typeof api?.invoke,
        on: typeof api?.on,
        saveAgain: typeof (api?.jobs as Record<string, unknown> | undefined)?.saveAgain,
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        ipcRenderer: typeof w.ipcRenderer,
      };
    });
    assert.deepEqual(globals, { invoke: 'undefined', on: 'function', saveAgain: 'function', require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });
  });

  test('calls reach the core over IPC through the named functions', async () => {
    const info = await page.evaluate(async () => {
      const api = (window as unknown as { signingDesk: { app: { info(i: unknown): Promise<unknown> } } }).signingDesk;
      return api.app.info({});
    });
    const value = (info as { ok: boolean; value: { host: string; dataDir: string; secretStorage: string } }).value;
    assert.equal(value.host, 'electron');
    assert.equal(value.dataDir, dataDir);
    assert.equal(value.secretStorage, 'os-keychain');
  });

  test('the CSP header is set on app:// responses', async () => {
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    assert.equal(csp, CONTENT_SECURITY_POLICY);
  });

  test('navigation away and new windows are blocked; allowlisted links go to the system browser', async () => {
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as unknown as { __opened: string[] }).__opened = opened;
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1000);
    assert.equal(page.url(), before, 'the page must not leave app://');

    const popup = await page.evaluate(() => window.open('https://github.com/', '_blank'));
    assert.equal(popup, null);
    await page.waitForTimeout(500);
    assert.equal(app.windows().length, 1, 'no second window');
    const opened = await app.evaluate(() => (globalThis as unknown as { __opened: string[] }).__opened);
    assert.deepEqual(opened, ['https://github.com/']);
  });

  test('permission requests and checks are denied', async () => {
    const states = await page.evaluate(async () => ({
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      notifications: await Notification.requestPermission(),
    }));
    assert.deepEqual(states, { geolocation: 'denied', notifications: 'denied' });
  });
});
// Without a binary, one skipped test carries the reason into the runner's summary.
else test('Electron smoke tests', { skip }, () => {});

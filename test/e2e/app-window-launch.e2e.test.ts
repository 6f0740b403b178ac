// The web host's token never appears on Chromium's command line (ps shows it to every user of
// the PC): Chromium opens a private launch page, which brings the window to the app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { appWindowArguments, writeLaunchPage } from '../../src-main/web/app-window';
import { startWebHost, type WebHost } from '../../src-main/web';
import { silentLogger } from '../support/core';
import { ensureRendererBuilt, launchChromium } from './support/browser';

let dataDir: string;
let host: WebHost;
let browser: Browser;

before(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'sd-launch-'));
  host = await startWebHost({ dataDir, demo: false, backgroundSync: false, logger: silentLogger });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('Chromium gets a private launch page, not the token; the page opens the app and is gone once it connects', { timeout: 60_000 }, async () => {
  const launch = writeLaunchPage(dataDir, host.url, host.onConnection);
  const args = appWindowArguments(launch.file, dataDir);
  assert.ok(args.every((arg) => !arg.includes(host.token)), args.join(' '));
  assert.ok(args.includes(`--app=${pathToFileURL(launch.file).href}`));
  if (process.platform !== 'win32') assert.equal(statSync(launch.file).mode & 0o777, 0o600, 'only this user can read the page');
  assert.match(readFileSync(launch.file, 'utf8'), new RegExp(host.token));

  const connected = new Promise<void>((resolve) => host.onConnection(resolve));
  const page = await (await browser.newContext()).newPage();
  await page.goto(pathToFileURL(launch.file).href);
  await page.locator('main h1').first().waitFor();
  await connected;
  assert.equal(existsSync(launch.file), false, 'removed once the app has connected');
  assert.equal(new URL(page.url()).origin, host.origin);
  assert.doesNotMatch(page.url(), /token/, 'and the token is out of the address bar');
});

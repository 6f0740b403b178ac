import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../src-main/web';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const resultsDir = join(repoRoot, 'test-results');

/** Debian's Chromium; Playwright's own browser downloads are not available on our machines. */
export const chromiumPath = process.env.SIGNING_DESK_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: options.headless ?? true, args: chromiumArgs });
}

/** The e2e tests use the built renderer; build it once if `npm run build` has not run. */
export function ensureRendererBuilt(): void {
  if (existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) return;
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}

export function screenshotPath(name: string): string {
  mkdirSync(resultsDir, { recursive: true });
  return join(resultsDir, `${name}.png`);
}

export interface AppFixture {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The URL with its token, as the host prints it. */
  url: string;
  host: WebHost;
  dataDir: string;
  /** Console errors and uncaught page errors, for tests to assert there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Reuse a data dir (kept on close); by default a fresh temp dir, removed on close. */
  dataDir?: string;
  /** An already launched browser to open a context in (kept on close). */
  browser?: Browser;
  context?: BrowserContextOptions;
  /**
   * Web host options. By default no demo account and no background sync, so a test starts from a
   * known empty database; pass `{ demo: true }` for the out-of-the-box experience.
   */
  host?: Omit<Partial<WebHostOptions>, 'dataDir'>;
}

/** Starts the web host on a temp data dir and opens the app in Chromium, waiting until it shows. */
export async function openApp(options: OpenAppOptions = {}): Promise<AppFixture> {
  ensureRendererBuilt();
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'signing-desk-e2e-'));
  const host = await startWebHost({ demo: false, backgroundSync: false, port: 0, ...options.host, dataDir });
  const ownBrowser = !options.browser;
  const browser = options.browser ?? (await launchChromium());
  // Reduced motion: the app then ends every transition at once, so a check sees the final state.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', ...options.context });
  // Fail fast: the app answers in milliseconds, and the test file has a minute in all.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(host.url);
  await page.locator('main h1').first().waitFor();
  return {
    browser,
    context,
    page,
    url: host.url,
    host,
    dataDir,
    pageErrors,
    async close() {
      await context.close().catch(() => {});
      if (ownBrowser) await browser.close().catch(() => {});
      await host.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

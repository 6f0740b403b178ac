/**
 * UI benchmark: the job list with 100,000 jobs, in Chromium through the web host.
 * Run: node --import tsx test/bench/ui-joblist.bench.ts  (SIGNING_DESK_BENCH_JOBS to change the count)
 *
 * - first rows: from the start of navigation to the first job rows painted (median of several loads);
 * - search: from a keystroke in the search box to the rows for the new text painted (median of 20).
 * Targets: first rows < 300 ms, search < 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src-main/web';
import { seedJobs } from '../support/seed';
import { ensureRendererBuilt, launchChromium } from '../e2e/support/browser';

const JOBS = Number(process.env.SIGNING_DESK_BENCH_JOBS ?? 100_000);
const LOADS = 20;
const SEARCHES = 20;
const TARGET_FIRST_ROWS_MS = 300;
const TARGET_SEARCH_MS = 100;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function main() {
  ensureRendererBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'signing-desk-bench-'));
  process.env.LC_ALL = 'en_GB.UTF-8';
  const host = await startWebHost({ dataDir, port: 0, demo: false, backgroundSync: false });
  const browser = await launchChromium();
  try {
    const seedStart = performance.now();
    seedJobs(host.core.db, JOBS);
    host.core.db.exec('ANALYZE');
    console.log(`seeded ${JOBS.toLocaleString('en')} jobs in ${Math.round(performance.now() - seedStart)} ms`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Marks the first frame after job rows entered the DOM, relative to the start of navigation.
    await page.addInitScript(() => {
      const w = window as unknown as { __firstRows?: number };
      const observer = new MutationObserver(() => {
        if (!document.querySelector('.joblist__link')) return;
        observer.disconnect();
        requestAnimationFrame(() => (w.__firstRows = performance.now()));
      });
      document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
    });

    await page.goto(host.url);
    await page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows !== undefined, undefined, { timeout: 30_000 });
    const firstRows: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows !== undefined, undefined, { timeout: 30_000 });
      firstRows.push(await page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows));
    }
    const rendered = await page.locator('.joblist__row').count();

    const search = page.getByRole('searchbox', { name: 'Search jobs' });
    await page.evaluate(() => {
      const w = window as unknown as { __keyAt: number };
      document.addEventListener('keydown', () => (w.__keyAt = performance.now()), { capture: true });
    });
    const searchTimes: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const prefix = `ref-00${10 + i}`;
      const expected = `REF-00${10 + i}5`;
      await search.fill(prefix);
      await page.waitForFunction((p) => (document.querySelector('.joblist__link')?.textContent ?? '').includes(p.toUpperCase()), prefix);
      await search.focus();
      await page.keyboard.press('5');
      const ms = await page.waitForFunction(
        (want) => {
          const w = window as unknown as { __keyAt: number };
          return (document.querySelector('.joblist__link')?.textContent ?? '').includes(want) ? performance.now() - w.__keyAt : false;
        },
        expected,
        { polling: 'raf', timeout: 10_000 },
      );
      searchTimes.push(Number(await ms.jsonValue()));
    }

    const firstMedian = median(firstRows);
    const searchMedian = median(searchTimes);
    console.log(`rows in the DOM: ${rendered} of ${JOBS.toLocaleString('en')}`);
    console.log(`ui.joblist.firstRows.median_ms ${round(firstMedian)} (target < ${TARGET_FIRST_ROWS_MS}; runs: ${firstRows.map(round).join(', ')})`);
    console.log(`ui.joblist.search.median_ms ${round(searchMedian)} (target < ${TARGET_SEARCH_MS}; min ${round(Math.min(...searchTimes))}, max ${round(Math.max(...searchTimes))})`);
    const ok = firstMedian < TARGET_FIRST_ROWS_MS && searchMedian < TARGET_SEARCH_MS;
    console.log(ok ? 'ui-joblist: within targets' : 'ui-joblist: OVER TARGET');
    process.exitCode = ok ? 0 : 1;
    await context.close();
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

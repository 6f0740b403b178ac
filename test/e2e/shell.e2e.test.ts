import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { insertAccount } from '../../src-main/core/db/repositories/accounts';
import { ensureRendererBuilt, openApp, screenshotPath, type AppFixture } from './support/browser';

// The host reads the OS language from the environment; Norwegian here proves the app follows it.
process.env.LC_ALL = 'nb_NO.UTF-8';

const nav = (page: Page) => page.getByRole('navigation');
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

async function goTo(page: Page, name: RegExp) {
  await nav(page).getByRole('link', { name }).click();
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('renderer shell through the web host', { timeout: 90_000 }, () => {
  let app: AppFixture;

  before(async () => {
    ensureRendererBuilt();
    app = await openApp();
  });
  after(async () => {
    await app?.close();
  });

  test('opens on the Jobs page in the OS language, with the empty state', async () => {
    const { page } = app;
    assert.doesNotMatch(page.url(), /token=/, 'the token is removed from the address bar');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb-NO');
    await heading(page).filter({ hasText: 'Oppdrag' }).waitFor();
    await page.getByRole('heading', { name: 'Ingen oppdrag ennå' }).waitFor();
    const current = nav(page).locator('[aria-current="page"]');
    assert.equal(await current.innerText(), 'Oppdrag');
    const filters = page.getByRole('group', { name: 'Filtrer oppdrag' });
    assert.equal(await filters.getByRole('button').count(), 6, 'five tabs of the list, and Archived');
    assert.match(await filters.getByRole('button', { name: /Arkivert/ }).innerText(), /0/);
    assert.equal(await filters.getByRole('button', { name: /Alle/ }).getAttribute('aria-pressed'), 'true');
    assert.match(await filters.getByRole('button', { name: /Alle/ }).innerText(), /0/);
    await page.getByRole('searchbox', { name: 'Søk i oppdrag' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'empty Jobs page');
    await page.screenshot({ path: screenshotPath('shell-jobs-empty-nb') });
  });

  test('the empty state leads to Compose, and every page has its heading', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Lag et oppdrag' }).click();
    await heading(page).filter({ hasText: 'Nytt oppdrag' }).waitFor();
    assert.match(page.url(), /#\/compose$/);
    assert.equal(await nav(page).locator('[aria-current="page"]').innerText(), 'Nytt oppdrag');
    await page.screenshot({ path: screenshotPath('shell-compose-nb') });
    await goTo(page, /Kontoer/);
    await page.getByRole('heading', { name: 'Ingen kontoer ennå' }).waitFor();
    await goTo(page, /Innstillinger/);
    await heading(page).filter({ hasText: 'Innstillinger' }).waitFor();
    await page.getByText('Nettleser (lokal webvert)').waitFor();
    await page.getByText(app.dataDir, { exact: true }).waitFor();
    // The web host keeps secrets in a plain file; Settings says so.
    await page.getByText(/lagres ukryptert/).waitFor();
  });

  test('switching the language changes the whole UI at once and is kept', async () => {
    const { page } = app;
    await goTo(page, /Innstillinger/);
    await page.getByRole('radio', { name: 'English' }).check();
    await nav(page).getByRole('link', { name: 'Jobs', exact: true }).waitFor();
    await heading(page).filter({ hasText: 'Settings' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en-GB');
    assert.equal(await page.title(), 'Settings – Signing Desk');

    // The choice lives in the database: a reload (token kept in sessionStorage) comes back in English.
    await page.reload();
    await nav(page).getByRole('link', { name: 'Settings', exact: true }).waitFor();
    await heading(page).filter({ hasText: 'Settings' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: 'English' }).isChecked(), true);

    await page.getByRole('radio', { name: 'Norsk bokmål' }).check();
    await nav(page).getByRole('link', { name: 'Oppdrag', exact: true }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb-NO');

    await page.getByRole('radio', { name: 'English' }).check();
    await nav(page).getByRole('link', { name: 'Jobs', exact: true }).waitFor();
  });

  test('a second tab hears settings.changed', async () => {
    const second = await app.context.newPage();
    try {
      await second.goto(app.url);
      await nav(second).getByRole('link', { name: 'Jobs', exact: true }).waitFor();
      await goTo(app.page, /Settings/);
      await app.page.getByRole('radio', { name: 'Norsk bokmål' }).check();
      await nav(second).getByRole('link', { name: 'Oppdrag', exact: true }).waitFor();
      await app.page.getByRole('radio', { name: 'English' }).check();
      await nav(second).getByRole('link', { name: 'Jobs', exact: true }).waitFor();
    } finally {
      await second.close();
    }
  });

  test('themes: light and dark by choice, system follows the OS; screenshots', async () => {
    const { page } = app;
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await goTo(page, /Settings/);

    await page.getByRole('radio', { name: 'Light' }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    const light = await background();
    await page.screenshot({ path: screenshotPath('shell-settings-light'), fullPage: true });

    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const dark = await background();
    assert.notEqual(light, dark);
    await page.screenshot({ path: screenshotPath('shell-settings-dark'), fullPage: true });
    await goTo(page, /Jobs/);
    await page.getByRole('heading', { name: 'No jobs yet' }).waitFor();
    await page.screenshot({ path: screenshotPath('shell-jobs-empty-dark') });

    await goTo(page, /Settings/);
    await page.getByRole('radio', { name: 'System' }).nth(1).check();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await goTo(page, /Jobs/);
    await page.getByRole('heading', { name: 'No jobs yet' }).waitFor();
    await page.screenshot({ path: screenshotPath('shell-jobs-empty-light') });
  });

  test('keyboard: the skip link comes first and focus lands on the new page heading', async () => {
    const { page } = app;
    await goTo(page, /Jobs/);
    await page.reload();
    await heading(page).filter({ hasText: 'Jobs' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content', exact: true });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    // It slides in (a short transition), so wait for it to arrive before measuring.
    await page.waitForFunction(() => (document.activeElement?.getBoundingClientRect().top ?? -1) >= 0, undefined, { timeout: 2000 }).catch(() => {});
    assert.ok((await skip.boundingBox())!.y >= 0, 'the skip link is visible when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    await nav(page).getByRole('link', { name: 'Accounts', exact: true }).focus();
    await page.keyboard.press('Enter');
    await heading(page).filter({ hasText: 'Accounts' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Accounts');
  });

  test('notifications show as a polite toast that opens its job', async () => {
    const { page, host } = app;
    await goTo(page, /Settings/);
    host.core.events.emit('notification', {
      id: 'n1',
      kind: 'jobFinished',
      title: 'Lease agreement signed',
      body: 'All 3 signers have signed.',
      jobId: 'job-1',
      at: new Date().toISOString(),
    });
    const region = page.getByRole('status').filter({ has: page.locator('.toast') });
    await region.getByText('Lease agreement signed').waitFor();
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    await page.screenshot({ path: screenshotPath('shell-toast') });
    await region.getByRole('button', { name: /Lease agreement signed/ }).click();
    await page.waitForURL(/#\/jobs\/job-1$/);
    // job-1 is not in this database: the job page says so rather than showing nothing.
    await page.getByText('This job does not exist (any more).').waitFor();
    assert.equal(await page.locator('.toast').count(), 0);
  });

  test('a dropped connection shows a calm banner, fails calls as values, and recovers', async () => {
    const page = await app.context.newPage();
    let blocked = false;
    const live: { close(): Promise<void> }[] = [];
    // Playwright proxies the app's WebSocket, so the test can cut it and refuse reconnects at will.
    await page.routeWebSocket(/\/rpc/, (ws) => {
      if (blocked) return void ws.close();
      ws.connectToServer();
      live.push(ws);
    });
    try {
      await page.goto(app.url);
      await goTo(page, /Settings/);
      await page.getByRole('radio', { name: 'Light' }).waitFor();
      assert.equal(await page.getByText(/Reconnecting/).count(), 0);

      const themeBefore = await page.locator('input[name="theme"]:checked').getAttribute('value');
      blocked = true;
      await Promise.all(live.map((ws) => ws.close()));
      await page.getByText('Connection to Signing Desk lost. Reconnecting…').waitFor();
      await page.getByRole('radio', { name: 'Dark' }).check({ force: true }).catch(() => {});
      await page.getByRole('alert').filter({ hasText: 'Could not save the setting: Signing Desk could not be reached.' }).waitFor();
      assert.equal(await page.locator('input[name="theme"]:checked').getAttribute('value'), themeBefore, 'reverted');
      await page.screenshot({ path: screenshotPath('shell-reconnecting') });

      blocked = false;
      await page.getByText(/Reconnecting/).waitFor({ state: 'detached' });
      await page.getByRole('radio', { name: 'Dark' }).check();
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      await page.getByRole('radio', { name: 'Light' }).check();
    } finally {
      await page.close();
    }
  });

  test('lists jobs from the database with progress, filters and search', async () => {
    const { page, host } = app;
    seedJobs(host.core.db);
    host.core.events.emit('jobs.changed', { jobIds: [] });
    host.core.events.emit('accounts.changed', {});
    await goTo(page, /Jobs/);
    const rows = page.getByRole('list', { name: /All: \d+ jobs/ }).getByRole('listitem');
    await rows.filter({ hasText: 'Lease agreement, Storgata 12' }).waitFor();
    const filters = page.getByRole('group', { name: 'Filter jobs' });
    assert.match(await filters.getByRole('button', { name: /All/ }).innerText(), /5/);
    assert.match(await filters.getByRole('button', { name: /In progress/ }).innerText(), /2/);
    await page.getByText('2 of 4 signed').waitFor();
    assert.equal(await rows.count(), 5);

    await page.screenshot({ path: screenshotPath('shell-jobs-list-light') });
    await goTo(page, /Settings/);
    await page.getByRole('radio', { name: 'Dark' }).check();
    await goTo(page, /Jobs/);
    await page.getByText('2 of 4 signed').waitFor();
    await page.screenshot({ path: screenshotPath('shell-jobs-list-dark') });

    await filters.getByRole('button', { name: /Completed/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.joblist__row').length === 1);
    await page.getByRole('listitem').filter({ hasText: 'Employment contract' }).waitFor();

    await filters.getByRole('button', { name: /All/ }).click();
    await page.getByRole('searchbox', { name: 'Search jobs' }).fill('lease');
    await page.waitForFunction(() => document.querySelectorAll('.joblist__row').length === 1);
    await page.getByRole('searchbox', { name: 'Search jobs' }).fill('no such job');
    await page.getByRole('heading', { name: 'No matching jobs' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search jobs' }).fill('');
    await page.waitForFunction(() => document.querySelectorAll('.joblist__row').length === 5);

    await goTo(page, /Accounts/);
    await page.getByRole('cell', { name: /^Demo: Posten signering/ }).first().waitFor();
    await page.screenshot({ path: screenshotPath('shell-accounts-dark') });
    await goTo(page, /Settings/);
    await page.getByRole('radio', { name: 'Light' }).check();
  });

  test('no serious or critical axe violations on the four pages, in both themes', async () => {
    const { page } = app;
    for (const theme of ['Light', 'Dark']) {
      await goTo(page, /Settings/);
      await page.getByRole('radio', { name: theme }).check();
      for (const name of [/Jobs/, /Compose/, /Accounts/, /Settings/]) {
        await goTo(page, name);
        await heading(page).waitFor();
        assert.deepEqual(await seriousViolations(page), [], `${theme} ${name}`);
      }
    }
  });

  test('without its token the page explains where to find the link, and nothing connects', async () => {
    const context = await app.browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(app.host.origin + '/');
      await page.getByRole('heading', { name: 'Signing Desk' }).waitFor();
      await page.getByText('Open Signing Desk from the link it printed when it started.').waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

function seedJobs(db: AppFixture['host']['core']['db']) {
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  insertAccount(db, {
    id: 'acc-demo',
    provider: 'posten',
    name: 'Demo: Posten signering',
    environment: 'test',
    organizationNumber: '991825827',
    isDemo: true,
    now: at(600),
  });
  const insert = db.prepare(
    `INSERT INTO jobs (id, account_id, flow, status, title, reference, signer_total, signer_signed, active_step,
       search_text, created_at, updated_at)
     VALUES (@id, 'acc-demo', 'portal', @status, @title, @reference, @total, @signed, NULL, @search, @at, @at)`,
  );
  const jobs = [
    ['j1', 'in_progress', 'Lease agreement, Storgata 12', 'SAK-2025-114', 4, 2, 5],
    ['j2', 'completed', 'Employment contract – Kari Nordmann', 'HR-0042', 2, 2, 90],
    ['j3', 'queued', 'Board minutes March', null, 5, 0, 200],
    ['j4', 'failed', 'Supplier agreement renewal', 'INK-7781', 3, 1, 1500],
    ['j5', 'draft', 'Non-disclosure agreement', null, 0, 0, 3000],
  ] as const;
  for (const [id, status, title, reference, total, signed, minutesAgo] of jobs) {
    insert.run({ id, status, title, reference, total, signed, at: at(minutesAgo), search: `${title} ${reference ?? ''}`.toLowerCase() });
  }
}

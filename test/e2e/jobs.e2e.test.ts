import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { samplePdf } from '../support/sandbox-account';
import { seedJobs } from '../support/seed';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

const SEEDED = 400;
let app: AppFixture;
let queuedJobId: string;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const nav = (page: Page) => page.getByRole('navigation');
const jobList = (page: Page) => page.getByRole('list', { name: /jobs$/ });

async function setTheme(page: Page, theme: 'Light' | 'Dark') {
  await nav(page).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: theme }).check();
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme.toLowerCase());
}

describe('job list and job page', { timeout: 120_000 }, () => {
  before(async () => {
    app = await openApp({ host: { demo: true, backgroundSync: false } });
    seedJobs(app.host.core.db, SEEDED);
    // One real job with signers in two steps; without background sync it stays in the outbox.
    const staged = await dispatch('documents.stage', { fileName: 'lease.pdf', contentBase64: (await samplePdf('Lease')).toString('base64') });
    const created = await dispatch('jobs.create', { flow: 'portal', 
      accountId: app.host.demo!.accountId,
      title: 'Board minutes March',
      reference: 'STYRE-2026-03',
      documents: [{ stagedId: staged.id, title: 'Minutes' }],
      signers: [
        { email: 'chair@example.no', step: 1 },
        { email: 'member@example.no', step: 2 },
        { nationalIdentityNumber: '01010112377', email: 'third@example.no', step: 2 },
      ],
    });
    queuedJobId = created.id;
    app.host.core.events.emit('jobs.changed', { jobIds: [] });
  });
  after(async () => {
    await app?.close();
  });

  test('counts per tab, a windowed list, and pages fetched as it scrolls', async () => {
    const { page } = app;
    await page.reload();
    const filters = page.getByRole('group', { name: 'Filter jobs' });
    await filters.getByRole('button', { name: new RegExp(`All\\s*${SEEDED + 1}`) }).waitFor();
    await jobList(page).getByRole('listitem').first().waitFor();
    const rendered = await page.locator('.joblist__row').count();
    assert.ok(rendered > 5 && rendered < 60, `only the rows in sight are in the DOM (${rendered})`);
    assert.equal(await jobList(page).getByRole('listitem').first().getAttribute('aria-setsize'), String(SEEDED + 1));

    // The oldest seeded job is on the last page; scrolling there fetches it.
    await page.locator('.joblist__scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await jobList(page).getByRole('listitem').filter({ hasText: 'REF-000000' }).waitFor();
    await page.locator('.joblist__scroller').evaluate((el) => (el.scrollTop = 0));

    await filters.getByRole('button', { name: /Needs attention/ }).click();
    await page.getByRole('list', { name: /^Needs attention/ }).waitFor();
    await filters.getByRole('button', { name: /All/ }).click();
  });

  test('search by signer name and by reference, without reloading', async () => {
    const { page } = app;
    const search = page.getByRole('searchbox', { name: 'Search jobs' });
    await search.fill('REF-000123');
    await page.waitForFunction(() => document.querySelectorAll('.joblist__row').length === 1);
    await page.getByRole('listitem').filter({ hasText: 'REF-000123' }).waitFor();
    await search.fill('Lise Berg');
    await page.waitForFunction(() => Number(document.querySelector('.joblist__row')?.getAttribute('aria-setsize')) > 1);
    const total = await jobList(page).getByRole('listitem').first().getAttribute('aria-setsize');
    assert.ok(Number(total) > 10 && Number(total) < SEEDED, `signer search narrows the list (${total})`);
    await search.fill('');
    await page.getByRole('listitem').filter({ hasText: 'Board minutes March' }).waitFor();
  });

  test('keyboard only: from the search to a row, arrows through the rows, Enter opens the job', async () => {
    const { page } = app;
    await page.getByRole('searchbox', { name: 'Search jobs' }).focus();
    // The six filter buttons (In progress … All, Archived), then the first row.
    for (let i = 0; i < 7; i++) await page.keyboard.press('Tab');
    const focusedText = () => page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? document.activeElement?.outerHTML.slice(0, 200) ?? '');
    assert.match(await focusedText(), /Board minutes March/, 'the first row follows the filters in tab order');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = await focusedText();
    assert.doesNotMatch(third, /Board minutes/);
    // End jumps past the pages fetched so far: focus follows once the last page has arrived.
    await page.keyboard.press('End');
    await page.waitForFunction(() => /REF-000000/.test(document.activeElement?.closest('li')?.textContent ?? ''));
    await page.keyboard.press('Home');
    await page.waitForFunction(() => /Board minutes March/.test(document.activeElement?.closest('li')?.textContent ?? ''));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Board minutes March', level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Board minutes March', 'focus lands on the job heading');
  });

  test('the job page: steps, masked national identity number, timeline; cancel asks first (keyboard)', async () => {
    const { page } = app;
    assert.match(page.url(), new RegExp(`#/jobs/${queuedJobId}$`));
    await page.getByRole('heading', { name: /Step 1/ }).waitFor();
    await page.getByRole('heading', { name: /Step 2/ }).waitFor();
    await page.getByText('third@example.no').waitFor();
    assert.equal(await page.getByText('01010112377').count(), 0, 'no national identity number on screen');
    await page.getByRole('region', { name: 'What happened' }).getByText('Created with 1 document and 3 signers').waitFor();
    await page.screenshot({ path: screenshotPath('jobs-job-page-light'), fullPage: true });

    const cancel = page.getByRole('button', { name: 'Cancel job' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Keep the job' }).evaluate((el) => el === document.activeElement), true, 'the safe choice has focus');
    await page.screenshot({ path: screenshotPath('jobs-cancel-dialog') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await cancel.evaluate((el) => el === document.activeElement), true, 'focus returns to the button');

    await cancel.click();
    await dialog.getByRole('button', { name: 'Cancel the job' }).click();
    await page.locator('.page-header').getByText('Cancelled').waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText('You cancelled the job before it was sent').waitFor();
    await page.getByRole('heading', { name: /Step 1/ }).waitFor();
  });

  test('no serious or critical axe violations: Jobs with rows, Job page, Accounts, Settings, light and dark', async () => {
    const { page } = app;
    for (const theme of ['Light', 'Dark'] as const) {
      await setTheme(page, theme);
      assert.deepEqual(await seriousViolations(page), [], `${theme} Settings`);
      await page.screenshot({ path: screenshotPath(`jobs-settings-${theme.toLowerCase()}`), fullPage: true });
      await nav(page).getByRole('link', { name: 'Accounts' }).click();
      await page.getByRole('button', { name: /Details of/ }).first().click();
      await page.getByRole('button', { name: 'Test connection' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], `${theme} Accounts`);
      await page.screenshot({ path: screenshotPath(`jobs-accounts-${theme.toLowerCase()}`), fullPage: true });
      await nav(page).getByRole('link', { name: 'Jobs' }).click();
      await jobList(page).getByRole('listitem').first().waitFor();
      assert.deepEqual(await seriousViolations(page), [], `${theme} Jobs`);
      await page.screenshot({ path: screenshotPath(`jobs-list-${theme.toLowerCase()}`) });
      await page.goto(`${new URL(app.url).origin}/#/jobs/${queuedJobId}`);
      await page.getByRole('heading', { name: 'Board minutes March', level: 1 }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], `${theme} Job page`);
      await page.screenshot({ path: screenshotPath(`jobs-job-page-${theme.toLowerCase()}`), fullPage: true });
    }
    await setTheme(page, 'Light');
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

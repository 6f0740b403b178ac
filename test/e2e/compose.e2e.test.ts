import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { ensureRendererBuilt, openApp, screenshotPath, type AppFixture } from './support/browser';
import { addSigner, dragSignerOnto, dropFiles, makePdf, openCompose, pdfFile, signerCards } from './support/compose';

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The field's own wrapper: the message must sit there, next to the input, not only in a summary. */
const fieldOf = (input: Locator) => input.locator('xpath=ancestor::*[contains(@class,"cmp-field")][1]');

const errorNextTo = (input: Locator, text: string) => fieldOf(input).locator('.cmp-error', { hasText: text });

/** The core answers untyped over dispatch; the contract says what each method returns. */
async function call<M extends MethodName>(app: AppFixture, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value as MethodOutput<M>;
}

async function jobCount(app: AppFixture): Promise<number> {
  // Drafts saved while composing are listed too; only real jobs count as "sent".
  const page = await call(app, 'jobs.list', { limit: 500 });
  return page.items.filter((item) => item.status !== 'draft').length;
}

describe('compose through the web host and the sandbox', { timeout: 120_000 }, () => {
  let app: AppFixture;
  let controlUrl: string;
  let work: string;

  before(async () => {
    ensureRendererBuilt();
    work = mkdtempSync(join(tmpdir(), 'compose-e2e-'));
    app = await openApp({ host: { demo: true, backgroundSync: true } });
    controlUrl = app.host.demo!.info.controlUrl;
    // The demo signs by itself after 30 s; this test wants the jobs to wait.
    await fetch(`${controlUrl}/autosign`, { method: 'DELETE' });
    const language = await app.host.core.dispatch('settings.update', { language: 'en', theme: 'light' });
    assert.ok(language.ok);
  });
  after(async () => {
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('bad input is shown next to the field and nothing is sent', async () => {
    const { page } = app;
    await openCompose(page);
    const plain = join(work, 'plain.pdf');
    const locked = join(work, 'locked.pdf');
    writeFileSync(plain, await makePdf('Secret', 1));
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, locked]);
    await dropFiles(page, [pdfFile('Locked agreement.pdf', readFileSync(locked))]);
    const row = page.getByTestId('document-row');
    await row.getByText('This PDF is password protected').waitFor();

    const nin = signerCards(page).first().getByRole('textbox', { name: 'National identity number' });
    await nin.fill('01010112378');
    // Checked as one types: the message is there before the field is left.
    await errorNextTo(nin, 'wrong check digit').waitFor();
    assert.equal(await nin.getAttribute('aria-invalid'), 'true');
    await signerCards(page).first().getByLabel('E-mail address').fill('kari@example.com');
    // Masked once the field is left.
    assert.equal(await nin.inputValue(), '010101 •••••');

    const deadline = page.getByLabel('Deadline for each step');
    const far = new Date(Date.now() + 100 * 86400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await deadline.fill(`${far.getFullYear()}-${pad(far.getMonth() + 1)}-${pad(far.getDate())}T12:00`);

    await page.getByRole('button', { name: 'Send for signing' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/Fix these before sending/).waitFor();
    await errorNextTo(page.getByLabel('Title', { exact: true }), 'The job needs a title.').waitFor();
    await errorNextTo(deadline, 'at most 90 days').waitFor();
    await errorNextTo(nin, 'wrong check digit').waitFor();
    await row.getByText('This PDF is password protected').waitFor();
    assert.equal(await alert.getByRole('link').count(), 4, 'one summary link per problem');

    // A summary link takes focus to the field it names.
    await alert.getByRole('link', { name: 'The job needs a title.' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'compose-title');

    assert.deepEqual(await seriousViolations(page), [], 'Compose with errors, light');
    await page.screenshot({ path: screenshotPath('compose-errors-light'), fullPage: true });
    assert.equal(await jobCount(app), 0, 'nothing was sent');
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));

    // Start the next test from an empty form.
    await row.getByRole('button', { name: /^Remove/ }).click();
  });

  test('drop two PDFs, three signers dragged into two steps, send; the job reaches the sandbox', async () => {
    const { page } = app;
    await page.goto(`${new URL(app.url).origin}/#/jobs`);
    await openCompose(page);
    await dropFiles(page, [pdfFile('Purchase agreement.pdf', await makePdf('Purchase agreement', 2)), pdfFile('Appendix A.pdf', await makePdf('Appendix', 1))]);
    const rows = page.getByTestId('document-row');
    await rows.nth(0).getByText('2 pages').waitFor();
    await rows.nth(1).getByText('1 page', { exact: true }).waitFor();
    assert.equal(await rows.nth(0).getByLabel('Title of document 1').inputValue(), 'Purchase agreement');

    await page.getByLabel('Title', { exact: true }).fill('Purchase of Storgata 1');
    await page.getByLabel('Your reference (optional)').fill('Case 2024-118');
    await addSigner(page, { nin: '01010112377', email: 'kari@example.com' });
    await addSigner(page, { email: 'ola@example.com' });
    await addSigner(page, { email: 'per@example.com' });
    assert.equal(await page.getByTestId(/^step-\d$/).count(), 3, 'each new signer starts a step of their own');

    // Drag signer 3 onto the top of signer 2: they now sign in parallel in step 2.
    const third = signerCards(page).nth(2);
    await dragSignerOnto(third.getByRole('button', { name: /^Reorder per@example.com/ }), signerCards(page).nth(1));
    await page.getByTestId('step-2').getByText('2 signers in parallel').waitFor();
    assert.equal(await page.getByTestId(/^step-\d$/).count(), 2);
    assert.equal(await page.getByTestId('step-1').getByTestId('signer').count(), 1);
    assert.equal(await page.getByTestId('step-2').getByTestId('signer').count(), 2);

    await page.getByText('Draft saved').waitFor();
    // axe takes seconds per run here; light with content is checked in the bad-input test.
    await page.screenshot({ path: screenshotPath('compose-filled-light'), fullPage: true });
    await app.host.core.dispatch('settings.update', { theme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    // The contrast check samples colours now: with reduced motion (set by the tests) no colour may
    // still be on its way, or the check passes or fails by timing.
    const moving = await page.evaluate(() =>
      [...document.querySelectorAll('*')].filter((el) => getComputedStyle(el).transitionDuration.split(',').some((d) => parseFloat(d) > 0)).map((el) => el.className),
    );
    assert.deepEqual(moving, [], 'elements with a transition under reduced motion');
    assert.deepEqual(await seriousViolations(page), [], 'Compose with content, dark');
    await page.screenshot({ path: screenshotPath('compose-filled-dark'), fullPage: true });
    await app.host.core.dispatch('settings.update', { theme: 'light' });

    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await page.getByText('Purchase of Storgata 1').first().waitFor();
    assert.equal(await jobCount(app), 1);
    const drafts = await call(app, 'jobs.list', { filter: 'drafts' });
    assert.equal(drafts.items.filter((d) => d.title === 'Purchase of Storgata 1').length, 0, 'the draft is gone once the job is sent');

    // Background sync submits it; the sandbox then has one job with its signers in two groups.
    type SandboxJob = { title: string; signers: { order: number; identifier: string }[] };
    let jobs: SandboxJob[] = [];
    for (let i = 0; i < 60 && jobs.length === 0; i += 1) {
      jobs = (await (await fetch(`${controlUrl}/jobs`)).json()) as SandboxJob[];
      if (jobs.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].title, 'Purchase of Storgata 1');
    const orders = jobs[0].signers.map((s) => s.order);
    assert.equal(orders.length, 3);
    assert.equal(orders[0] < orders[1], true, 'step 1 signs before step 2');
    assert.equal(orders[1], orders[2], 'the two e-mail signers sign in parallel');
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });

  test('a signer named in compose is named on the job page; her mobile reaches the sandbox as typed; her refusal reads "Rejected by"', async () => {
    const { page } = app;
    await page.goto(`${new URL(app.url).origin}/#/jobs`);
    await openCompose(page);
    await dropFiles(page, [pdfFile('Lease.pdf', await makePdf('Lease', 1))]);
    await page.getByTestId('document-row').getByText('1 page', { exact: true }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Lease for Kari');
    const card = signerCards(page).first();
    await card.getByRole('radio', { name: 'Contact details only' }).check();
    await card.getByRole('textbox', { name: 'Name', exact: true }).fill('Kari Nordmann');
    await card.getByLabel('Notify by').selectOption('sms');
    await card.getByLabel('Mobile number').fill('987 65 432');
    // The card is called by her name now, not "Signer 1" or her number.
    await page.getByRole('listitem', { name: 'Signer 1: Kari Nordmann' }).waitFor();
    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();

    await page.getByRole('link', { name: /Lease for Kari/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Lease for Kari' }).waitFor();
    const signers = page.getByRole('region', { name: 'Signers' });
    await signers.getByText('Kari Nordmann', { exact: true }).waitFor();
    await signers.getByText('98765432', { exact: true }).waitFor();
    // Background sync sends it; the page follows.
    await page.locator('.page-header').getByText('In progress').waitFor();
    const listed = await call(app, 'jobs.list', { search: 'Lease for Kari' });
    const job = await call(app, 'jobs.get', { id: listed.items[0].id });
    const atSandbox = (await (await fetch(`${controlUrl}/jobs/${job.serviceJobId}`)).json()) as { signers: { identifier: string }[] };
    assert.deepEqual(atSandbox.signers.map((s) => s.identifier), ['98765432'], 'no +47 added on the way');

    const rejected = await fetch(`${controlUrl}/jobs/${job.serviceJobId}/signers/0/reject`, { method: 'POST' });
    assert.equal(rejected.status, 200);
    await page.locator('.page-header').getByText('Rejected by Kari Nordmann').waitFor();
    await page.getByTestId('rejection').getByText(/^Kari Nordmann rejected signing on/).waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText('Kari Nordmann rejected signing').waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText('The service reports: Rejected by Kari Nordmann').waitFor();
    await page.screenshot({ path: screenshotPath('job-rejected-light'), fullPage: true });

    await page.getByRole('link', { name: 'All jobs' }).click();
    await page.getByRole('group', { name: 'Filter jobs' }).getByRole('button', { name: /Needs attention\s*1/ }).click();
    await page.getByRole('list', { name: /^Needs attention/ }).getByRole('listitem').filter({ hasText: 'Lease for Kari' }).getByText('Rejected by Kari Nordmann').waitFor();
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });

  test('a draft is saved as one types and comes back from #/compose?draft=ID', async () => {
    const { page } = app;
    await openCompose(page);
    await page.getByLabel('Title', { exact: true }).fill('Lease renewal');
    await signerCards(page).first().getByRole('textbox', { name: 'National identity number' }).fill('01010112377');
    await page.getByText('Draft saved').waitFor();
    const drafts = await call(app, 'jobs.list', { filter: 'drafts' });
    const draft = drafts.items.find((item) => item.title === 'Lease renewal');
    assert.ok(draft, 'the draft is listed');
    await page.goto(`${new URL(app.url).origin}/#/jobs`);
    await page.goto(`${new URL(app.url).origin}/#/compose?draft=${draft.id}`);
    await page.getByRole('heading', { name: 'Signers and order' }).waitFor();
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Lease renewal');
    assert.equal(await signerCards(page).first().getByRole('textbox', { name: 'National identity number' }).inputValue(), '010101 •••••');
  });
});

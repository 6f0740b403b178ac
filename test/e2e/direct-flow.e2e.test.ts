import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { ensureRendererBuilt, openApp, repoRoot, type AppFixture } from './support/browser';
import { dropFiles, makePdf, openCompose, pdfFile, signerCards } from './support/compose';

/**
 * Posten's direct flow through the UI, the web host and the sandbox: compose chooses it, the job
 * page hands out a signing link, the sandbox's signing page sends the browser back to the app's
 * return listener, the page says so at once, and the queue then confirms the signature.
 */

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function call<M extends MethodName>(app: AppFixture, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value as MethodOutput<M>;
}

/** Screenshots to look at by eye (helper notes), beside the usual test-results. */
const shotsDir = process.env.SIGNING_DESK_SHOTS ?? join(repoRoot, 'test-results', 'direct-flow');
const shot = (name: string) => {
  mkdirSync(shotsDir, { recursive: true });
  return join(shotsDir, `${name}.png`);
};

const signerRow = (page: Page, name: string): Locator => page.getByTestId('job-signer').filter({ hasText: name });

describe('the direct flow through the UI', { timeout: 180_000 }, () => {
  let app: AppFixture;
  let controlUrl: string;

  before(async () => {
    ensureRendererBuilt();
    app = await openApp({ host: { demo: true, backgroundSync: true }, context: { permissions: ['clipboard-read', 'clipboard-write'] } });
    controlUrl = app.host.demo!.info.controlUrl;
    // Signing is done by hand here, on the sandbox's page.
    await fetch(`${controlUrl}/autosign`, { method: 'DELETE' });
    assert.ok((await app.host.core.dispatch('settings.update', { language: 'en', theme: 'light' })).ok);
  });
  after(async () => {
    await app?.close();
  });

  test('compose offers the two ways of signing, each with its rules; direct has no steps, notifications or deadline', async () => {
    const { page } = app;
    await openCompose(page);
    const choice = page.getByRole('group', { name: 'How do the signers sign?' });
    const portal = choice.getByRole('radio', { name: 'Signers are notified and sign in Posten’s portal' });
    const direct = choice.getByRole('radio', { name: 'Signers sign right now in a browser, here or by a link you give them' });
    assert.equal(await portal.isChecked(), true, 'the portal flow stays the default');
    await choice.getByText('up to 10 signers · all at once, in any order · no e-mail or SMS: you hand out the links · open for 30 days · cannot be cancelled').waitFor();

    // The keyboard moves between the two: they are one radio group.
    await portal.focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await direct.isChecked(), true);
    await page.getByRole('heading', { name: 'Signers', exact: true }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Signers and order' }).count(), 0, 'no steps');
    assert.equal(await page.getByLabel('Notify by').count(), 0, 'no notifications');
    assert.equal(await page.getByLabel('E-mail address').count(), 0);
    assert.equal(await page.getByLabel('Deadline for each step').count(), 0, 'no deadline');
    assert.equal(await page.getByLabel('Send at (optional)').count(), 0, 'no activation');
    assert.equal(await page.getByLabel('Non-sensitive title (optional)').count(), 0, 'no notifications to title');
    await page.getByText('open for 30 days from when it is sent').waitFor();

    // Two signers named by the same identifier: refused before sending, in words.
    const first = signerCards(page).first();
    await first.getByRole('radio', { name: 'Your own identifier' }).check();
    await first.getByRole('textbox', { name: 'Identifier' }).fill('customer 42');
    await page.getByRole('button', { name: 'Add signer' }).click();
    const second = signerCards(page).nth(1);
    await second.getByRole('radio', { name: 'Your own identifier' }).check();
    await second.getByRole('textbox', { name: 'Identifier' }).fill('customer 42');
    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('alert').getByText('Two signers have the same national identity number or identifier.').first().waitFor();
    assert.equal((await call(app, 'jobs.list', { limit: 500 })).items.filter((job) => job.status !== 'draft').length, 0, 'nothing was sent');
  });

  test('a direct job is composed, sent, and signed on the sandbox page reached by a copied link', async () => {
    const { page, context } = app;
    await page.goto(`${new URL(app.url).origin}/#/jobs`);
    await openCompose(page);
    await page.getByRole('radio', { name: /Signers sign right now in a browser/ }).check();
    await dropFiles(page, [pdfFile('Lease.pdf', await makePdf('Lease', 1))]);
    await page.getByTestId('document-row').getByText('1 page', { exact: true }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Lease of Storgata 2');

    const first = signerCards(page).first();
    await first.getByRole('textbox', { name: 'National identity number' }).fill('01010112377');
    await first.getByRole('textbox', { name: 'Name', exact: true }).fill('Kari Nordmann');
    await page.getByRole('button', { name: 'Add signer' }).click();
    const second = signerCards(page).nth(1);
    // Adding a signer puts the cursor in the new card.
    await page.waitForFunction(() => document.activeElement?.id.endsWith('-nin'));
    await second.getByRole('radio', { name: 'Your own identifier' }).check();
    await second.getByRole('textbox', { name: 'Identifier' }).fill('tenant-0042');
    await second.getByRole('textbox', { name: 'Name', exact: true }).fill('Ola Nordmann');
    await page.getByRole('region', { name: 'Review and send' }).getByText('by your identifier “tenant-0042”').waitFor();
    await page.getByText('Draft saved').waitFor();

    // The draft remembers the way of signing.
    const draft = (await call(app, 'jobs.list', { filter: 'drafts' })).items.find((item) => item.title === 'Lease of Storgata 2');
    assert.ok(draft);
    await page.goto(`${new URL(app.url).origin}/#/jobs`);
    await page.goto(`${new URL(app.url).origin}/#/compose?draft=${draft.id}`);
    await page.getByRole('heading', { name: 'Signers', exact: true }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /Signers sign right now in a browser/ }).isChecked(), true);
    assert.equal(await signerCards(page).nth(1).getByRole('textbox', { name: 'Identifier' }).inputValue(), 'tenant-0042');

    assert.deepEqual(await seriousViolations(page), [], 'Compose, direct, light');
    await page.screenshot({ path: shot('compose-direct-en'), fullPage: true });
    await call(app, 'settings.update', { language: 'nb', theme: 'dark' });
    await page.getByRole('heading', { name: 'Undertegnere', exact: true }).waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    assert.deepEqual(await seriousViolations(page), [], 'Compose, direct, Norwegian, dark');
    await page.screenshot({ path: shot('compose-direct-nb-dark'), fullPage: true });
    await call(app, 'settings.update', { language: 'en', theme: 'light' });
    await page.getByRole('heading', { name: 'Signers', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const row = page.getByRole('listitem').filter({ hasText: 'Lease of Storgata 2' });
    await row.getByText('Direct', { exact: true }).waitFor();

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Lease of Storgata 2' }).waitFor();
    // Background sync sends it; the page follows.
    await page.locator('.page-header').getByText('In progress').waitFor({ timeout: 30_000 });
    await page.locator('.job-summary__progress').getByText('0 of 2 signed', { exact: true }).waitFor();
    const kari = signerRow(page, 'Kari Nordmann');
    const ola = signerRow(page, 'Ola Nordmann');
    for (const signer of [kari, ola]) {
      await signer.getByText('Waiting', { exact: true }).waitFor();
      for (const action of ['Sign on this PC', 'Copy link', 'Show QR code']) await signer.getByRole('button', { name: action }).waitFor();
    }
    assert.equal(await page.getByRole('button', { name: 'Cancel job' }).count(), 0, 'a direct job cannot be cancelled');
    await page.getByText('Direct: in a browser, by links').waitFor();
    await page.screenshot({ path: shot('job-direct-en'), fullPage: true });

    // A QR code for a phone, with its link written out.
    await kari.getByRole('button', { name: 'Show QR code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign on a phone: Kari Nordmann' });
    await dialog.getByRole('img', { name: 'QR code of the signing link for Kari Nordmann' }).waitFor();
    assert.match((await dialog.getByTestId('qr-link').textContent()) ?? '', /^http:\/\/127\.0\.0\.1:\d+\/web\/redirect\//);
    assert.deepEqual(await seriousViolations(page), [], 'Job page with the QR code, light');
    await page.screenshot({ path: shot('job-direct-qr-en'), fullPage: true });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Show QR code', 'focus goes back to the button');
    await call(app, 'settings.update', { language: 'nb', theme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await kari.getByRole('button', { name: 'Vis QR-kode' }).click();
    await page.getByRole('dialog', { name: 'Signer på mobil: Kari Nordmann' }).getByRole('img').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'Job page with the QR code, Norwegian, dark');
    await page.screenshot({ path: shot('job-direct-qr-nb-dark'), fullPage: true });
    await page.keyboard.press('Escape');
    await call(app, 'settings.update', { language: 'en', theme: 'light' });
    await kari.getByRole('button', { name: 'Show QR code' }).waitFor();

    // Copy link: a fresh one-time link on the clipboard, and a note on whom it is for.
    await kari.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').getByText('A signing link for Kari Nordmann is on the clipboard. It works once').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/web\/redirect\//);

    // The signer opens the link (here in a second tab), signs, and the sandbox sends the browser back to the app.
    const signing = await context.newPage();
    await signing.goto(link);
    await signing.getByRole('button', { name: 'Sign', exact: true }).click();
    await signing.waitForURL((url) => url.hostname === '127.0.0.1' && !url.pathname.startsWith('/web/'));
    await signing.getByText(/you can close this tab/i).waitFor();
    const returnAddress = signing.url();
    // The link worked once.
    const again = await context.newPage();
    const reused = await again.goto(link);
    assert.equal(reused?.status(), 410);
    await again.close();

    await kari.getByText('Signed', { exact: true }).waitFor({ timeout: 30_000 });
    // The return was noted in the job's history when it came (the banner itself may have come and
    // gone already: Posten's change arrives within the sandbox's short poll wait).
    await page.getByText('A signer came back from signing, done. Waiting for the signing service to confirm.').first().waitFor();
    await page.getByTestId('return-hint').waitFor({ state: 'detached' });
    assert.equal(await kari.getByRole('button', { name: 'Copy link' }).count(), 0, 'no links for a signer who has signed');
    await signing.close();

    // The same way back once more (the job's exit address is shared by its signers): the page says
    // so at once, and it stays a note until Posten says something; no signer's status moves. The
    // direct queue answers 503 meanwhile, so no poll clears the note while it is looked at.
    const holdQueue = await fetch(`${controlUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: 'GET /.*/direct/signature-jobs', kind: 'status', status: 503 }),
    });
    assert.equal(holdQueue.status, 201);
    const returned = await context.newPage();
    await returned.goto(returnAddress);
    const banner = page.getByTestId('return-hint');
    await banner.getByText('A signer came back from the signing page, done with signing. Waiting for Posten to confirm it.').waitFor();
    await banner.getByText(/^Came back: \d{2}:\d{2}\. Nothing on this job changes until Posten confirms it\.$/).waitFor();
    await ola.getByText('Waiting', { exact: true }).waitFor();
    await page.screenshot({ path: shot('job-direct-return-en'), fullPage: true });
    await call(app, 'settings.update', { language: 'nb' });
    await banner.getByText('En undertegner kom tilbake fra signeringssiden ferdig med å signere. Venter på at Posten bekrefter det.').waitFor();
    await page.screenshot({ path: shot('job-direct-return-nb'), fullPage: true });
    await call(app, 'settings.update', { language: 'en' });
    await returned.close();
    assert.equal((await fetch(`${controlUrl}/faults`, { method: 'DELETE' })).status < 300, true);

    // Sign on this PC: the signing page opens in a new tab of the browser, here the same context.
    const [here] = await Promise.all([context.waitForEvent('page'), ola.getByRole('button', { name: 'Sign on this PC' }).click()]);
    await page.getByRole('status').getByText('The signing page for Ola Nordmann opened in your browser.').waitFor();
    await here.getByRole('button', { name: 'Sign', exact: true }).click();
    await here.getByText(/you can close this tab/i).waitFor();
    await ola.getByText('Signed', { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator('.page-header').getByText('Completed').waitFor({ timeout: 30_000 });
    await banner.waitFor({ state: 'detached' });
    await here.close();
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });
});

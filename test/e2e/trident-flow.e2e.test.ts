import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { ensureRendererBuilt, openApp, repoRoot, type AppFixture } from './support/browser';
import { dropFiles, makePdf, pdfFile, signerCards } from './support/compose';

/**
 * TRIDENT through the UI, the web host and the sandbox: the account form, compose with two signers
 * in order and a set of labels, "Sign on this PC" at the sandbox's task page (choose an identity,
 * agree, sign), the browser back at the app's return listener, the second signer's copied link,
 * the signed PDF filed with both signatures; and a cancelled signing in words.
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

const shotsDir = process.env.SIGNING_DESK_SHOTS ?? join(repoRoot, 'test-results', 'trident-flow');
const shot = (name: string) => {
  mkdirSync(shotsDir, { recursive: true });
  return join(shotsDir, `${name}.png`);
};

const signerRow = (page: Page, name: string): Locator => page.getByTestId('job-signer').filter({ hasText: name });

/** The person at the sandbox's TRIDENT page: picks an identity, agrees to the documents and signs (or cancels). */
async function atTrident(page: Page, identity: string, action: 'Sign' | 'Cancel') {
  await page.getByRole('heading', { name: 'Choose how you sign' }).waitFor();
  await page.getByRole('radio', { name: new RegExp(identity) }).first().check();
  if (action === 'Cancel') {
    await page.getByRole('button', { name: 'Cancel' }).click();
  } else {
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
  }
  // Back at the app's return listener.
  await page.waitForURL((url) => url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.pathname.startsWith('/r/'));
  await page.getByText(/you can close this tab/i).waitFor();
}

async function composeTrident(page: Page, title: string, signers: string[]) {
  await page.getByRole('navigation').getByRole('link', { name: 'Compose' }).click();
  await page.getByRole('heading', { name: 'Signers', exact: true }).waitFor();
  await dropFiles(page, [pdfFile(`${title}.pdf`, await makePdf(title, 1))]);
  await page.getByTestId('document-row').getByText('1 page', { exact: true }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill(title);
  for (const [index, name] of signers.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add signer' }).click();
    await signerCards(page).nth(index).getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  }
  await page.getByText('Draft saved').waitFor();
}

describe('TRIDENT through the UI', { timeout: 240_000 }, () => {
  let app: AppFixture;
  let tridentControl: string;

  before(async () => {
    ensureRendererBuilt();
    app = await openApp({
      host: { demo: true, demoServices: ['trident'], backgroundSync: true },
      // The demo serves TRIDENT's task pages on its plain-HTTP port: no certificate warning to ignore.
      context: { permissions: ['clipboard-read', 'clipboard-write'] },
    });
    tridentControl = app.host.demo!.info.trident.controlUrl;
    // Signing is done by hand here, on the sandbox's page.
    await fetch(`${tridentControl}/autosign`, { method: 'DELETE' });
    assert.ok((await app.host.core.dispatch('settings.update', { language: 'en', theme: 'light' })).ok);
  });
  after(async () => {
    await app?.close();
  });

  test('the account form: a choice of service, the client secret’s risk in words, and a connection test that gets a token', async () => {
    const { page } = app;
    const info = app.host.demo!.info.trident;
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('radio', { name: 'TRIDENT' }).check();
    await page.getByTestId('client-secret-risk').getByText('A client secret kept on a desktop is a real risk').waitFor();
    await page.getByTestId('client-secret-risk').getByText('a client of its own for each installation of Signing Desk').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Our TRIDENT');
    await page.getByLabel('Address of the installation').fill(info.baseUrl);
    await page.getByLabel('Authorization server').fill(info.authServer);
    await page.getByLabel('Client ID').fill(info.clientId);
    await page.getByLabel('Client secret').fill(`${info.clientSecret}-wrong`);
    await page.getByLabel('CA certificate file').setInputFiles(info.caCertificate);
    await page.getByText('File loaded').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').getByText('TRIDENT did not accept the client ID and secret.').waitFor();
    await page.getByLabel('Client secret').fill(info.clientSecret);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').getByText('Connected. TRIDENT issued a token, valid for 120 seconds.').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the TRIDENT account form');
    await page.screenshot({ path: shot('account-form-en'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).click();
    const accounts = await call(app, 'accounts.list', {});
    assert.deepEqual(accounts.items.map((a) => a.name), ['Demo TRIDENT (local sandbox)'], 'testing stored nothing');
  });

  test('two signers in order: signed on this PC and by a copied link; the PDF is filed with both signatures', async () => {
    const { page, context } = app;
    await composeTrident(page, 'Lease of Storgata 2', ['Kari Nordmann', 'Ola Nordmann']);
    const choice = page.getByRole('group', { name: 'How do the signers sign?' });
    assert.equal(await choice.getByRole('radio').count(), 1, 'the TRIDENT account offers its own way only');
    assert.equal(await choice.getByRole('radio', { name: /one after another at TRIDENT/ }).isChecked(), true);
    assert.equal(await page.getByLabel('Deadline for each step').count(), 0, 'no deadline');
    await page.getByRole('button', { name: 'Choose the labels for this job' }).click();
    await page.getByLabel('An identity with all of these labels').fill('sandbox, server');
    await page.getByTestId('labels-summary').getByText('May sign: an identity with sandbox and server.').waitFor();
    await page.getByRole('region', { name: 'Review and send' }).getByText('The signers sign one after another').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'Compose, TRIDENT');
    await page.screenshot({ path: shot('compose-en'), fullPage: true });
    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const row = page.getByRole('listitem').filter({ hasText: 'Lease of Storgata 2' });
    await row.getByText('TRIDENT', { exact: true }).waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Lease of Storgata 2' }).waitFor();
    await page.locator('.page-header').getByText('In progress').waitFor({ timeout: 30_000 });

    const kari = signerRow(page, 'Kari Nordmann');
    const ola = signerRow(page, 'Ola Nordmann');
    await kari.getByRole('button', { name: 'Sign on this PC' }).waitFor();
    assert.equal(await ola.getByRole('button', { name: 'Copy link' }).count(), 0, 'not Ola’s turn yet');
    await page.getByText('Only the signer whose turn it is can sign.').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the job page');
    await page.screenshot({ path: shot('job-en'), fullPage: true });

    // Sign on this PC: TRIDENT's page in a new tab; the browser comes back to the app.
    const [here] = await Promise.all([context.waitForEvent('page'), kari.getByRole('button', { name: 'Sign on this PC' }).click()]);
    await atTrident(here, 'Kari Nordmann', 'Sign');
    await here.close();
    await kari.getByText('Signed', { exact: true }).waitFor({ timeout: 30_000 });

    // Then it is Ola's turn, on the documents as Kari signed them; a copied link this time.
    await ola.getByRole('button', { name: 'Copy link' }).click({ timeout: 30_000 });
    await page.getByRole('status').getByText('The signing link for Ola Nordmann is on the clipboard. It works until Ola Nordmann has signed').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/trustedx-resources\/esignsp\/v2\/ui\?signerProcessId=/);
    const signing = await context.newPage();
    await signing.goto(link);
    await atTrident(signing, 'Ola Nordmann', 'Sign');
    await signing.close();

    await page.locator('.page-header').getByText('Completed').waitFor({ timeout: 30_000 });
    const file = page.locator('.file').filter({ hasText: 'Signed PDF: Lease of Storgata 2' });
    await file.getByText('Signatures verified', { exact: true }).waitFor({ timeout: 30_000 });
    await file.getByText('Saved', { exact: true }).waitFor({ timeout: 30_000 });
    const saved = (await call(app, 'jobs.list', {})).items.find((job) => job.title === 'Lease of Storgata 2')!;
    const detail = await call(app, 'jobs.get', { id: saved.id });
    const pdfsig = execFileSync('pdfsig', [detail.downloads[0].savedPath!], { encoding: 'utf8' });
    assert.equal((pdfsig.match(/Signature is Valid/g) ?? []).length, 2, pdfsig);
    // Then the processes go at TRIDENT, and the timeline says so.
    await page.getByText('The signing processes and their documents were deleted at TRIDENT').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: shot('job-completed-en'), fullPage: true });
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });

  test('a person who cancels at TRIDENT: the job page says so in words, in both languages', async () => {
    const { page, context } = app;
    await composeTrident(page, 'Declined offer', ['Kari Nordmann']);
    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Declined offer' }).getByRole('link').click();
    const kari = signerRow(page, 'Kari Nordmann');
    const [here] = await Promise.all([context.waitForEvent('page'), kari.getByRole('button', { name: 'Sign on this PC' }).click({ timeout: 30_000 })]);
    await atTrident(here, 'Kari Nordmann', 'Cancel');
    await here.close();
    await page.locator('.page-header').getByText('Cancelled').waitFor({ timeout: 30_000 });
    await page.getByTestId('service-outcome').getByText('The person cancelled signing at TRIDENT. Nothing was signed.').waitFor();
    await call(app, 'settings.update', { language: 'nb', theme: 'dark' });
    await page.getByTestId('service-outcome').getByText('Personen avbrøt signeringen hos TRIDENT. Ingenting ble signert.').waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    assert.deepEqual(await seriousViolations(page), [], 'the cancelled job, Norwegian, dark');
    await page.screenshot({ path: shot('job-cancelled-nb-dark'), fullPage: true });
    await call(app, 'settings.update', { language: 'en', theme: 'light' });
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { ensureRendererBuilt, openApp, repoRoot, type AppFixture } from './support/browser';
import { dropFiles, makePdf, pdfFile, signerCards } from './support/compose';

/**
 * Lacuna Rest PKI Core through the UI, the web host and the demo sandbox (issue #11 item 3): the
 * demo account beside Posten's, the account form's service choice and connection test, compose for
 * a Rest PKI Core account (signers in order, a CPF checked as it is typed), and the job page: "Sign
 * on this PC" opens the sandbox's signing page in a new tab, the signer signs, the browser comes
 * back to the app, and the job page follows live until both signatures are in one verified PDF.
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

const shotsDir = process.env.SIGNING_DESK_SHOTS ?? join(repoRoot, 'test-results', 'restpki-flow');
const shot = (name: string) => {
  mkdirSync(shotsDir, { recursive: true });
  return join(shotsDir, `${name}.png`);
};

const signerRow = (page: Page, name: string): Locator => page.getByTestId('job-signer').filter({ hasText: name });

describe('Rest PKI Core through the UI', { timeout: 180_000 }, () => {
  let app: AppFixture;

  before(async () => {
    ensureRendererBuilt();
    app = await openApp({ host: { demo: true, backgroundSync: true } });
    assert.ok((await app.host.core.dispatch('settings.update', { language: 'en', theme: 'light' })).ok);
  });
  after(async () => {
    await app?.close();
  });

  test('a first start has a Rest PKI Core demo account beside Posten\'s; the account form offers the service and tests the key', async () => {
    const { page } = app;
    const accounts = (await call(app, 'accounts.list', {})).items;
    assert.deepEqual(accounts.map((a) => [a.name, a.provider, a.isDemo]), [
      ['Demo (local sandbox)', 'posten', true],
      ['Demo Rest PKI Core (local sandbox)', 'restpki', true],
    ]);
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    // Choosing the service replaces the form with that service's own.
    await page.getByRole('region', { name: 'Add a Posten signering account' }).getByRole('radio', { name: 'Rest PKI Core' }).click();
    const restpki = page.getByRole('region', { name: 'Add a Rest PKI Core account' });
    await restpki.getByRole('textbox', { name: 'Name' }).fill('Lacuna (sandbox)');
    await restpki.getByRole('radio', { name: 'Your own installation' }).check();
    const info = app.host.demo!.info.restpki;
    await restpki.getByRole('textbox', { name: 'Address' }).fill(info.endpoint);
    // A wrong key first: the test says so in words.
    await restpki.getByLabel('API key').fill('signing-desk|wrong');
    await restpki.getByLabel('CA certificate file').setInputFiles(info.caCertificate);
    await restpki.getByText('File loaded.').waitFor();
    await restpki.getByRole('button', { name: 'Test connection' }).click();
    await restpki.getByText('Rest PKI Core did not accept the account’s API key.', { exact: false }).waitFor();
    await restpki.getByLabel('API key').fill(info.apiKey);
    await restpki.getByRole('button', { name: 'Test connection' }).click();
    await restpki.getByText('Connected: Rest PKI Core accepted the API key.').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'Add a Rest PKI Core account');
    await page.screenshot({ path: shot('account-form-en'), fullPage: true });
    await restpki.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await call(app, 'accounts.list', {})).items.length, 2, 'testing stored nothing');
  });

  test('compose for the Rest PKI Core account, then Sign on this PC for each signer in turn; the job page follows live', async () => {
    const { page, context } = app;
    const demo = (await call(app, 'accounts.list', {})).items.find((a) => a.provider === 'restpki')!;
    await page.getByRole('navigation').getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel('Account', { exact: true }).selectOption(demo.id);
    const choice = page.getByRole('group', { name: 'How do the signers sign?' });
    await choice.getByRole('radio', { name: 'Each signer signs with their own certificate in a browser, one after another' }).waitFor();
    assert.equal(await choice.getByRole('radio').count(), 1, 'a Rest PKI Core account has one way of signing');
    await page.getByRole('heading', { name: 'Signers, in signing order' }).waitFor();
    assert.equal(await page.getByLabel('Description (optional)').count(), 0, 'Rest PKI Core shows no description');

    await dropFiles(page, [pdfFile('Contrato.pdf', await makePdf('Contrato', 1))]);
    await page.getByTestId('document-row').getByText('1 page', { exact: true }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Contrato de locação');
    const first = signerCards(page).first();
    await first.getByRole('textbox', { name: 'Name', exact: true }).fill('Maria da Silva');
    const cpf = first.getByRole('textbox', { name: 'CPF' });
    // Checked as it is typed: a wrong check digit shows at once, before the field is left.
    await cpf.fill('123.456.789-00');
    await first.getByText('This CPF has a wrong check digit.').waitFor();
    await cpf.fill('12345678909');
    await first.getByText('This CPF has a wrong check digit.').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add signer' }).click();
    const second = signerCards(page).nth(1);
    await second.getByRole('textbox', { name: 'Name', exact: true }).fill('João Souza');
    await second.getByRole('textbox', { name: 'CPF' }).fill('529.982.247-25');
    await page.getByRole('checkbox', { name: /No download on the signing page/ }).check();
    const review = page.getByRole('region', { name: 'Review and send' });
    await review.getByText('only with the certificate of CPF 123.456.789-09').waitFor();
    await review.getByText('only with the certificate of CPF 529.982.247-25').waitFor();
    assert.equal(await cpf.inputValue(), '123.456.789-09', 'shown formatted once the field is left');
    assert.deepEqual(await seriousViolations(page), [], 'Compose, Rest PKI Core');
    await page.screenshot({ path: shot('compose-restpki-en'), fullPage: true });
    await call(app, 'settings.update', { language: 'nb', theme: 'dark' });
    await page.getByRole('heading', { name: 'Undertegnere, i signeringsrekkefølge' }).waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    assert.deepEqual(await seriousViolations(page), [], 'Compose, Rest PKI Core, Norwegian, dark');
    await page.screenshot({ path: shot('compose-restpki-nb-dark'), fullPage: true });
    await call(app, 'settings.update', { language: 'en', theme: 'light' });
    await page.getByRole('heading', { name: 'Signers, in signing order' }).waitFor();

    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const row = page.getByRole('listitem').filter({ hasText: 'Contrato de locação' });
    await row.getByText('Rest PKI', { exact: true }).waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Contrato de locação' }).waitFor();
    await page.locator('.page-header').getByText('In progress').waitFor({ timeout: 30_000 });
    const maria = signerRow(page, 'Maria da Silva');
    const joao = signerRow(page, 'João Souza');
    await maria.getByText('Waiting', { exact: true }).waitFor();
    await maria.getByText('CPF 123.456.789-09').waitFor();
    await joao.getByText('Waits for the signer before').waitFor();
    assert.equal(await joao.getByRole('button', { name: /Sign on this PC/ }).count(), 0, 'the second signer has no session yet');
    for (const action of ['Sign on this PC', 'Copy link', 'Show QR code']) await maria.getByRole('button', { name: action }).waitFor();
    await page.getByText('Rest PKI: each signer with their own certificate, in order').waitFor();

    // "Withdraw" says what it does: Rest PKI Core cannot cancel a session.
    await page.getByRole('button', { name: 'Withdraw' }).click();
    const withdraw = page.getByRole('dialog', { name: 'Withdraw this job?' });
    await withdraw.getByText(/Rest PKI Core cannot cancel a signature session\. .*can still sign there until it expires/).waitFor();
    await withdraw.getByRole('button', { name: 'Keep the job' }).click();
    await page.screenshot({ path: shot('job-restpki-en'), fullPage: true });

    // Sign on this PC: the sandbox's signing page in a new tab; signing there brings the browser back to the app.
    const [tab] = await Promise.all([context.waitForEvent('page'), maria.getByRole('button', { name: 'Sign on this PC' }).click()]);
    await tab.getByRole('heading', { name: 'Sign documents' }).waitFor();
    await tab.getByText('This session accepts only the certificate of CPF 123.456.789-09.').waitFor();
    await tab.getByRole('button', { name: 'Sign', exact: true }).click();
    await tab.waitForURL((url) => url.hostname === '127.0.0.1' && url.pathname.startsWith('/r/'));
    await tab.getByText(/you can close this tab/i).waitFor();
    await tab.close();
    await maria.getByText('Signed', { exact: true }).waitFor({ timeout: 30_000 });
    await maria.getByText(/Signed with the certificate of Maria da Silva/).waitFor();
    await joao.getByText('Waiting', { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator('.job-summary__progress').getByText('1 of 2 signed, waiting for step 2', { exact: true }).waitFor();

    const [next] = await Promise.all([context.waitForEvent('page'), joao.getByRole('button', { name: 'Sign on this PC' }).click()]);
    await next.getByRole('button', { name: 'Sign', exact: true }).click();
    await next.getByText(/you can close this tab/i).waitFor();
    await next.close();
    await page.locator('.page-header').getByText('Completed').waitFor({ timeout: 30_000 });
    await joao.getByText(/Signed with the certificate of João Pereira Souza/).waitFor();
    const files = page.getByRole('region', { name: 'Signed files' });
    await files.getByText('Signatures verified').waitFor({ timeout: 30_000 });
    await files.getByText(/2 signatures/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'Job page, Rest PKI Core, completed');
    await page.screenshot({ path: shot('job-restpki-completed-en'), fullPage: true });
    await call(app, 'settings.update', { language: 'nb' });
    await maria.getByText(/Signert med sertifikatet til Maria da Silva/).waitFor();
    await page.screenshot({ path: shot('job-restpki-completed-nb'), fullPage: true });
    await call(app, 'settings.update', { language: 'en' });
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });
});

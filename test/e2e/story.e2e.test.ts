import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { JobDetail, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { openApp, screenshotPath, type AppFixture } from './support/browser';
import { addSigner, dragSignerOnto, dropFiles, makePdf, openCompose, pdfFile, signerCards } from './support/compose';

// English UI, so the assertions read like the screens.
process.env.LC_ALL = 'en_GB.UTF-8';

const TITLE = 'Lease agreement, Storgata 12';
const REFERENCE = 'SAK-2026-114';

let app: AppFixture;
let saveFolder: string;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function control(method: string, path: string) {
  const response = await fetch(`${app.host.demo!.info.controlUrl}${path}`, { method });
  assert.ok(response.ok, `control ${method} ${path}: ${response.status}`);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((f) => join(folder, f)).filter((f) => statSync(f).isFile());
}

const rowOf = (page: Page) => page.getByRole('listitem').filter({ hasText: TITLE });

describe('the whole story: send, watch the signers, save the signed PDF', { timeout: 120_000 }, () => {
  let job: JobDetail;

  before(async () => {
    app = await openApp({ host: { demo: true, backgroundSync: true } });
    // The demo signs by itself after 30 s; here the signers sign when the test says so.
    await control('DELETE', '/autosign');
    saveFolder = mkdtempSync(join(tmpdir(), 'signing-desk-story-'));
  });
  after(async () => {
    await app?.close();
    if (saveFolder) rmSync(saveFolder, { recursive: true, force: true });
  });

  test('a job sent for signing shows up in the list and goes out without a reload', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    // Compose, as the administrator does it: two PDFs dropped on the window, three signers (one by
    // national identity number, two by e-mail), the third dragged into the second one's step.
    await openCompose(page);
    await dropFiles(page, [pdfFile('Lease.pdf', await makePdf('Lease', 2)), pdfFile('Annex.pdf', await makePdf('Annex', 1))]);
    await page.getByTestId('document-row').nth(1).getByText('1 page', { exact: true }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel('Your reference (optional)').fill(REFERENCE);
    await addSigner(page, { nin: '01010112377', email: 'kari@example.no' });
    await addSigner(page, { email: 'ola@example.no' });
    await addSigner(page, { email: 'per@example.no' });
    await dragSignerOnto(signerCards(page).nth(2).getByRole('button', { name: /^Reorder per@example.no/ }), signerCards(page).nth(1));
    await page.getByTestId('step-2').getByText('2 signers in parallel').waitFor();
    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    const listed = await dispatch('jobs.list', { search: REFERENCE });
    assert.equal(listed.items.length, 1);
    job = await dispatch('jobs.get', { id: listed.items[0].id });
    assert.deepEqual(job.signers.map((signer) => signer.step), [1, 2, 2]);

    await rowOf(page).waitFor();
    await rowOf(page).getByText('0 of 3 signed, waiting for step 1').waitFor({ timeout: 20_000 });
    await rowOf(page).getByText('In progress').waitFor();
    await page.screenshot({ path: screenshotPath('story-1-list-sent') });
  });

  test('the job page shows the signers by step and follows each signature live, with toasts', async () => {
    const { page, context } = app;
    await rowOf(page).getByRole('link').click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`#/jobs/${job.id}$`));
    await page.getByRole('heading', { name: /Step 1/ }).waitFor();
    await page.getByRole('heading', { name: /Step 2/ }).waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText('Sent to the signing service').waitFor();
    job = await dispatch('jobs.get', { id: job.id });
    assert.ok(job.serviceJobId);

    // The first signer signs on the service's own signer page, in another tab.
    const signerPage = await context.newPage();
    await signerPage.goto(`${app.host.demo!.info.webRoot}/jobs/${job.serviceJobId}/signers/0`);
    await signerPage.getByRole('button', { name: 'Sign' }).click();
    await signerPage.close();

    const timeline = page.getByRole('region', { name: 'What happened' });
    await timeline.getByText('kari@example.no signed').waitFor({ timeout: 20_000 });
    await page.getByText('1 of 3 signed, waiting for step 2').waitFor();
    const toasts = page.getByRole('status').filter({ has: page.locator('.toast') });
    await toasts.getByText(/signed/).first().waitFor();
    await page.screenshot({ path: screenshotPath('story-2-job-first-signed') });

    await control('POST', `/jobs/${job.serviceJobId}/signers/1/sign`);
    await control('POST', `/jobs/${job.serviceJobId}/signers/2/sign`);
    await page.locator('.page-header').getByText('Completed').waitFor({ timeout: 30_000 });
    await toasts.getByText('Everyone has signed').waitFor({ timeout: 20_000 });
    await page.getByText('Signed PDF (PAdES)', { exact: true }).waitFor({ timeout: 20_000 });
    await page.locator('.file').filter({ hasText: 'Signed PDF (PAdES)' }).getByText('Signatures verified').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('story-3-job-completed'), fullPage: true });
  });

  test('a toast opens its job; the list has moved the job to Completed', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'All jobs' }).click();
    await rowOf(page).getByText('3 of 3 signed').waitFor();
    await rowOf(page).getByText('Completed').waitFor();
    const completed = page.getByRole('group', { name: 'Filter jobs' }).getByRole('button', { name: /Completed/ });
    assert.match(await completed.innerText(), /1/);
    const toast = page.locator('.toast__body').first();
    if (await toast.count()) {
      await toast.click();
      await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    } else {
      await rowOf(page).getByRole('link').click();
    }
  });

  test('saving the signed files to a chosen folder; pdfsig verifies every signature', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Save signed files…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the signed files' });
    await dialog.waitFor();
    const folder = dialog.getByRole('textbox', { name: 'Folder' });
    assert.equal(await folder.evaluate((el) => el === document.activeElement), true, 'focus moves into the dialog');
    await folder.fill(saveFolder);
    await page.screenshot({ path: screenshotPath('story-4-save-dialog') });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Saved the signed files to ${saveFolder}.`).waitFor();
    await page.getByText(/You saved a copy of the Signed PDF/).first().waitFor();

    const pdfs = filesUnder(saveFolder).filter((f) => f.endsWith('.pdf'));
    assert.equal(pdfs.length, 1, `one signed PDF in ${saveFolder}: ${filesUnder(saveFolder).join(', ')}`);
    const report = pdfsigReport(pdfs[0]);
    const signatures = report.match(/^Signature #\d+/gm) ?? [];
    assert.equal(signatures.length, 3, report);
    assert.equal((report.match(/Signature Validation: Signature is Valid\./g) ?? []).length, 3, report);
    assert.ok(filesUnder(saveFolder).filter((f) => f.endsWith('.xml')).length >= 3, 'each signer’s XAdES is saved too');
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

function pdfsigReport(file: string): string {
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (error) {
    // pdfsig exits non-zero when a certificate is not trusted by NSS; the signatures are still reported.
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

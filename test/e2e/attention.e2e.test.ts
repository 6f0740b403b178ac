// Problems the user must be told about, as they see them: a save folder that does not exist yet,
// a signed file that cannot be filed (and "Try again" once the folder is back), a job that cannot
// be sent (the row, the Needs attention count, the status bar).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { JobDetail, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { samplePdf } from '../support/sandbox-account';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

let app: AppFixture;
let folders: string;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.host.demo!.info.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `control ${method} ${path}: ${response.status}`);
}

async function createJob(title: string): Promise<JobDetail> {
  const staged = await dispatch('documents.stage', { fileName: 'contract.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
  return dispatch('jobs.create', { flow: 'portal', 
    accountId: app.host.demo!.accountId,
    title,
    documents: [{ stagedId: staged.id, title: 'Contract' }],
    signers: [{ email: 'kari@example.no', step: 1 }],
  });
}

/** Sync passes until the job is as wanted; the demo service lets the app poll again after 3 s. */
async function syncUntil(jobId: string, done: (job: JobDetail) => boolean): Promise<JobDetail> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await dispatch('sync.run', {});
    const job = await dispatch('jobs.get', { id: jobId });
    if (done(job)) return job;
    assert.ok(Date.now() < deadline, `job ${job.title} never got there: ${job.status} ${JSON.stringify(job.attention)}`);
    await sleep(250);
  }
}

const nav = (page: Page) => page.getByRole('navigation');
const filters = (page: Page) => page.getByRole('group', { name: 'Filter jobs' });

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('problems the user is told about', { timeout: 150_000 }, () => {
  before(async () => {
    app = await openApp({ host: { demo: true, backgroundSync: false } });
    await control('DELETE', '/autosign');
    folders = mkdtempSync(join(tmpdir(), 'signing-desk-attention-'));
  });
  after(async () => {
    await app?.close();
    if (folders) rmSync(folders, { recursive: true, force: true });
  });

  test('a save folder that does not exist: asked before it is created; refused when its parent is missing too', async () => {
    const { page } = app;
    await nav(page).getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Details of Demo (local sandbox)' }).click();
    const detail = page.getByRole('region', { name: 'Demo (local sandbox)' });
    const field = detail.getByRole('textbox', { name: 'Save folder' });

    const unmounted = join(folders, 'unmounted-share', 'Signed');
    await field.fill(unmounted);
    await detail.getByRole('button', { name: 'Save changes' }).click();
    await detail.getByText(`The save folder ${unmounted} does not exist, and neither does ${dirname(unmounted)}, the folder it would be in.`, { exact: false }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(existsSync(join(folders, 'unmounted-share')), false, 'no local stand-in for a missing drive');

    const folder = join(folders, 'Signed');
    await field.fill(folder);
    await detail.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create the folder?' });
    await dialog.getByText(`The folder ${folder} does not exist. Create it?`).waitFor();
    await page.screenshot({ path: screenshotPath('attention-create-folder') });
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await detail.getByText('Saved.').waitFor();
    assert.ok(existsSync(folder), 'created after the user agreed');
    assert.equal((await dispatch('accounts.get', { id: app.host.demo!.accountId })).saveFolder, folder);
  });

  test('a signed file that cannot be filed: Needs attention, a notification, and Try again on the job page', async () => {
    const { page } = app;
    const folder = join(folders, 'Signed');
    const created = await createJob('Filing agreement');
    const sent = await syncUntil(created.id, (job) => job.status === 'in_progress');
    await control('POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
    rmSync(folder, { recursive: true });
    const stuck = await syncUntil(created.id, (job) => job.attention?.reason === 'not-filed' && job.downloads.every((d) => d.state !== 'pending'));
    assert.equal(stuck.status, 'completed');
    assert.ok(app.host.notifications.sent.some((n) => n.title === 'A signed document could not be saved' && n.body.startsWith('Filing agreement: Signed, but not saved')));

    await nav(page).getByRole('link', { name: 'Jobs' }).click();
    await filters(page).getByRole('button', { name: /Needs attention\s*1/ }).click();
    const row = page.getByRole('listitem').filter({ hasText: 'Filing agreement' });
    await row.getByText(`Signed, but not saved. The save folder ${folder} does not exist. Is the drive connected?`).waitFor();
    await row.getByRole('link').click();

    await page.getByRole('heading', { name: 'Filing agreement', level: 1 }).waitFor();
    const problem = page.locator('.callout--filing');
    await problem.getByText(`Signed, but not saved. The save folder ${folder} does not exist. Is the drive connected?`).waitFor();
    // The technical text (here the core's own) only behind Details.
    const technical = problem.getByText(`The save folder ${folder} does not exist.`, { exact: true });
    assert.equal(await technical.isVisible(), false);
    await problem.getByText('Details').click();
    await technical.waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText(/Could not save the .*\. The save folder .* does not exist\./).first().waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'job page with the filing problem');
    assert.equal(await page.getByText(/\{\w+\}/).count(), 0, 'every sentence has what fills it (the folder of each file too)');
    await page.screenshot({ path: screenshotPath('attention-not-filed'), fullPage: true });

    // Still gone: Try again says so, in words.
    await problem.getByRole('button', { name: 'Try again' }).click();
    await page.getByText(`Still not saved. The save folder ${folder} does not exist. Is the drive connected?`).waitFor();

    mkdirSync(folder);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Saved the signed files into the save folder.').waitFor();
    await problem.waitFor({ state: 'detached' });
    const filed = await dispatch('jobs.get', { id: created.id });
    assert.equal(filed.attention, null);
    for (const download of filed.downloads) assert.ok(download.savedPath?.startsWith(folder) && existsSync(download.savedPath), download.savedPath ?? download.kind);
  });

  test('a job that cannot be sent: the row says why and when it tries again, Needs attention counts it, the status bar names the account and the problem', async () => {
    const { page } = app;
    // The service resets every connection: nothing is sent, nothing is polled.
    await control('POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'reset' });
    await control('POST', '/faults', { match: 'GET /portal/signature-jobs$', kind: 'reset' });
    try {
      const created = await createJob('Board minutes April');
      const queued = await syncUntil(created.id, (job) => job.attention?.reason === 'not-sent');
      assert.equal(queued.status, 'queued');

      await nav(page).getByRole('link', { name: 'Jobs' }).click();
      await filters(page).getByRole('button', { name: /^All/ }).click();
      const row = page.getByRole('listitem').filter({ hasText: 'Board minutes April' });
      // The failure's own sentence, as everywhere a connection broke off.
      await row.getByText(/^Not sent yet\. The connection to the signing service broke off\. Next try \d{1,2}:\d{2}\.$/).waitFor();
      await filters(page).getByRole('button', { name: /Needs attention\s*1/ }).waitFor();

      const statusBar = page.getByLabel('Status', { exact: true });
      const account = statusBar.getByRole('listitem').filter({ hasText: 'Demo (local sandbox)' });
      await account.getByText(/^Cannot reach Posten signering since \d{1,2}:\d{2}$/).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'job list with a job not sent');
      await page.screenshot({ path: screenshotPath('attention-not-sent'), fullPage: true });

      // The job page says the same, with the technical message folded away.
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'Board minutes April', level: 1 }).waitFor();
      const problem = page.locator('.callout').filter({ hasText: 'Not sent yet' });
      await problem.getByText(/^Not sent yet\. The connection to the signing service broke off\. Next try/).waitFor();
      await page.getByRole('region', { name: 'What happened' }).getByText(/^Sending failed; next attempt .+\. The connection to the signing service broke off\.$/).first().waitFor();
      assert.equal(await page.getByText(/Could not reach/).isVisible(), false, 'the raw message only under Details');
      await problem.getByText('Details', { exact: true }).click();
      await problem.getByText(/Could not reach/).waitFor();
    } finally {
      await control('DELETE', '/faults');
    }
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { addAccountForSandbox } from '../../src-main/demo/demo-sandbox';
import type { AccountDetail, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { control, samplePdf } from '../support/sandbox-account';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

/**
 * Taking things away in the UI, through the web host against the demo sandbox: archiving a finished
 * job (row, job page, Undo, Restore), deleting drafts after a confirmation (Drafts tab, compose),
 * and removing an account whose job is still out for signing through its confirmation dialog.
 */
let app: AppFixture;
let completedId: string;
let branch: AccountDetail;
let pendingId: string;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function sendJob(accountId: string, title: string): Promise<string> {
  const staged = await dispatch('documents.stage', { fileName: 'lease.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
  const job = await dispatch('jobs.create', { flow: 'portal',  accountId, title, documents: [{ stagedId: staged.id, title: 'Lease' }], signers: [{ email: 'tenant@example.no', step: 1 }] });
  await app.host.core.sync.runPass(accountId);
  return job.id;
}

const filters = (page: Page) => page.getByRole('group', { name: 'Filter jobs' });
const tab = (page: Page, name: string, count: number) => filters(page).getByRole('button', { name: new RegExp(`^${name}\\s*${count}$`) });
const jobList = (page: Page, label = /jobs?$/) => page.getByRole('list', { name: label });
const row = (page: Page, title: string, label?: RegExp) => jobList(page, label).getByRole('listitem').filter({ hasText: title });
const toasts = (page: Page) => page.getByRole('status').filter({ has: page.locator('.toast') });

describe('archive, delete drafts, remove an account', { timeout: 120_000 }, () => {
  before(async () => {
    app = await openApp({ host: { demo: true, backgroundSync: false } });
    const demo = app.host.demo!;
    // A job signed at the sandbox and completed: the kind that goes to the archive.
    completedId = await sendJob(demo.accountId, 'Signed lease');
    const sent = await dispatch('jobs.get', { id: completedId });
    await control({ info: demo.info } as never, 'POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
    // The demo sandbox permits the next poll a few seconds on: pass until the signature has arrived.
    const deadline = Date.now() + 30_000;
    while ((await dispatch('jobs.get', { id: completedId })).status !== 'completed' && Date.now() < deadline) {
      await app.host.core.sync.runPass(demo.accountId);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal((await dispatch('jobs.get', { id: completedId })).status, 'completed');
    // A second account at the same sandbox, with a job still out for signing.
    const added = await addAccountForSandbox(app.host.core, demo.info, { name: 'Branch office' });
    if (!added.ok) throw new Error(added.error.message);
    branch = added.value as AccountDetail;
    pendingId = await sendJob(branch.id, 'Pending at branch');
    assert.equal((await dispatch('jobs.get', { id: pendingId })).status, 'in_progress');
    await dispatch('drafts.save', { accountId: demo.accountId, title: 'Draft to delete', payload: {} });
    await app.page.reload();
    await app.page.locator('main h1').first().waitFor();
  });
  after(async () => {
    await app?.close();
  });

  test('archive a finished job from its row (keyboard), find it in Archived, undo from the toast', async () => {
    const { page } = app;
    await tab(page, 'Archived', 0).waitFor();
    const link = row(page, 'Signed lease').getByRole('link');
    await link.focus();
    await page.keyboard.press('Tab');
    const archive = page.getByRole('button', { name: 'Archive “Signed lease”' });
    assert.equal(await archive.evaluate((el) => el === document.activeElement), true, 'the row’s Archive button follows its link in tab order');
    await page.keyboard.press('Enter');

    const toast = toasts(page).locator('.toast').filter({ hasText: 'Moved to the archive' });
    await toast.getByText('Signed lease').waitFor();
    await tab(page, 'Archived', 1).waitFor();
    await row(page, 'Signed lease').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('removal-archived-toast') });

    await tab(page, 'Archived', 1).click();
    await page.getByRole('list', { name: /^Archived: 1 job$/ }).waitFor();
    await row(page, 'Signed lease').getByRole('button', { name: 'Restore “Signed lease” from the archive' }).waitFor();

    await toast.getByRole('button', { name: 'Undo' }).click();
    await tab(page, 'Archived', 0).waitFor();
    await page.getByRole('heading', { name: 'Nothing in the archive' }).waitFor();
    await filters(page).getByRole('button', { name: /^Completed/ }).click();
    await row(page, 'Signed lease').waitFor();
    const events = (await dispatch('jobs.get', { id: completedId })).events.map((e) => e.kind);
    assert.deepEqual(events.slice(-2), ['archived', 'unarchived'], 'both moves are in the event log');
  });

  test('archive from the job page, then Restore from the Archived tab', async () => {
    const { page } = app;
    await row(page, 'Signed lease').getByRole('link').click();
    await page.getByRole('heading', { name: 'Signed lease', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByText(/This job is in the archive since/).waitFor();
    // The first move (and its undo) from the row is there too.
    const moves = page.getByRole('region', { name: 'What happened' }).getByText('You moved the job to the archive');
    await moves.nth(1).waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText('You restored the job from the archive').waitFor();
    await page.screenshot({ path: screenshotPath('removal-job-archived'), fullPage: true });

    await page.getByRole('link', { name: 'All jobs' }).click();
    await tab(page, 'Archived', 1).click();
    await row(page, 'Signed lease').getByRole('button', { name: 'Restore “Signed lease” from the archive' }).click();
    await toasts(page).getByText('Restored from the archive').last().waitFor();
    await tab(page, 'Archived', 0).waitFor();
    assert.equal((await dispatch('jobs.get', { id: completedId })).archivedAt, null);
  });

  test('delete a draft from the Drafts tab after a confirmation; and one from compose', async () => {
    const { page } = app;
    await tab(page, 'Drafts', 1).click();
    const remove = row(page, 'Draft to delete').getByRole('button', { name: 'Delete the draft “Draft to delete”' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this draft?' });
    await dialog.getByText('The draft “Draft to delete” and everything typed in it will be deleted.', { exact: false }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Keep the draft' }).evaluate((el) => el === document.activeElement), true, 'the safe choice has focus');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await tab(page, 'Drafts', 1).waitFor();

    await remove.click();
    await dialog.getByRole('button', { name: 'Delete draft' }).click();
    await toasts(page).getByText('Draft deleted').waitFor();
    await tab(page, 'Drafts', 0).waitFor();

    // In compose: typing saves a draft; Delete draft asks, deletes it, and goes back to the list.
    await page.getByRole('navigation').getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Composed, then dropped');
    await page.getByText('Draft saved').waitFor();
    const second = (await dispatch('jobs.list', { filter: 'drafts' })).items.find((job) => job.title === 'Composed, then dropped');
    assert.ok(second, 'the draft was saved');
    await page.getByRole('button', { name: 'Delete draft' }).click();
    const fromCompose = page.getByRole('dialog', { name: 'Delete this draft?' });
    await fromCompose.getByText(/The draft “Composed, then dropped”/).waitFor();
    await fromCompose.getByRole('button', { name: 'Delete draft' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await tab(page, 'Drafts', 0).waitFor();
    const gone = await app.host.core.dispatch('drafts.get', { id: second.id });
    assert.equal(gone.ok ? 'still there' : gone.error.code, 'NOT_FOUND');
  });

  test('remove an account through its confirmation: it says what happens, refuses until told to stop following, then removes', async () => {
    const { page } = app;
    const secrets = join(app.dataDir, 'secrets.insecure.json');
    assert.ok(readFileSync(secrets, 'utf8').includes(branch.id), 'the account’s key is in the secret store');

    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Details of Branch office' }).click();
    const open = page.getByRole('button', { name: 'Remove account…' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove “Branch office”?' });
    await dialog.getByText('One job is not finished yet.').waitFor();
    await dialog.getByText('Its certificate and key are deleted from this computer.').waitFor();
    await dialog.getByText(/Its one job stays in the job list, read-only and marked “account removed”/).waitFor();
    await dialog.getByText(/Signed files already saved are never touched/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the dialog has no serious accessibility problems');
    await page.screenshot({ path: screenshotPath('removal-account-dialog') });

    // Refused until the box is ticked; nothing removed meanwhile.
    await dialog.getByRole('button', { name: 'Remove account' }).click();
    await dialog.getByRole('alert').getByText('Tick the box to remove the account anyway').waitFor();
    assert.ok((await dispatch('accounts.list', {})).items.some((a) => a.id === branch.id));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await open.evaluate((el) => el === document.activeElement), true, 'focus returns to the button');

    await open.click();
    await dialog.getByRole('checkbox', { name: 'Stop following these jobs and remove the account anyway' }).check();
    await dialog.getByRole('button', { name: 'Remove account' }).click();
    await toasts(page).getByText('Account removed').waitFor();
    await page.getByRole('cell', { name: 'Branch office', exact: true }).waitFor({ state: 'detached' });
    assert.ok(!readFileSync(secrets, 'utf8').includes(branch.id), 'the account’s key is gone from the secret store');

    // Its job stays, read-only and marked.
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    await row(page, 'Pending at branch').getByText('Account removed').waitFor();
    await row(page, 'Pending at branch').getByRole('link').click();
    await page.getByText(/The account of this job was removed/).waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByText(/The account “Branch office” was removed; Signing Desk no longer follows this job/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Cancel job' }).count(), 0, 'nothing can be sent for it any more');
    assert.ok(existsSync(join(app.dataDir, 'signing-desk.sqlite')));
  });

  test('the Archived tab in Norwegian', async () => {
    const { page } = app;
    await dispatch('settings.update', { language: 'nb' });
    await page.getByRole('navigation').getByRole('link', { name: 'Oppdrag', exact: true }).click();
    await page.getByRole('group', { name: 'Filtrer oppdrag' }).getByRole('button', { name: /^Arkivert/ }).waitFor();
    await row(page, 'Signed lease', /oppdrag$/).getByRole('button', { name: 'Arkiver «Signed lease»' }).waitFor();
    await dispatch('settings.update', { language: 'en' });
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

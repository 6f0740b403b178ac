import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { seedJobs } from '../support/seed';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

let app: AppFixture;
let place: string;
let accountFolder: string;

/** A completed seeded job with one archived signed PDF; without `archived` its archive file is gone. */
function jobWithSignedFile(jobId: string, options: { archived: boolean }): void {
  const archivePath = join(place, `${jobId}-archive.pdf`);
  if (options.archived) writeFileSync(archivePath, '%PDF-1.7 a signed file');
  app.host.core.db
    .prepare("INSERT INTO artifacts (id, job_id, format, origin, state, archive_path, created_at, updated_at) VALUES (?, ?, 'pades', 'https://service.invalid/pades', 'archived', ?, '2026-01-01', '2026-01-01')")
    .run(`download-${jobId}`, jobId, archivePath);
}

async function openJob(page: Page, jobId: string, title: string) {
  await page.goto(`${new URL(app.url).origin}/#/jobs/${jobId}`);
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

const savedFiles = (folder: string) => readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(folder, name)).isFile());

describe('saving the signed files by hand in the web host', { timeout: 120_000 }, () => {
  before(async () => {
    app = await openApp();
    place = mkdtempSync(join(tmpdir(), 'signing-desk-save-'));
    accountFolder = join(place, 'Account folder');
    mkdirSync(accountFolder);
    seedJobs(app.host.core.db, 10);
    app.host.core.db.prepare("UPDATE accounts SET config = ? WHERE id = 'acct-seed'").run(JSON.stringify({ saveFolder: accountFolder }));
    jobWithSignedFile('job-000002', { archived: true });
    jobWithSignedFile('job-000009', { archived: false });
  });
  after(async () => {
    await app?.close();
    if (place) rmSync(place, { recursive: true, force: true });
  });

  test('the dialog offers the account folder, checks what is typed, creates only a missing last folder, then remembers it', async () => {
    const { page } = app;
    await openJob(page, 'job-000002', 'Fullmakt 2');
    await page.getByRole('button', { name: 'Save signed files…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the signed files' });
    const folder = dialog.getByRole('textbox', { name: 'Folder' });
    const choices = dialog.getByRole('list', { name: 'Suggested folders' });
    await choices.getByRole('button', { name: `${accountFolder} Folder of the account Seed account` }).waitFor();
    assert.equal(await folder.inputValue(), accountFolder, 'the account folder comes first');
    await dialog.getByText('The files will be saved in this folder.').waitFor();

    // A typo in the middle of the path: nothing to create, and Save says so.
    await folder.fill(join(place, 'Typo', 'Signed'));
    await dialog.getByText('Neither this folder nor the folder it would go in exists. Check the path for a typo.').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Create this folder' }).count(), 0);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Folder' }).and(page.locator('[aria-invalid="true"]')).waitFor();
    assert.equal(existsSync(join(place, 'Typo')), false);

    // Only the last folder is missing: it can be created, and Save first asks for that.
    const fresh = join(place, 'Signed 2026');
    await folder.fill(fresh);
    await dialog.getByText(`This folder does not exist yet. Signing Desk can create it in ${place}.`).waitFor();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByText('Create the folder first, or choose another one.').waitFor();
    await page.screenshot({ path: screenshotPath('save-dialog-create-folder') });
    await dialog.getByRole('button', { name: 'Create this folder' }).click();
    await dialog.getByText('Created the folder. The files will be saved in it.').waitFor();
    assert.ok(statSync(fresh).isDirectory());

    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Saved the signed files to ${fresh}.`).waitFor();
    assert.ok(savedFiles(fresh).some((name) => name.endsWith('.pdf')), savedFiles(fresh).join(', '));

    // Next time the folder is offered as used recently, one click away.
    await page.getByRole('button', { name: 'Save signed files…' }).click();
    await choices.getByRole('button', { name: `${fresh} Used recently` }).waitFor();
    await page.screenshot({ path: screenshotPath('save-dialog-recent') });
    const { violations } = await new AxeBuilder({ page }).include('dialog[open]').analyze();
    assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`), []);
    await choices.getByRole('button', { name: `${fresh} Used recently` }).click();
    assert.equal(await folder.inputValue(), fresh);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('a save that fails says so in words, with the reason under Details, and no spinner keeps turning', async () => {
    const { page } = app;
    await openJob(page, 'job-000009', 'Leieavtale 9');
    await page.getByRole('button', { name: 'Save signed files…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the signed files' });
    await dialog.getByText('The files will be saved in this folder.').waitFor();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();

    const notices = page.locator('.notice-slot');
    await notices.getByText(`The signed files could not be saved to ${accountFolder}.`).waitFor();
    await notices.locator('.spinner').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.locator('.statusbar .spinner').count(), 0, 'the status bar has nothing under way');
    const details = notices.getByText('Details');
    await details.click();
    await notices.getByText(/The file to save, .* is missing\./).waitFor();
    await page.screenshot({ path: screenshotPath('save-failed') });
    assert.equal(await page.getByRole('button', { name: 'Save signed files…' }).isEnabled(), true, 'the next try is possible');
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

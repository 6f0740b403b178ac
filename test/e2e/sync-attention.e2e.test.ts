// What the administrator sees of sync problems: the evidence of an outcome unknown and the
// confirmation that says the duplicate risk before sending again, a job whose signed file was
// refused and status changes no job matches under Needs attention, and a poll time the app did
// not obey on the account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { setSyncProblem } from '../../src-main/core/sync/sync-problem';
import { samplePdf } from '../support/sandbox-account';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

let app: AppFixture;
let jobId: string;
let refusedJobId: string;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('sync problems in the UI', { timeout: 120_000 }, () => {
  before(async () => {
    app = await openApp({ host: { demo: true, backgroundSync: false } });
    const demo = app.host.demo!;
    // The service answers the create with 200 and a body that is not XML: whether the job exists is unknown.
    await fetch(`${demo.info.controlUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: 'POST /portal/signature-jobs$', kind: 'garbage', times: 1 }),
    });
    const staged = await dispatch('documents.stage', { fileName: 'lease.pdf', contentBase64: (await samplePdf('Lease')).toString('base64') });
    const created = await dispatch('jobs.create', { flow: 'portal', 
      accountId: demo.accountId,
      title: 'Lease Storgata 1',
      reference: 'LEASE-1',
      documents: [{ stagedId: staged.id, title: 'Lease' }],
      signers: [{ email: 'tenant@example.no', step: 1 }],
    });
    jobId = created.id;
    await dispatch('sync.run', {});
    assert.equal((await dispatch('jobs.get', { id: jobId })).status, 'outcome_unknown');

    const db = app.host.core.db;
    // A job that went out, whose signer's signature the service then linked outside itself (as the engine records it).
    const other = await dispatch('documents.stage', { fileName: 'deed.pdf', contentBase64: (await samplePdf('Deed')).toString('base64') });
    refusedJobId = (
      await dispatch('jobs.create', { flow: 'portal', 
        accountId: demo.accountId,
        title: 'Deed Parkveien 2',
        documents: [{ stagedId: other.id, title: 'Deed' }],
        signers: [{ email: 'buyer@example.no', step: 1 }],
      })
    ).id;
    await dispatch('sync.run', {});
    assert.equal((await dispatch('jobs.get', { id: refusedJobId })).status, 'in_progress');
    setSyncProblem(db, refusedJobId, { reason: 'download-link-refused', detail: 'http://203.0.113.9/x.xml is not an HTTPS address under the API root', at: new Date().toISOString() });

    const account = await dispatch('accounts.get', { id: demo.accountId });
    // A change for a job nobody here sent, and a poll time a day ahead, as the service left them.
    db.prepare(
      `INSERT INTO unmatched_changes (id, account_id, service_job_id, reference, status, confirmation_url, change, dedupe_key, state, first_seen_at, last_seen_at, times_seen)
       VALUES ('u-1', ?, '999999', 'OTHER-7', 'COMPLETED_SUCCESSFULLY', ?, ?, 'k-1', 'open', ?, ?, 3)`,
    ).run(
      demo.accountId,
      `${account.apiRoot}/${account.organizationNumber}/portal/signature-jobs/999999/complete`,
      JSON.stringify({ signatureJobId: '999999', reference: 'OTHER-7', status: 'COMPLETED_SUCCESSFULLY', confirmationUrl: '', signatures: [{ status: 'SIGNED', since: '2026-01-05T10:00:00Z' }] }),
      '2026-01-05T10:00:00Z',
      '2026-01-05T10:20:00Z',
    );
    db.prepare('UPDATE accounts SET poll_warning = ? WHERE id = ?').run(
      JSON.stringify({ reason: 'poll-time-far-ahead', requestedUntil: '2026-01-06T10:00:00Z', requestedWaitSeconds: 86_400, pollsAgainAt: '2026-01-05T10:10:00Z', at: '2026-01-05T10:00:00Z' }),
      demo.accountId,
    );
    app.host.core.events.emit('jobs.changed', { jobIds: [] });
  });
  after(async () => {
    await app?.close();
  });

  test('an outcome-unknown job shows why, with the reference sent; sending again asks with the risk in words', async () => {
    const { page } = app;
    const sentReference = (await dispatch('jobs.get', { id: jobId })).serviceReference!;
    await page.goto(`${app.url.split('#')[0]}#/jobs/${jobId}`);
    await page.getByRole('heading', { name: 'Lease Storgata 1' }).waitFor();
    const callout = page.locator('.callout', { hasText: 'The service accepted something, but its answer could not be read.' });
    await callout.getByText(`Reference sent with the job: ${sentReference}`).waitFor();
    await callout.getByText('Details').click();
    await callout.getByText(/HTTP 200, but the answer could not be read/).waitFor();
    await page.screenshot({ path: screenshotPath('sync-outcome-unknown'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Retry sending' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send the job again?' });
    await dialog.getByText(/If it did, sending it again makes a second job, and the signers are asked to sign twice/).waitFor();
    await page.screenshot({ path: screenshotPath('sync-send-again-risk') });
    await dialog.getByRole('button', { name: 'Do not send' }).click();
    assert.equal((await dispatch('jobs.get', { id: jobId })).status, 'outcome_unknown', 'nothing happens without the decision');

    await page.getByRole('button', { name: 'Retry sending' }).click();
    await page.getByRole('dialog', { name: 'Send the job again?' }).getByRole('button', { name: 'Send again anyway' }).click();
    await page.getByText('The job is back in the outbox and will be sent shortly.').waitFor();
    await page.getByText('Sent, but no usable answer came back; unknown whether the service received the job').waitFor();
    const retried = await dispatch('jobs.get', { id: jobId });
    assert.equal(retried.status, 'queued');
    assert.ok(retried.events.some((e) => e.kind === 'retry-requested' && e.data.acceptedDuplicateRisk === true));
  });

  test('Needs attention lists the status changes no job matches; one can be dismissed', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('group', { name: 'Filter jobs' }).getByRole('button', { name: /Needs attention/ }).click();
    const section = page.getByRole('region', { name: 'Status changes for jobs Signing Desk does not know' });
    await section.getByText('Job 999999 at the service: Completed').waitFor();
    await section.getByText('Reference: OTHER-7').waitFor();
    await page.screenshot({ path: screenshotPath('sync-unmatched-changes'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await section.getByRole('button', { name: 'Dismiss the change for job 999999' }).click();
    await section.getByText('Dismissed. The service has been told.').waitFor();
    assert.deepEqual((await dispatch('jobs.listUnmatched', {})).items, []);
  });

  test('a job whose signed file was refused says why in the Needs attention list and on its page', async () => {
    const { page } = app;
    assert.equal((await dispatch('jobs.list', { filter: 'needsAttention' })).items.find((j) => j.id === refusedJobId)?.attention?.reason, 'sync-problem');
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('group', { name: 'Filter jobs' }).getByRole('button', { name: /Needs attention/ }).click();
    const row = page.locator('.joblist__row', { hasText: 'Deed Parkveien 2' });
    await row.getByText('A link to a signed file led outside the service and was not followed').waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Deed Parkveien 2' }).waitFor();
    const callout = page.locator('.callout', { hasText: 'The service pointed to a signed file outside its own address. Signing Desk did not fetch it.' });
    await callout.getByText('Details').click();
    await callout.getByText(/is not an HTTPS address under the API root/).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('an account whose service named a poll time far ahead shows a warning', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByText(/asked Signing Desk not to check for news until .*, which is 24 hours ahead of its own clock/).waitFor();
    assert.deepEqual(app.pageErrors, []);
  });
});

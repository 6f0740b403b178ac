import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobDetail, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/i18n';
import { samplePdf } from '../support/sandbox-account';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

let app: AppFixture;
let completed: JobDetail;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

/** Sync passes until the job is where the test needs it; the demo sandbox lets a queue be polled every 3 s. */
async function syncUntil(jobId: string, done: (job: JobDetail) => boolean): Promise<JobDetail> {
  let job = await dispatch('jobs.get', { id: jobId });
  const deadline = Date.now() + 30_000;
  while (!done(job) && Date.now() < deadline) {
    await dispatch('sync.run', {});
    job = await dispatch('jobs.get', { id: jobId });
    if (!done(job)) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.ok(done(job), `${job.title}: ${job.status}`);
  return job;
}

describe('deleting documents at the service from the job page', { timeout: 90_000 }, () => {
  before(async () => {
    app = await openApp({ host: { demo: true, backgroundSync: false } });
    const demo = app.host.demo!;
    // The demo signs by itself after 30 s; this test signs at once through the control API.
    await fetch(`${demo.info.controlUrl}/autosign`, { method: 'DELETE' });
    const staged = await dispatch('documents.stage', { fileName: 'lease.pdf', contentBase64: (await samplePdf('Lease')).toString('base64') });
    const created = await dispatch('jobs.create', { flow: 'portal', 
      accountId: demo.accountId,
      title: 'Signed lease',
      documents: [{ stagedId: staged.id, title: 'Lease' }],
      signers: [{ email: 'tenant@example.no', step: 1 }],
    });
    const sent = await syncUntil(created.id, (job) => job.serviceJobId !== null);
    const signed = await fetch(`${demo.info.controlUrl}/jobs/${sent.serviceJobId}/signers/0/sign`, { method: 'POST' });
    assert.equal(signed.status, 200);
    completed = await syncUntil(created.id, (job) => job.status === 'completed');
  });
  after(async () => {
    await app?.close();
  });

  test('a job completed just now: the button is there but disabled, saying from when (local time) it is possible', async () => {
    const { page } = app;
    assert.equal(completed.canDeleteDocuments, false);
    await page.goto(`${app.url}#/jobs/${completed.id}`);
    const button = page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Delete documents at the service' });
    await button.waitFor();
    assert.equal(await button.isDisabled(), true);
    const when = `Deleting the documents at the service is possible from ${formatDateTime('en', completed.deleteDocumentsFrom!)}, 24 hours after everyone signed.`;
    await page.getByText(when).waitFor();
    const describedBy = (await button.getAttribute('aria-describedby')) ?? '';
    assert.equal(await page.locator(`[id="${describedBy}"]`).innerText(), when);
    await page.screenshot({ path: screenshotPath('job-delete-documents-not-yet'), fullPage: true });
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

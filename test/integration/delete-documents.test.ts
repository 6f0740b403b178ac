import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { addAccountForSandbox } from '../../src-main/demo/demo-sandbox';
import type { AccountDetail, JobDetail } from '../../src-shared/contract';
import { createTranslator, failureText, formatDateTime } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

/**
 * The service deletes a job's documents only once everyone has signed and 24 hours have passed.
 * The app's clock (the core's clock port) and the sandbox's clock are moved on here, separately
 * where a test needs them to disagree.
 */
const dir = tempDir('sd-delete-documents-');
let sandbox: RunningSandbox;
let core: Core;
let appClockOffsetMs = 0;
let manual: AccountDetail;
let automatic: AccountDetail;
let completed: JobDetail;
let filedAutomatically: JobDetail;
let unsigned: JobDetail;

const DAY_AND_A_BIT_MS = 24 * 3600_000 + 120_000;
const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

async function createJob(account: AccountDetail, title: string): Promise<JobDetail> {
  const staged = await call(core, 'documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
  return call(core, 'jobs.create', { flow: 'portal',  accountId: account.id, title, documents: [{ stagedId: staged.id, title }], signers: [{ email: 'kari@example.no', step: 1 }] });
}

/** Sync passes until the job is where the test needs it (bounded: the sandbox answers at once). */
async function syncUntil(job: JobDetail, done: (job: JobDetail) => boolean): Promise<JobDetail> {
  let current = await call(core, 'jobs.get', { id: job.id });
  for (let pass = 0; pass < 10 && !done(current); pass++) {
    await call(core, 'sync.run', {});
    current = await call(core, 'jobs.get', { id: job.id });
  }
  assert.ok(done(current), `${job.title}: ${current.status}, ${JSON.stringify(current.downloads.map((d) => d.state))}`);
  return current;
}

async function signAndComplete(job: JobDetail): Promise<JobDetail> {
  const sent = await syncUntil(job, (j) => j.serviceJobId !== null);
  await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
  return syncUntil(job, (j) => j.status === 'completed' && j.downloads.some((d) => d.kind === 'pades' && d.state === 'filed'));
}

async function refusal(jobId: string): Promise<ErrorValue> {
  const result = await core.dispatch('jobs.deleteDocuments', { id: jobId });
  assert.ok(!result.ok, 'the deletion was refused');
  return result.error;
}

/** The refusal as the UI and the command line word it, in each language. */
const [en, nb] = [createTranslator('en'), createTranslator('nb')];

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  core = createTestCore(join(dir.path, 'app'), { clock: { now: () => new Date(Date.now() + appClockOffsetMs) } });
  mkdirSync(join(dir.path, 'Signed'));
  manual = await addSandboxAccount(core, sandbox, { saveFolder: join(dir.path, 'Signed') });
  // Its own queue: two accounts of one organisation on one queue would take each other's changes.
  const added = await addAccountForSandbox(core, sandbox.info, { name: 'Deletes after filing', pollingQueue: 'auto-delete', saveFolder: join(dir.path, 'Signed'), deleteDocumentsAfterFiling: true });
  assert.ok(added.ok);
  automatic = added.value as AccountDetail;
  completed = await signAndComplete(await createJob(manual, 'Lease'));
  filedAutomatically = await signAndComplete(await createJob(automatic, 'Consent'));
  unsigned = await syncUntil(await createJob(manual, 'Unsigned'), (j) => j.status === 'in_progress');
});
after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

describe('deleting documents at the service', () => {
  test('before everyone signed: not offered, and refused with a sentence', async () => {
    assert.equal(unsigned.canDeleteDocuments, false);
    assert.equal(unsigned.deleteDocumentsFrom, null);
    const error = await refusal(unsigned.id);
    assert.equal(failureText(en, error), 'The documents can only be deleted at the service once everyone has signed.');
  });

  test('within 24 hours of the last signature: not yet, with the local time from which it is possible', async () => {
    const lastSignature = Date.parse(completed.signers[0].statusSince!);
    const from = completed.deleteDocumentsFrom!;
    assert.equal(completed.canDeleteDocuments, false);
    assert.ok(Date.parse(from) >= lastSignature + 24 * 3600_000 && Date.parse(from) < lastSignature + 24 * 3600_000 + 60_000, from);
    assert.equal(new Date(from).getUTCSeconds(), 0, 'a whole minute, as shown');

    const refused = await refusal(completed.id);
    assert.equal(refused.code, 'CONFLICT');
    assert.deepEqual({ reason: refused.reason, params: refused.params }, { reason: 'job.documentsDeletableFrom', params: { time: from } });
    assert.equal(failureText(nb, refused), `Dokumentene kan slettes hos tjenesten fra ${formatDateTime('nb', from)}, 24 timer etter at alle signerte.`);
    assert.equal(failureText(en, refused), `Deleting the documents at the service is possible from ${formatDateTime('en', from)}, 24 hours after everyone signed.`);
    assert.doesNotMatch(failureText(en, refused), isoTime);
  });

  test('delete after filing waits for the service to allow it', async () => {
    await call(core, 'sync.run', {});
    const job = await call(core, 'jobs.get', { id: filedAutomatically.id });
    assert.ok(!job.events.some((e) => e.kind === 'documents-deleted'));
    assert.ok(job.deleteDocumentsFrom);
  });

  test('when the app thinks it is time but the service still refuses: a sentence in words, no code, no UTC time', async () => {
    appClockOffsetMs = DAY_AND_A_BIT_MS;
    const job = await call(core, 'jobs.get', { id: completed.id });
    assert.equal(job.canDeleteDocuments, true);
    const error = await refusal(completed.id);
    const sentence = failureText(en, error);
    assert.equal(sentence, 'The service did not delete the documents this time. Try again later; your saved copies are not affected.');
    assert.doesNotMatch(sentence, /DOCUMENTS_NOT_DELETABLE|409/);
    assert.doesNotMatch(sentence, isoTime);
    assert.match(error.message, /DOCUMENTS_NOT_DELETABLE/, 'the service’s answer stays for Details');
  });

  test('24 hours after the last signature: allowed, done once, then no longer offered', async () => {
    await control(sandbox, 'POST', '/clock/advance', { seconds: DAY_AND_A_BIT_MS / 1000 });
    const deleted = await call(core, 'jobs.deleteDocuments', { id: completed.id });
    assert.equal(deleted.canDeleteDocuments, false);
    assert.equal(deleted.deleteDocumentsFrom, null);
    assert.ok(deleted.events.some((e) => e.kind === 'documents-deleted' && e.actor === 'administrator'));
    const again = await refusal(completed.id);
    assert.equal(failureText(en, again), 'The documents of this job have already been deleted at the service.');

    await call(core, 'sync.run', {});
    const automatically = await call(core, 'jobs.get', { id: filedAutomatically.id });
    assert.ok(automatically.events.some((e) => e.kind === 'documents-deleted' && e.actor === 'app'), 'deleted after filing, once allowed');
    assert.equal(automatically.deleteDocumentsFrom, null);
  });
});

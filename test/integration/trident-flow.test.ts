import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { createTestCore, tempDir } from '../support/core';
import { call, startTestSandbox } from '../support/sandbox-account';
import {
  addTridentSandboxAccount,
  agreementOf,
  createTridentJob,
  movableClock,
  passUntil,
  personAt,
  processOf,
  sandboxProcesses,
  tridentControl,
  validSignatures,
} from '../support/trident';

const dir = tempDir('sd-trident-');
const clock = movableClock();
let sandbox: RunningSandbox;
let core: Core;
let accountId: string;

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  core = createTestCore(`${dir.path}/app`, { clock });
  accountId = (await addTridentSandboxAccount(core, sandbox)).id;
  // Browsers come back to the return listener, as in the app.
  await core.sync.serveReturns();
});

after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

/** Sends the job and hands out its first signer's address, as "Copy link" does: checks are fast from then on. */
async function sendAndHandOut(jobId: string) {
  const { job } = await passUntil(core, clock, jobId, (j) => j.status === 'in_progress', 'sending');
  const { links } = await call(core, 'jobs.signingLinks', { id: jobId });
  return { job: await call(core, 'jobs.get', { id: job.id }), links };
}

test('one document: created as one multipart process, signed, downloaded, verified, filed, then deleted at TRIDENT', async () => {
  const created = await createTridentJob(core, accountId, { title: 'One document', description: 'Read the agreement.\n\nThen sign it.' });
  assert.equal(created.flow, 'trident');
  assert.equal(created.status, 'queued');
  const { job, links } = await sendAndHandOut(created.id);
  assert.equal(job.serviceStatus, 'running');
  assert.equal(links.length, 1);
  const process = await processOf(sandbox, job);
  assert.equal(process.documents.length, 1);
  assert.deepEqual(process.labels, [['sandbox']], 'the account’s labels');
  assert.deepEqual(process.uiLocales?.[0], 'nb_NO', 'the app’s language (Norwegian in the test core)');
  assert.match(await agreementOf(sandbox, process.id), /<p>Read the agreement\.<\/p><p>Then sign it\.<\/p>/);
  assert.match(process.finishCallbackUrl, /^http:\/\/127\.0\.0\.1:\d+\/r\/[\w-]{22,}$/, 'the signer’s own return address');

  // The person signs; their browser comes back to the app, which then asks TRIDENT.
  const back = await fetch(await personAt(sandbox, process.id, 'sign'));
  assert.equal(back.status, 200);
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'completed' && j.downloads.every((d) => d.state === 'filed'), 'completion');
  assert.equal(done.serviceStatus, 'finished');
  assert.equal(done.signers[0].status, 'signed');
  assert.equal(done.signers[0].serviceStatus, 'finished');
  assert.equal(done.downloads.length, 1);
  assert.equal(done.downloads[0].kind, 'signed-pdf');
  assert.equal(done.downloads[0].verified, true);
  assert.ok(existsSync(done.downloads[0].savedPath!));
  assert.equal(validSignatures(done.downloads[0].savedPath!).count, 1);
  // Clean-up: the process and its document are gone at the service, and the job says so.
  await passUntil(core, clock, job.id, (j) => j.events.some((e) => e.kind === 'documents-deleted'), 'clean-up');
  assert.ok(!(await sandboxProcesses(sandbox)).some((p) => p.id === process.id), 'the process is deleted at TRIDENT');
  const after = await call(core, 'jobs.get', { id: job.id });
  assert.equal(after.canDeleteDocuments, false, 'nothing left to delete');
});

test('three documents: created first, signed in one process, each filed as its own verified PDF', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Three documents', documents: ['Contract', 'Appendix A', 'Appendix B'] });
  const { job } = await sendAndHandOut(created.id);
  const process = await processOf(sandbox, job);
  assert.equal(process.documents.length, 3, 'one process for all three');
  await personAt(sandbox, process.id, 'sign');
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'completed' && j.downloads.length === 3 && j.downloads.every((d) => d.state === 'filed'), 'completion');
  const paths = done.downloads.map((d) => d.savedPath!);
  assert.equal(new Set(paths).size, 3, `three files: ${paths.join(', ')}`);
  for (const title of ['Contract', 'Appendix A', 'Appendix B']) assert.ok(paths.some((p) => p.includes(title)), `a file named after ${title}: ${paths.join(', ')}`);
  for (const path of paths) assert.equal(validSignatures(path).count, 1, path);
  assert.equal(new Set(done.downloads.map((d) => d.sha256)).size, 3, 'each file its own document');
  await passUntil(core, clock, job.id, (j) => j.events.some((e) => e.kind === 'documents-deleted'), 'clean-up');
  const left = await tridentControl(sandbox, 'GET', '/processes');
  assert.ok(!(left as { id: string }[]).some((p) => p.id === process.id), 'the process is deleted');
});

test('two signers sign in order: the second gets the documents as the first signed them; the final PDF has both signatures', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Two signers', signers: [{ name: 'Kari Nordmann' }, { name: 'Ola Nordmann' }] });
  const { job, links } = await sendAndHandOut(created.id);
  assert.deepEqual(links.map((l) => l.position), [0], 'only the first signer can sign now');
  assert.equal(job.signers[1].signUrl, null);
  const refused = await core.dispatch('jobs.signingLinks', { id: job.id, signerId: job.signers[1].id });
  assert.equal(refused.ok, false, 'the second signer’s turn has not come');
  const first = await processOf(sandbox, job, 0);
  await personAt(sandbox, first.id, 'sign', { identity: 'kari-nordmann-server' });
  const { job: second } = await passUntil(core, clock, job.id, (j) => j.signers[0].status === 'signed' && j.signers[1].signUrl !== null, 'the second signer’s turn');
  assert.equal(second.status, 'in_progress');
  assert.equal(second.serviceStatus, 'running');
  assert.equal(second.progress.activeStep, 2);
  const secondProcess = await processOf(sandbox, second, 1);
  assert.notEqual(secondProcess.id, first.id);
  await personAt(sandbox, secondProcess.id, 'sign', { identity: 'ola-nordmann-server' });
  await call(core, 'jobs.signingLinks', { id: job.id }).catch(() => undefined);
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'completed' && j.downloads.every((d) => d.state === 'filed') && j.downloads.length === 1, 'completion');
  assert.deepEqual(done.signers.map((s) => s.status), ['signed', 'signed']);
  const { count, report } = validSignatures(done.downloads[0].savedPath!);
  assert.equal(count, 2, report);
  assert.match(report, /Kari Nordmann/);
  assert.match(report, /Ola Nordmann/);
  await passUntil(core, clock, job.id, (j) => j.events.some((e) => e.kind === 'documents-deleted'), 'clean-up');
  const left = (await sandboxProcesses(sandbox)).map((p) => p.id);
  assert.ok(!left.includes(first.id) && !left.includes(secondProcess.id), 'both processes are deleted');
});

test('a person who cancels: the job is cancelled with TRIDENT’s word, the next signers are not asked, and the process is deleted', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Cancelled', signers: [{ name: 'Kari' }, { name: 'Ola' }] });
  const { job } = await sendAndHandOut(created.id);
  const process = await processOf(sandbox, job);
  // Signed on another device: no browser comes back, the scheduled check finds it.
  await personAt(sandbox, process.id, 'cancel');
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'cancelled', 'the cancellation');
  assert.equal(done.serviceStatus, 'canceled');
  assert.deepEqual(done.signers.map((s) => s.status), ['cancelled', 'cancelled']);
  assert.equal(done.outcome?.serviceStatus, 'canceled');
  assert.equal(done.downloads.length, 0);
  await passUntil(core, clock, job.id, (j) => j.events.some((e) => e.kind === 'documents-deleted'), 'clean-up');
  assert.ok(!(await sandboxProcesses(sandbox)).some((p) => p.id === process.id));
});

test('a failed process: the job fails with TRIDENT’s message; failed documents are named one by one', async () => {
  const failed = await createTridentJob(core, accountId, { title: 'Failed' });
  const { job } = await sendAndHandOut(failed.id);
  await personAt(sandbox, (await processOf(sandbox, job)).id, 'fail', { message: 'The PIN was blocked' });
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'failed', 'the failure');
  assert.equal(done.serviceStatus, 'failed');
  assert.equal(done.signers[0].status, 'failed');
  assert.equal(done.outcome?.message, 'The PIN was blocked');
  assert.equal(done.attention?.reason, 'failed');

  const partly = await createTridentJob(core, accountId, { title: 'Partly', documents: ['Kept', 'Broken'] });
  const { job: running } = await sendAndHandOut(partly.id);
  const process = await processOf(sandbox, running);
  await personAt(sandbox, process.id, 'sign', { failDocuments: [process.documents[1].id] });
  const { job: ended } = await passUntil(core, clock, running.id, (j) => j.status === 'failed', 'failed documents');
  assert.equal(ended.serviceStatus, 'failed_documents');
  const broken = ended.documents.find((d) => d.title === 'Broken')!;
  const kept = ended.documents.find((d) => d.title === 'Kept')!;
  assert.deepEqual(
    ended.outcome?.documents.map((d) => [d.documentId, d.serviceStatus]).sort(),
    [
      [broken.id, 'failed'],
      [kept.id, 'finished'],
    ].sort(),
  );
  assert.ok(ended.outcome?.documents.find((d) => d.documentId === broken.id)?.message);
});

test('labels that match no identity: the process fails at TRIDENT, and the job says so', async () => {
  const created = await createTridentJob(core, accountId, { title: 'No identity', labels: [['nobody-has-this']] });
  const { job } = await sendAndHandOut(created.id);
  const process = await processOf(sandbox, job);
  assert.deepEqual(process.labels, [['nobody-has-this']], 'the job’s labels, not the account’s');
  const redirect = await personAt(sandbox, process.id, 'sign');
  assert.match(redirect, /status=failed/);
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'failed', 'the failure');
  assert.match(done.outcome?.message ?? '', /IncorrectSignIdentitySelectorsException/);
});

test('a token that expires in the middle of a sync is renewed once, and the pass goes on', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Token expiry' });
  const { job } = await sendAndHandOut(created.id);
  const process = await processOf(sandbox, job);
  await personAt(sandbox, process.id, 'sign');
  // The service forgets every token it issued: the app's cached one is refused with invalid_token.
  const expired = (await tridentControl(sandbox, 'POST', '/tokens/expire')) as { expired: number };
  assert.ok(expired.expired >= 1);
  clock.advance(4_000);
  const report = await core.sync.runPass();
  assert.deepEqual(report.errors, []);
  const done = await call(core, 'jobs.get', { id: job.id });
  assert.equal(done.status, 'completed');
  assert.ok(done.downloads.every((d) => d.state === 'filed'));
});

test('a forged or repeated callback changes nothing: the app asks TRIDENT, which says the process still runs', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Forged callback' });
  const { job } = await sendAndHandOut(created.id);
  const process = await processOf(sandbox, job);
  // The signer's own return address, with a status and another process's id made up.
  const forged = new URL(process.finishCallbackUrl);
  forged.searchParams.set('status', 'finished');
  forged.searchParams.set('signer_process_id', 'not-the-process');
  assert.equal((await fetch(forged)).status, 200);
  assert.equal((await fetch(forged)).status, 200, 'repeated');
  const hinted = await call(core, 'jobs.get', { id: job.id });
  assert.equal(hinted.returnHint?.kind, 'completion', 'shown as a hint only');
  const { job: checked } = await passUntil(core, clock, job.id, (j) => j.returnHint === null, 'the check', { passes: 3 });
  assert.equal(checked.status, 'in_progress');
  assert.equal(checked.serviceStatus, 'running');
  assert.equal(checked.signers[0].status, 'waiting');
  // An address that is no signer's leads nowhere.
  const unknown = new URL(process.finishCallbackUrl);
  unknown.pathname = '/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  assert.equal((await fetch(unknown)).status, 404);
  // The real outcome still arrives.
  await fetch(await personAt(sandbox, process.id, 'sign'));
  await passUntil(core, clock, job.id, (j) => j.status === 'completed', 'completion');
});

test('a 5xx on create: the job stays queued and is sent again later, and TRIDENT has it once', async () => {
  const before = (await sandboxProcesses(sandbox)).length;
  await tridentControl(sandbox, 'POST', '/faults', { match: 'POST /signer_processes$', kind: 'status', status: 500, times: 1 });
  const created = await createTridentJob(core, accountId, { title: 'Created once' });
  clock.advance(4_000);
  await core.sync.runPass();
  const waiting = await call(core, 'jobs.get', { id: created.id });
  assert.equal(waiting.status, 'queued');
  assert.equal(waiting.lastErrorReason, 'service.internalError');
  assert.ok(waiting.nextSubmitAt);
  assert.equal(waiting.attention?.reason, 'not-sent');
  const { job } = await passUntil(core, clock, created.id, (j) => j.status === 'in_progress', 'sending again', { stepMs: 60_000 });
  assert.equal((await sandboxProcesses(sandbox)).length, before + 1, 'one process');
  assert.ok(job.events.filter((e) => e.kind === 'submitted').length === 1);
});

test('a process that is gone at TRIDENT (410): the job ends as expired', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Gone' });
  const { job } = await sendAndHandOut(created.id);
  await tridentControl(sandbox, 'POST', `/processes/${(await processOf(sandbox, job)).id}/expire`);
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'expired', 'the end');
  assert.equal(done.serviceStatus, 'gone');
  assert.equal(done.signers[0].status, 'expired');
});

test('a draft of a TRIDENT job is kept with its account and listed as TRIDENT', async () => {
  const draft = await call(core, 'drafts.save', { accountId, title: 'Draft for TRIDENT', payload: { version: 1, form: { flow: 'trident', labelSets: ['sandbox'] } } });
  const listed = (await call(core, 'jobs.list', { filter: 'drafts' })).items.find((item) => item.id === draft.id);
  assert.equal(listed?.flow, 'trident');
  assert.deepEqual((await call(core, 'drafts.get', { id: draft.id })).payload, { version: 1, form: { flow: 'trident', labelSets: ['sandbox'] } });
});

test('resets and 5xx on every call: nothing changes, the account shows the problem, and the next pass recovers', async () => {
  const created = await createTridentJob(core, accountId, { title: 'Faults' });
  const { job } = await sendAndHandOut(created.id);
  await personAt(sandbox, (await processOf(sandbox, job)).id, 'sign');
  await tridentControl(sandbox, 'POST', '/faults', { match: 'GET /result$', kind: 'reset' });
  clock.advance(4_000);
  const failed = await core.sync.runPass();
  assert.ok(failed.errors.length > 0, 'the pass says what went wrong');
  assert.equal((await call(core, 'jobs.get', { id: job.id })).status, 'in_progress');
  const troubled = (await call(core, 'accounts.list', {})).items.find((a) => a.id === accountId);
  assert.equal(troubled?.serviceProblem?.kind, 'network');
  assert.ok((await call(core, 'accounts.get', { id: accountId })).lastPollErrorReason);
  await tridentControl(sandbox, 'DELETE', '/faults');
  await tridentControl(sandbox, 'POST', '/faults', { match: 'GET /documents/[^/]+/content$', kind: 'status', status: 503, times: 2 });
  const { job: done } = await passUntil(core, clock, job.id, (j) => j.status === 'completed' && j.downloads.every((d) => d.state === 'filed'), 'recovery', { stepMs: 60_000 });
  assert.equal(done.downloads[0].verified, true);
  const recovered = (await call(core, 'accounts.list', {})).items.find((a) => a.id === accountId);
  assert.equal(recovered?.serviceProblem, null);
  assert.ok(recovered?.lastSyncAt, 'the account was in touch with TRIDENT');
});

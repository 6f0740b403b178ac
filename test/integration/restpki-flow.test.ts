// Rest PKI Core through the core, against the sandbox over real HTTPS (issue #11 items 2 and "Done
// when"): one signer restricted by CPF, three signers in order (each next session gets the PDFs as
// the one before signed them, so the last carries three signatures that pdfsig finds valid),
// background processing, a signer who cancels, a session that expires, a processing error, a wrong
// API key, a 5xx on create (the session is made once, when the service is back), and "withdraw".
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningRestPkiSandbox } from '../../sandbox/restpki';
import type { Core } from '../../src-main/core';
import type { AccountDetail, JobDetail, RestPkiSignerInput } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { call, samplePdf } from '../support/sandbox-account';
import { actOnSigningPage, addRestPkiSandboxAccount, pdfsigCheck, restPkiControl, startRestPkiTestSandbox } from '../support/restpki';

const MARIA = '12345678909';
const JOAO = '52998224725';

const dir = tempDir('sd-restpki-');
const appDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signert');
/** The app's clock runs ahead of the real one when a test says so: checks fall due without waiting. */
let ahead = 0;
const clock = { now: () => new Date(Date.now() + ahead) };
let sandbox: RunningRestPkiSandbox;
let core: Core;
let account: AccountDetail;
let small: Buffer;
let large: Buffer;

interface SandboxSession {
  id: string;
  status: string;
  callbackArgument: string | null;
  returnUrl: string | null;
  backgroundProcessing: boolean;
  disableDownloads: boolean;
  certificateRequirements: { type: string; cpf?: string }[];
}

before(async () => {
  sandbox = await startRestPkiTestSandbox(dir.path);
  mkdirSync(saveFolder);
  // Documents over 10 kB are uploaded first; smaller ones go inside the create request.
  core = createTestCore(appDir, { clock, config: { inlineDocumentMaxBytes: 10_000 } });
  account = await addRestPkiSandboxAccount(core, sandbox, { saveFolder });
  await core.sync.serveReturns();
  small = await samplePdf('Kontrakt');
  large = await samplePdf(`Vedlegg ${'x'.repeat(400)}`, 80);
  assert.ok(small.length < 10_000 && large.length > 10_000, `${small.length} / ${large.length}`);
});
after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

async function createJob(title: string, signers: RestPkiSignerInput[], options: { backgroundProcessing?: boolean; disableDownloads?: boolean; documents?: Buffer[]; accountId?: string } = {}): Promise<string> {
  const documents = [];
  for (const [index, bytes] of (options.documents ?? [small]).entries()) {
    const staged = await call(core, 'documents.stage', { fileName: `doc-${index + 1}.pdf`, contentBase64: bytes.toString('base64') });
    documents.push({ stagedId: staged.id, title: `Dokument ${index + 1}` });
  }
  const job = await call(core, 'jobs.create', {
    flow: 'restpki',
    accountId: options.accountId ?? account.id,
    title,
    reference: `REF-${title}`,
    documents,
    signers,
    ...(options.backgroundProcessing ? { backgroundProcessing: true } : {}),
    ...(options.disableDownloads ? { disableDownloads: true } : {}),
  });
  return job.id;
}

const show = (id: string): Promise<JobDetail> => call(core, 'jobs.get', { id });
/** One sync pass, a few seconds later on the app's clock than the last, so a job's next check is due. */
async function pass() {
  ahead += 5_000;
  return call(core, 'sync.run', {});
}
const linkOf = async (id: string, signer?: number) => {
  const job = await show(id);
  const { links } = await call(core, 'jobs.signingLinks', { id, signerId: signer === undefined ? undefined : job.signers[signer]!.id });
  return links;
};
const sessions = () => restPkiControl<SandboxSession[]>(sandbox, 'GET', '/sessions');
const sessionOf = async (job: JobDetail, signer: number) => (await sessions()).find((s) => s.id === job.signers[signer]!.signUrl?.split('/signature-sessions/')[1]?.split('?')[0]);

/** The signer signs on the page; the browser comes back to the app's return address, which answers. */
async function signAndReturn(url: string, person: string): Promise<string> {
  const back = await actOnSigningPage(url, 'sign', person);
  assert.match(back, /^http:\/\/127\.0\.0\.1:\d+\/r\/[\w-]+\?signatureSessionId=[0-9a-f-]{36}$/, 'the return address is the listener\'s, with the session id added');
  assert.equal((await fetch(back)).status, 200);
  return back;
}

describe('Rest PKI Core signature sessions', () => {
  test('a Rest PKI Core job goes only from a Rest PKI Core account, and a portal job not from one', async () => {
    const staged = await call(core, 'documents.stage', { fileName: 'a.pdf', contentBase64: small.toString('base64') });
    const refused = await core.dispatch('jobs.create', { flow: 'portal', accountId: account.id, title: 'Feil konto', documents: [{ stagedId: staged.id, title: 'A' }], signers: [{ email: 'kari@example.no', step: 1 }] });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.reason, 'job.wrongAccountForFlow');
  });

  test('the connection test says the key was accepted', async () => {
    const result = await call(core, 'accounts.test', { id: account.id });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.keyAccepted, true);
    const detail = await call(core, 'accounts.get', { id: account.id });
    assert.equal(detail.service, 'restpki');
    assert.equal(detail.restpki?.endpoint, sandbox.info.endpoint);
    assert.equal(detail.restpki?.customCa, true);
    assert.ok(!JSON.stringify(detail).includes(sandbox.info.apiKey), 'the key never leaves the secret store');
  });

  test('one signer restricted to a CPF: a large document is uploaded, the other inline; only that certificate signs; signed PDFs verified and filed per document', async () => {
    const id = await createJob('Ett signatur', [{ name: 'Maria da Silva', cpf: '123.456.789-09' }], { documents: [small, large], disableDownloads: true });
    const queued = await show(id);
    assert.equal(queued.flow, 'restpki');
    assert.equal(queued.signers[0]!.cpf, MARIA, 'kept as its 11 digits');
    // The large document goes by upload: a failing upload keeps the job queued, and no session is made.
    await restPkiControl(sandbox, 'POST', '/faults', { match: 'POST /api/plain-uploads$', kind: 'status', status: 503, times: 1 });
    await pass();
    const notYet = await show(id);
    assert.equal(notYet.status, 'queued');
    assert.equal(notYet.attention?.reason, 'not-sent');
    assert.equal((await sessions()).filter((s) => s.callbackArgument === notYet.serviceReference).length, 0);
    ahead += 10 * 60_000;
    await pass();
    const sent = await show(id);
    assert.equal(sent.status, 'in_progress');
    assert.equal(sent.serviceStatus, 'Pending');
    assert.equal(sent.signers[0]!.status, 'waiting');
    const session = await sessionOf(sent, 0);
    assert.ok(session, 'the sandbox has the session');
    assert.deepEqual(session.certificateRequirements, [{ type: 'Cpf', cpf: MARIA }]);
    assert.equal(session.callbackArgument, sent.serviceReference, 'the job\'s reference comes back with the session');
    assert.equal(session.disableDownloads, true);
    assert.equal(session.backgroundProcessing, false);

    const [link] = await linkOf(id);
    assert.equal(link!.url, sent.signers[0]!.signUrl);
    await assert.rejects(actOnSigningPage(link!.url, 'sign', 'joao'), /422/, 'another person\'s certificate is refused by the session');
    await signAndReturn(link!.url, 'maria');
    const hinted = await show(id);
    assert.ok(hinted.events.some((e) => e.kind === 'signer-returned'), 'the return is noted at once');

    await pass();
    const done = await show(id);
    assert.equal(done.status, 'completed');
    assert.equal(done.serviceStatus, 'Completed');
    assert.equal(done.signers[0]!.status, 'signed');
    assert.deepEqual(done.signers[0]!.certificate, { name: 'Maria da Silva', cpf: MARIA, issuer: done.signers[0]!.certificate?.issuer ?? null });
    assert.equal(done.downloads.length, 2, 'a signed PDF per document');
    assert.ok(done.downloads.every((d) => d.kind === 'signed-pdf' && d.state === 'filed' && d.verified === true), JSON.stringify(done.downloads));
    assert.ok(done.downloads.every((d) => d.verificationReport?.signatures === 1 && d.verificationReport.signers[0]?.name.includes('Maria da Silva')), 'the signer\'s certificate is shown');
    const filed = readdirSync(join(saveFolder, 'REF-Ett signatur')).sort();
    assert.deepEqual(filed, ['Dokument 1 - signert.pdf', 'Dokument 2 - signert.pdf']);
    assert.equal(pdfsigCheck(readFileSync(join(saveFolder, 'REF-Ett signatur', 'Dokument 2 - signert.pdf')), readFileSync(sandbox.info.caCertificate, 'utf8')).valid, 1);
  });

  test('three signers in order: each next session signs what the one before signed; the final PDF has three valid signatures (pdfsig)', async () => {
    const id = await createJob('Tre i rekkefølge', [{ name: 'Maria', cpf: MARIA }, { name: 'João', cpf: JOAO }, { name: 'Hvem som helst' }]);
    await pass();
    let job = await show(id);
    assert.deepEqual(job.signers.map((s) => s.status), ['waiting', 'not_sent', 'not_sent'], 'only the first has a session yet');
    assert.deepEqual((await linkOf(id)).map((l) => l.position), [0], 'only the first can sign now');

    await signAndReturn((await linkOf(id))[0]!.url, 'maria');
    await pass();
    job = await show(id);
    assert.deepEqual(job.signers.map((s) => s.status), ['signed', 'waiting', 'not_sent']);
    assert.equal(job.status, 'in_progress');
    assert.ok(job.events.some((e) => e.kind === 'session-created' && e.data.signer === 1), JSON.stringify(job.events.map((e) => e.kind)));
    assert.notEqual(job.signers[1]!.signUrl, job.signers[0]!.signUrl);

    await signAndReturn((await linkOf(id))[0]!.url, 'joao');
    await pass();
    job = await show(id);
    assert.deepEqual(job.signers.map((s) => s.status), ['signed', 'signed', 'waiting']);

    // The third signer uses the link on another computer: no return reaches this one, polling sees it.
    await actOnSigningPage((await linkOf(id))[0]!.url, 'sign', 'ana');
    ahead += 4 * 60_000;
    await pass();
    job = await show(id);
    assert.equal(job.status, 'completed');
    assert.equal(job.progress.signed, 3);
    const [pdf] = job.downloads;
    assert.equal(pdf?.state, 'filed');
    assert.equal(pdf?.verificationReport?.signatures, 3, pdf?.verification ?? '');
    assert.equal(pdf?.verified, true);
    const sig = pdfsigCheck(readFileSync(pdf!.savedPath!), readFileSync(sandbox.info.caCertificate, 'utf8'));
    assert.equal(sig.valid, 3, sig.output);
    assert.equal(sig.trusted, 3, sig.output);
    assert.match(sig.output, /Signature #1:[\s\S]*Maria da Silva[\s\S]*Signature #2:[\s\S]*Jo[\s\S]*Signature #3:[\s\S]*Ana Beatriz Costa/);
  });

  test('background processing: Processing is shown while the documents are processed, then the job completes', async () => {
    await restPkiControl(sandbox, 'POST', '/settings', { processingSeconds: null });
    try {
      const id = await createJob('Bakgrunn', [{ name: 'João' }], { backgroundProcessing: true });
      await pass();
      const sent = await show(id);
      assert.equal((await sessionOf(sent, 0))?.backgroundProcessing, true);
      await signAndReturn((await linkOf(id))[0]!.url, 'joao');
      await pass();
      const processing = await show(id);
      assert.equal(processing.status, 'in_progress');
      assert.equal(processing.signers[0]!.serviceStatus, 'Processing');
      assert.equal(processing.signers[0]!.status, 'waiting', 'signed only once the documents are ready');
      await restPkiControl(sandbox, 'POST', `/sessions/${(await sessionOf(sent, 0))!.id}/finish-processing`);
      await pass();
      const done = await show(id);
      assert.equal(done.status, 'completed');
      assert.equal(done.downloads[0]?.state, 'filed');
    } finally {
      await restPkiControl(sandbox, 'POST', '/settings', { processingSeconds: 2 });
    }
  });

  test('a processing error ends the job, said in words', async () => {
    const id = await createJob('Behandlingsfeil', [{}], { backgroundProcessing: true });
    await pass();
    const sent = await show(id);
    const session = (await sessionOf(sent, 0))!;
    await restPkiControl(sandbox, 'POST', `/sessions/${session.id}/fail-processing`, { code: 'CertificateRevoked' });
    await actOnSigningPage((await linkOf(id))[0]!.url, 'sign', 'maria');
    ahead += 4 * 60_000;
    await pass();
    const failed = await show(id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.serviceStatus, 'ProcessingError');
    assert.equal(failed.signers[0]!.status, 'failed');
    assert.equal(failed.lastErrorReason, 'restpki.processingError');
    assert.match(failed.lastErrorMessage ?? '', /CertificateRevoked/);
  });

  test('the first of two signers cancels on the signing page: the job fails, named; the second never gets a session', async () => {
    const id = await createJob('Avbrutt', [{ name: 'Maria' }, { name: 'João' }]);
    await pass();
    const back = await actOnSigningPage((await linkOf(id))[0]!.url, 'cancel');
    assert.equal((await fetch(back)).status, 200);
    await pass();
    const failed = await show(id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.serviceStatus, 'UserCancelled');
    assert.deepEqual(failed.signers.map((s) => [s.status, s.serviceStatus]), [['rejected', 'UserCancelled'], ['cancelled', null]]);
    assert.equal(failed.rejectedBy?.name, 'Maria');
    assert.equal((await sessions()).filter((s) => s.callbackArgument === failed.serviceReference).length, 1);
  });

  test('a session nobody signs expires after its 4 hours: the job is expired', async () => {
    const id = await createJob('Utløpt', [{ name: 'Maria' }]);
    await pass();
    await restPkiControl(sandbox, 'POST', '/clock/advance', { seconds: 4 * 3600 + 5 });
    // No link was handed out: the job is asked about on the slow schedule (every 15 minutes at most).
    ahead += 16 * 60_000;
    await pass();
    const expired = await show(id);
    assert.equal(expired.status, 'expired');
    assert.equal(expired.serviceStatus, 'Expired');
    assert.equal(expired.signers[0]!.status, 'expired');
    assert.equal(expired.attention?.reason, 'failed');
  });

  test('withdraw: the job stops here, and the session stays open at Rest PKI Core', async () => {
    const id = await createJob('Trukket', [{ name: 'Maria' }]);
    await pass();
    const sent = await show(id);
    assert.equal(sent.canCancel, true);
    const withdrawn = await call(core, 'jobs.cancel', { id });
    assert.equal(withdrawn.status, 'cancelled');
    assert.equal(withdrawn.signers[0]!.status, 'cancelled');
    assert.ok(withdrawn.events.some((e) => e.kind === 'withdrawn' && e.data.atService === false));
    assert.ok(!withdrawn.events.some((e) => e.kind === 'cancel-requested'));
    assert.equal((await sessionOf(sent, 0))?.status, 'Pending', 'Rest PKI Core cannot cancel a session');
  });

  test('a 5xx on create: the job waits, says why, and is sent once when the service is back', async () => {
    await restPkiControl(sandbox, 'POST', '/faults', { match: 'POST /api/signature-sessions$', kind: 'status', status: 500, times: 1 });
    const id = await createJob('Serverfeil', [{ name: 'Maria' }]);
    await pass();
    const waiting = await show(id);
    assert.equal(waiting.status, 'queued');
    assert.equal(waiting.attention?.reason, 'not-sent');
    assert.equal(waiting.lastErrorReason, 'service.internalError');
    assert.match(waiting.lastErrorMessage ?? '', /INJECTED/);
    ahead += 10 * 60_000;
    await pass();
    const sent = await show(id);
    assert.equal(sent.status, 'in_progress');
    assert.equal(sent.attention, null);
    assert.equal((await sessions()).filter((s) => s.callbackArgument === sent.serviceReference).length, 1, 'one session made');
  });

  test('a security context: the sessions name it; one Rest PKI Core does not know refuses the job with its code in words', async () => {
    const known = await addRestPkiSandboxAccount(core, sandbox, { name: 'Med kontekst', securityContextId: sandbox.info.securityContextId });
    const id = await createJob('Kontekst', [{}], { accountId: known.id });
    await pass();
    const sent = await show(id);
    assert.equal(sent.status, 'in_progress');
    const session = (await restPkiControl<{ id: string; securityContextId: string | null }[]>(sandbox, 'GET', '/sessions')).find((s) => sent.signers[0]!.signUrl?.includes(s.id));
    assert.equal(session?.securityContextId, sandbox.info.securityContextId);

    const unknown = await addRestPkiSandboxAccount(core, sandbox, { name: 'Ukjent kontekst', securityContextId: '803517ad-3bbc-4169-b085-60053a8f6dbf' });
    const refusedId = await createJob('Ukjent kontekst', [{}], { accountId: unknown.id });
    await pass();
    const refused = await show(refusedId);
    assert.equal(refused.status, 'rejected');
    assert.equal(refused.lastErrorCode, 'SecurityContextNotFound');
    assert.equal(refused.lastErrorReason, 'restpki.securityContextNotFound');
  });

  test('a wrong API key: the test says so in words, the job is refused with that reason, and goes once the key is replaced', async () => {
    const draft = await call(core, 'accounts.testDraft', { service: 'restpki', name: 'Feil nøkkel', endpoint: sandbox.info.endpoint, apiKey: 'app|wrong', caCertificatesPem: readFileSync(sandbox.info.caCertificate, 'utf8') });
    assert.equal(draft.ok, false);
    assert.equal(draft.reason, 'restpki.apiKeyRejected');
    const wrong = await addRestPkiSandboxAccount(core, sandbox, { name: 'Feil nøkkel', apiKey: 'app|wrong' });
    const id = await createJob('Feil nøkkel', [{}], { accountId: wrong.id });
    await pass();
    const refused = await show(id);
    assert.equal(refused.status, 'rejected');
    assert.equal(refused.lastErrorReason, 'restpki.apiKeyRejected');
    assert.equal(refused.attention?.reason, 'rejected');
    await call(core, 'accounts.update', { id: wrong.id, apiKey: sandbox.info.apiKey });
    await call(core, 'jobs.retrySubmit', { id });
    await pass();
    assert.equal((await show(id)).status, 'in_progress');
  });
});

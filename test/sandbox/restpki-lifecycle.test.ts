// A Rest PKI Core session's life by the sandbox clock and the control API: background processing
// (Processing, then Completed; when-completed's long poll), ProcessingError, Expired after the
// address's 4 hours, availableUntil, injected faults, and a restart on the same data dir.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { waitUntil } from '../support/wait';
import { Pdfsig, RestPkiTestSandbox, openPage, pressOnPage, samplePdf, signaturesOf, type SessionAnswer } from './restpki-helpers';

let sb: RestPkiTestSandbox;
let pdfsig: Pdfsig;
const pdf = await samplePdf('Lease agreement');

before(async () => {
  // processing is held until the control API (or a test's setting) ends it: nothing depends on timing
  sb = await RestPkiTestSandbox.start({ processingSeconds: null });
  pdfsig = await Pdfsig.trusting(sb.info.caCertificate, sb.dir);
});
after(() => sb.dispose());

async function signedInBackground(): Promise<string> {
  const { sessionId } = await sb.createSession([pdf], { enableBackgroundProcessing: true });
  const signed = await sb.control<{ session: { status: string } }>('POST', `/sessions/${sessionId}/sign`, { person: 'maria' });
  assert.equal(signed.status, 200);
  assert.equal(signed.json.session.status, 'Processing');
  return sessionId;
}

const whenCompleted = (id: string) => sb.api<{ completed: boolean; progress: number; code?: string }>('GET', `/api/signature-sessions/${id}/when-completed`);

describe('background processing', () => {
  test('Processing: the signer is known, documents are Processing and cannot be downloaded yet', async () => {
    const id = await signedInBackground();
    const session = await sb.session(id);
    assert.equal(session.status, 'Processing');
    assert.equal(session.signerCertificate?.pkiBrazil?.cpf, '12345678909');
    assert.deepEqual(session.documents.map((d) => [d.status, d.signedFile]), [['Processing', undefined]]);
    assert.ok(session.documents[0].dateSigned);
  });

  test('when-completed holds a call for its bounded wait, then answers completed:false with the progress', async () => {
    const id = await signedInBackground();
    assert.equal((await sb.control('POST', '/settings', { whenCompletedWaitSeconds: 0.2 })).status, 200);
    try {
      const reply = await whenCompleted(id);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json, { completed: false, progress: 50 });
    } finally {
      await sb.control('POST', '/settings', { whenCompletedWaitSeconds: 15 });
    }
  });

  test('a waiting when-completed answers as soon as processing ends; then the session is Completed with its signed file', async () => {
    const id = await signedInBackground();
    const waiting = whenCompleted(id);
    await waitUntil(async () => (await sb.control<{ whenCompletedCallsWaiting: number }>('GET', `/sessions/${id}`)).json.whenCompletedCallsWaiting === 1, 'the when-completed call to be held');
    assert.equal((await sb.session(id)).status, 'Processing');
    assert.equal((await sb.control('POST', `/sessions/${id}/finish-processing`)).status, 200);
    const reply = await waiting;
    assert.deepEqual(reply.json, { completed: true, progress: 100 });
    const session = await sb.session(id);
    assert.equal(session.status, 'Completed');
    assert.equal(session.documents[0].status, 'Completed');
    const report = await pdfsig.report((await sb.download(session.documents[0].signedFile!.url)).body);
    assert.deepEqual(signaturesOf(report).map((s) => [s.commonName, s.valid, s.trusted]), [['Maria da Silva:12345678909', true, true]]);
    assert.deepEqual((await whenCompleted(id)).json, { completed: true, progress: 100 }, 'asked again: at once');
  });

  test('processing that takes sandbox time ends when the clock has moved past it', async () => {
    await sb.control('POST', '/settings', { processingSeconds: 120 });
    try {
      const id = await signedInBackground();
      await sb.control('POST', '/clock/advance', { seconds: 60 });
      assert.equal((await sb.session(id)).status, 'Processing');
      const progress = (await sb.control<{ progress: number }>('GET', `/sessions/${id}`)).json.progress;
      assert.ok(progress >= 49 && progress <= 99, `progress ${progress}`);
      await sb.control('POST', '/clock/advance', { seconds: 61 });
      assert.equal((await sb.session(id)).status, 'Completed');
    } finally {
      await sb.control('POST', '/settings', { processingSeconds: null });
    }
  });

  test('ProcessingError: processing fails with a code; the documents are not downloadable', async () => {
    const id = await signedInBackground();
    const failed = await sb.control<{ session: { status: string } }>('POST', `/sessions/${id}/fail-processing`, { code: 'CertificateRevoked' });
    assert.equal(failed.json.session.status, 'ProcessingError');
    const session = await sb.session(id);
    assert.equal(session.status, 'ProcessingError');
    assert.equal(session.processingErrorCode, 'CertificateRevoked');
    assert.deepEqual(session.documents.map((d) => [d.status, d.signedFile]), [['ProcessingError', undefined]]);
    assert.deepEqual((await whenCompleted(id)).json, { completed: true, progress: 100 });
  });

  test('a failure armed before signing shows once the processing after the signature ends', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { enableBackgroundProcessing: true, returnUrl: 'http://127.0.0.1:1/back' });
    assert.equal((await sb.control('POST', `/sessions/${sessionId}/fail-processing`)).status, 200);
    assert.equal((await sb.session(sessionId)).status, 'Pending');
    assert.equal((await pressOnPage(redirectUrl, 'Sign')).location, `http://127.0.0.1:1/back?signatureSessionId=${sessionId}`);
    assert.equal((await sb.session(sessionId)).status, 'Processing');
    await sb.control('POST', `/sessions/${sessionId}/finish-processing`);
    const session = await sb.session(sessionId);
    assert.equal(session.status, 'ProcessingError');
    assert.equal(session.processingErrorCode, 'SandboxProcessingError');
  });

  test('without background processing, signing completes before the return and processing cannot fail', async () => {
    const { sessionId } = await sb.createSession([pdf]);
    const refused = await sb.control<{ error: string }>('POST', `/sessions/${sessionId}/fail-processing`);
    assert.equal(refused.status, 409);
    assert.equal((await sb.control<{ session: { status: string } }>('POST', `/sessions/${sessionId}/sign`)).json.session.status, 'Completed');
  });
});

describe('expiry and availability', () => {
  test('a session still Pending when its address’s 4 hours have passed is Expired; its page says so and cannot sign', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf]);
    await sb.control('POST', '/clock/advance', { seconds: 4 * 3600 - 5 });
    assert.equal((await sb.session(sessionId)).status, 'Pending');
    await sb.control('POST', '/clock/advance', { seconds: 10 });
    const session = await sb.session(sessionId);
    assert.equal(session.status, 'Expired');
    assert.deepEqual(session.documents.map((d) => [d.status, d.signedFile]), [['PendingSignature', undefined]]);
    const page = await openPage(redirectUrl);
    assert.match(page.html, /expired: this signing address was valid for 4 hours/);
    assert.doesNotMatch(page.html, /<form/);
    assert.equal((await sb.control('POST', `/sessions/${sessionId}/sign`)).status, 409);
    assert.deepEqual((await whenCompleted(sessionId)).json, { completed: true, progress: 100 });
  });

  test('the control API expires a session at once; a finished session cannot be expired', async () => {
    const { sessionId } = await sb.createSession([pdf]);
    assert.equal((await sb.control<{ session: { status: string } }>('POST', `/sessions/${sessionId}/expire`)).json.session.status, 'Expired');
    assert.equal((await sb.session(sessionId)).status, 'Expired');
    assert.equal((await sb.control('POST', `/sessions/${sessionId}/expire`)).status, 409);
    assert.equal((await sb.control('POST', `/sessions/${sessionId}/cancel`)).status, 409);
  });

  test('past availableUntil the files are gone: 422 DocumentNotFound', async () => {
    const { sessionId } = await sb.createSession([pdf]);
    await sb.control('POST', `/sessions/${sessionId}/sign`, { person: 'joao' });
    const [document] = (await sb.session(sessionId)).documents;
    assert.equal((await sb.download(document.signedFile!.url)).status, 200);
    const now = Date.parse((await sb.control<{ now: string }>('GET', '/clock')).json.now);
    await sb.control('POST', '/clock/advance', { seconds: (Date.parse(document.availableUntil) - now) / 1000 + 1 });
    for (const url of [document.signedFile!.url, document.originalFile.url]) {
      const gone = await sb.download(url);
      assert.equal(gone.status, 422);
      assert.equal((JSON.parse(gone.text) as { code: string }).code, 'DocumentNotFound');
    }
  });
});

describe('file links, faults and restarts', () => {
  test('file links can be relative to the endpoint (as legacy Rest PKI sent them)', async () => {
    await sb.control('POST', '/settings', { fileUrls: 'relative' });
    try {
      const { sessionId } = await sb.createSession([pdf]);
      const url = (await sb.session(sessionId)).documents[0].originalFile.url;
      assert.match(url, /^\/api\/files\/[A-Za-z0-9_-]+$/);
      assert.deepEqual((await sb.download(new URL(url, sb.info.endpoint).toString())).body, pdf);
    } finally {
      await sb.control('POST', '/settings', { fileUrls: 'absolute' });
    }
  });

  test('faults: a 5xx with exceptionCode, a reset, garbage and a delay, each for as many calls as asked', async () => {
    try {
      await sb.control('POST', '/faults', { match: 'POST /api/signature-sessions$', kind: 'status', status: 503, times: 1 });
      const failed = await sb.api<{ exceptionCode: string }>('POST', '/api/signature-sessions', { body: { documents: [{ file: { name: 'a.pdf', content: pdf.toString('base64') } }] } });
      assert.equal(failed.status, 503);
      assert.ok(failed.json.exceptionCode);
      const before = (await sb.control<unknown[]>('GET', '/sessions')).json.length;
      await sb.createSession([pdf]);
      assert.equal((await sb.control<unknown[]>('GET', '/sessions')).json.length, before + 1, 'the fault was used up; the faulted call created nothing');

      const { sessionId } = await sb.createSession([pdf]);
      await sb.control('POST', '/faults', { match: 'GET /api/signature-sessions/', kind: 'reset', times: 1 });
      await assert.rejects(request(`${sb.info.endpoint}/api/signature-sessions/${sessionId}`, { dispatcher: sb.agent, headers: { 'x-api-key': sb.info.apiKey } }));
      await sb.control('POST', '/faults', { match: 'GET /api/signature-sessions/', kind: 'garbage', times: 1 });
      const garbage = await request(`${sb.info.endpoint}/api/signature-sessions/${sessionId}`, { dispatcher: sb.agent, headers: { 'x-api-key': sb.info.apiKey } });
      const garbageText = await garbage.body.text();
      assert.equal(garbage.statusCode, 200);
      assert.throws(() => JSON.parse(garbageText));
      await sb.control('POST', '/faults', { match: 'GET /api/signature-sessions/', kind: 'delay', delayMs: 50, times: 1 });
      assert.equal((await sb.session(sessionId)).status, 'Pending', 'a delayed call still answers');
      assert.deepEqual((await sb.control('GET', '/faults')).json, []);
    } finally {
      await sb.control('DELETE', '/faults');
    }
  });

  test('a restart on the same data dir keeps the key, the sessions and their files', async () => {
    const other = await RestPkiTestSandbox.start({ processingSeconds: null });
    let again: RestPkiTestSandbox | undefined;
    try {
      const { sessionId } = await other.createSession([pdf], { enableBackgroundProcessing: true });
      await other.control('POST', `/sessions/${sessionId}/sign`, { person: 'ana' });
      const key = other.info.apiKey;
      await other.close();
      again = await RestPkiTestSandbox.start({ processingSeconds: null }, other.dir);
      assert.equal(again.info.apiKey, key);
      assert.equal((await again.session(sessionId)).status, 'Processing');
      await again.control('POST', `/sessions/${sessionId}/finish-processing`);
      const session: SessionAnswer = await again.session(sessionId);
      assert.equal(session.signerCertificate?.pkiBrazil?.cpf, '11144477735');
      assert.equal((await again.download(session.documents[0].signedFile!.url)).status, 200);
    } finally {
      await (again ?? other).dispose();
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TridentTest, formData, processJson, samplePdf, PDF_POLICY, RESOURCES } from './trident-helpers';

const t = await TridentTest.start();
test.after(() => t.dispose());
const pdf = await samplePdf('One document');

type ProcessView = {
  id: string;
  self: string;
  process_type: string;
  result?: { status: string; details?: { message: string } };
  tasks: { pending: { id: string; type: string; url: string }[] };
  documents: { id: string; url: string; content: string; result?: { status: string; details?: { message: string } } }[];
  signing_information?: { labels: string[]; sign_identity: { id: string } };
};

test('multipart create with one document: 201, Location, one UserBrowserTask, the document; result 404 while running', async () => {
  const created = await t.createSingle(processJson(), pdf);
  assert.equal(created.status, 201, created.text);
  const view = created.json as unknown as ProcessView;
  const root = `${t.info.baseUrl}${RESOURCES}`;
  assert.match(view.id, /^[a-z2-7]{32}$/);
  assert.equal(created.headers.location, `${root}/signer_processes/${view.id}`);
  assert.equal(view.self, created.headers.location);
  assert.equal(view.process_type, 'urn:safelayer:eidas:processes:document:sign:esigp');
  assert.equal(view.tasks.pending.length, 1);
  assert.equal(view.tasks.pending[0].type, 'UserBrowserTask');
  assert.equal(view.tasks.pending[0].url, `${root}/ui?signerProcessId=${view.id}`);
  assert.equal(view.documents.length, 1);
  assert.equal(view.documents[0].url, `${root}/documents/${view.documents[0].id}`);
  assert.equal(view.documents[0].content, `${view.documents[0].url}/content`);
  assert.equal(view.result, undefined);
  assert.equal(view.signing_information, undefined);

  const read = await t.api('GET', view.self);
  assert.equal(read.status, 200);
  assert.deepEqual(read.json, created.json);
  const result = await t.api('GET', `/signer_processes/${view.id}/result`);
  assert.equal(result.status, 404, 'not finished yet');
  assert.deepEqual(Object.keys(result.json).sort(), ['error', 'error_description', 'error_details']);
  const content = await t.api('GET', view.documents[0].content);
  assert.equal(content.status, 200);
  assert.equal(content.headers['content-type'], 'application/pdf');
  assert.ok(content.body.equals(pdf), 'the unsigned original before signing');
  const documents = await t.api('GET', `/signer_processes/${view.id}/documents`);
  assert.deepEqual(documents.json, { documents: view.documents });
});

test('the process part may come as a plain text field (PHP clients), and finished_callback_url is taken with a warning', async () => {
  const { body, contentType } = formData([
    { name: 'process', body: JSON.stringify({ ...processJson({ finish_callback_url: undefined }), finished_callback_url: 'http://127.0.0.1:9/cb' }) },
    { name: 'document', body: pdf, contentType: 'application/pdf', fileName: 'a.pdf' },
  ]);
  const created = await t.api('POST', '/signer_processes', { body, headers: { 'content-type': contentType } });
  assert.equal(created.status, 201, created.text);
  const described = await t.control<{ finishCallbackUrl: string; warnings: string[] }>('GET', `/processes/${created.json.id as string}`);
  assert.equal(described.json.finishCallbackUrl, 'http://127.0.0.1:9/cb');
  assert.match(described.json.warnings.join(), /finish_callback_url/);
});

test('bad creates are refused with {error, error_description, error_details}', async () => {
  const multipart = (process: unknown, document: Buffer | null = pdf, type = 'application/pdf') =>
    formData([
      ...(process === undefined ? [] : [{ name: 'process', body: typeof process === 'string' ? process : JSON.stringify(process), contentType: 'application/json' }]),
      ...(document ? [{ name: 'document', body: document, contentType: type, fileName: 'a.pdf' }] : []),
    ]);
  const cases: [string, { body: Buffer | string; contentType: string }, number, string][] = [
    ['no document part', multipart(processJson(), null), 400, 'ModelValidationException'],
    ['no process part', multipart(undefined), 400, 'ModelValidationException'],
    ['process not JSON', multipart('{"process_type":'), 400, 'JsonParseException'],
    ['no signer', multipart(processJson({ signer: undefined })), 400, 'MandatorySignatureException'],
    ['no callback', multipart(processJson({ finish_callback_url: undefined })), 400, 'ModelValidationException'],
    ['relative callback', multipart(processJson({ finish_callback_url: '/done' })), 400, 'IllegalArgumentException'],
    ['javascript callback', multipart(processJson({ finish_callback_url: 'javascript:alert(1)' })), 400, 'IllegalArgumentException'],
    ['no process_type', multipart(processJson({ process_type: undefined })), 400, 'ModelValidationException'],
    ['unknown process_type', multipart(processJson({ process_type: 'urn:x' })), 400, 'IllegalArgumentException'],
    ['XAdES policy', multipart(processJson({ signer: { signature_policy_id: 'urn:safelayer:eidas:policies:sign:document:xml' } })), 400, 'SignaturePolicyNotSupportedException'],
    ['no policy', multipart(processJson({ signer: { parameters: {} } })), 400, 'SignaturePolicyNotFoundException'],
    ['unknown PAdES type', multipart(processJson({ signer: { signature_policy_id: PDF_POLICY, parameters: { type: 'cades' } } })), 400, 'NotSupportedSignatureParametersException'],
    ['labels not a list of lists', multipart(processJson({ labels: ['server'] })), 400, 'ModelValidationException'],
    ['a document that is not a PDF', multipart(processJson(), Buffer.from('<x/>'), 'text/xml'), 400, 'SignaturePolicyNotSupportedException'],
    ['JSON without documents', { body: JSON.stringify(processJson()), contentType: 'application/json' }, 400, 'ModelValidationException'],
    ['unknown document id', { body: JSON.stringify(processJson({ documents: [{ id: 'nope' }] })), contentType: 'application/json' }, 404, 'DocumentNotFoundException'],
    ['text/plain', { body: 'hello', contentType: 'text/plain' }, 400, 'NotSupportedException'],
    ["Postman's urlencoded header", { body: 'process=%7B%7D', contentType: 'application/x-www-form-urlencoded' }, 400, 'NotSupportedException'],
  ];
  for (const [name, { body, contentType }, status, error] of cases) {
    const reply = await t.api('POST', '/signer_processes', { body, headers: { 'content-type': contentType } });
    assert.equal(reply.status, status, `${name}: ${reply.text}`);
    assert.equal(reply.json.error, error, name);
    assert.equal(typeof reply.json.error_description, 'string', name);
    assert.deepEqual(reply.json.error_details, {}, name);
  }
  assert.equal((await t.api('PUT', '/signer_processes')).status, 405);
  assert.equal((await t.api('GET', '/no_such_thing')).status, 404);
});

test('three documents: POST /documents each (raw, and multipart with or without signers), then one JSON process', async () => {
  const pdfs = [await samplePdf('Contract'), await samplePdf('Appendix'), await samplePdf('Terms')];
  const raw = await t.uploadRaw(pdfs[0]);
  const withSigners = formData([
    { name: 'signers', body: JSON.stringify([{ signature_policy_id: PDF_POLICY, parameters: { type: 'pades-bes', reason: 'Appendix' } }]), contentType: 'application/json' },
    { name: 'document', body: pdfs[1], contentType: 'application/pdf', fileName: 'appendix.pdf' },
  ]);
  const second = await t.api('POST', '/documents', { body: withSigners.body, headers: { 'content-type': withSigners.contentType } });
  assert.equal(second.status, 201, second.text);
  assert.equal(second.headers.location, second.json.self);
  const signers = second.json.signers as { id: string; self: string }[];
  assert.equal(signers.length, 1);
  assert.equal(signers[0].self, `${second.json.self as string}/signers/${signers[0].id}`);
  const withoutSigners = formData([{ name: 'document', body: pdfs[2], contentType: 'application/pdf', fileName: 'terms.pdf' }]);
  const third = await t.api('POST', '/documents', { body: withoutSigners.body, headers: { 'content-type': withoutSigners.contentType } });
  assert.equal(third.status, 201, third.text);
  assert.deepEqual(third.json.signers, []);
  const ids = [raw, second.json.id as string, third.json.id as string];
  const readBack = await t.api('GET', `/documents/${raw}`);
  assert.deepEqual(Object.keys(readBack.json).sort(), ['id', 'self', 'signers'], 'no content in the representation');

  const created = await t.createBatch(ids);
  assert.equal(created.status, 201, created.text);
  const view = created.json as unknown as ProcessView;
  assert.deepEqual(view.documents.map((d) => d.id), ids);
  assert.equal(view.tasks.pending.length, 1);

  // a document belongs to one process only; a running one's documents stay
  const again = await t.createBatch([ids[0]]);
  assert.equal(again.status, 409);
  assert.equal(again.json.error, 'InvalidStateException');
  assert.equal((await t.api('DELETE', `/documents/${ids[0]}`)).status, 409);

  const signed = await t.control<{ redirect: string; process: ProcessView }>('POST', `/processes/${view.id}/sign`, { identity: 'ola-nordmann-server' });
  assert.equal(signed.status, 200, JSON.stringify(signed.json));
  assert.deepEqual((await t.api('GET', `/signer_processes/${view.id}/result`)).json, { status: 'finished' });
  const documents = (await t.api('GET', `/signer_processes/${view.id}/documents`)).json.documents as ProcessView['documents'];
  assert.deepEqual(documents.map((d) => d.result), [{ status: 'finished' }, { status: 'finished' }, { status: 'finished' }]);
  for (const [i, document] of documents.entries()) {
    const content = await t.api('GET', document.content);
    assert.equal(content.headers['content-type'], 'application/pdf');
    const report = await t.pdfsig(content.body);
    assert.equal(report.match(/Signature is Valid/g)?.length, 1, `document ${i}: ${report}`);
    assert.match(report, /Common Name: Ola Nordmann/);
    assert.match(report, /Certificate is Trusted/);
  }
});

test('failed_documents: a broken PDF in a batch fails alone, with its reason; the others are signed', async () => {
  const good = await t.uploadRaw(await samplePdf('Good'));
  const broken = await t.uploadRaw(Buffer.from('%PDF-1.7\nthis is not really a PDF\n'));
  const forced = await t.uploadRaw(await samplePdf('Forced'));
  const created = await t.createBatch([good, broken, forced]);
  assert.equal(created.status, 201, created.text);
  const id = created.json.id as string;
  const signed = await t.control<{ redirect: string }>('POST', `/processes/${id}/sign`, { failDocuments: [forced] });
  assert.match(signed.json.redirect, /[?&]status=failed_documents&signer_process_id=/);
  const result = (await t.api('GET', `/signer_processes/${id}/result`)).json;
  assert.equal(result.status, 'failed_documents');
  const documents = (await t.api('GET', `/signer_processes/${id}`)).json.documents as ProcessView['documents'];
  assert.equal(documents[0].result?.status, 'finished');
  assert.equal(documents[1].result?.status, 'failed');
  assert.match(documents[1].result?.details?.message ?? '', /damaged/);
  assert.equal(documents[2].result?.status, 'failed');
  assert.match((await t.pdfsig((await t.api('GET', documents[0].content)).body)), /Signature is Valid/);
  assert.doesNotMatch((await t.api('GET', documents[2].content)).text, /ByteRange/, 'a failed document stays unsigned');

  // every document failing is plain "failed"
  const alone = await t.createBatch([await t.uploadRaw(Buffer.from('%PDF-1.4\nbroken'))]);
  await t.control('POST', `/processes/${alone.json.id as string}/sign`);
  const failed = (await t.api('GET', `/signer_processes/${alone.json.id as string}/result`)).json as { status: string; details: { message: string } };
  assert.equal(failed.status, 'failed');
  assert.match(failed.details.message, /damaged/);
});

test('cancel and fail through the control API: results and per-document results, content left unsigned', async () => {
  const canceled = (await t.createSingle(processJson(), pdf)).json as unknown as ProcessView;
  const cancel = await t.control<{ redirect: string }>('POST', `/processes/${canceled.id}/cancel`);
  assert.equal(cancel.json.redirect, `http://127.0.0.1:9/callback?job=J42&status=canceled&signer_process_id=${canceled.id}`);
  assert.deepEqual((await t.api('GET', `/signer_processes/${canceled.id}/result`)).json, { status: 'canceled' });
  const view = (await t.api('GET', `/signer_processes/${canceled.id}`)).json as unknown as ProcessView;
  assert.deepEqual(view.documents[0].result, { status: 'canceled' });
  assert.deepEqual(view.tasks.pending, [], 'nothing left to do');
  assert.ok((await t.api('GET', view.documents[0].content)).body.equals(pdf));
  assert.equal((await t.control('POST', `/processes/${canceled.id}/sign`)).status, 409, 'an ended process cannot be signed');

  const failing = (await t.createSingle(processJson(), pdf)).json as unknown as ProcessView;
  await t.control('POST', `/processes/${failing.id}/fail`, { message: 'The HSM is down' });
  assert.deepEqual((await t.api('GET', `/signer_processes/${failing.id}/result`)).json, { status: 'failed', details: { message: 'The HSM is down' } });
});

test('delete: 204, then the process 404 and its result 410; its own document goes with it; batch documents on their own', async () => {
  const single = (await t.createSingle(processJson(), pdf)).json as unknown as ProcessView;
  await t.control('POST', `/processes/${single.id}/sign`);
  assert.equal((await t.api('DELETE', `/signer_processes/${single.id}`)).status, 204);
  const gone = await t.api('GET', `/signer_processes/${single.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error, 'ProcessNotFoundException');
  assert.equal((await t.api('GET', `/signer_processes/${single.id}/result`)).status, 410);
  assert.equal((await t.api('GET', single.documents[0].content)).status, 404, 'the multipart document went with the process');
  assert.equal((await t.api('DELETE', `/signer_processes/${single.id}`)).status, 404);
  assert.equal((await t.api('GET', '/signer_processes/neverexisted/result')).status, 410);

  const documentId = await t.uploadRaw(await samplePdf('Batch member'));
  const batch = (await t.createBatch([documentId])).json as unknown as ProcessView;
  await t.control('POST', `/processes/${batch.id}/sign`);
  assert.equal((await t.api('DELETE', `/signer_processes/${batch.id}`)).status, 204);
  const kept = await t.api('GET', `/documents/${documentId}/content`);
  assert.equal(kept.status, 200, 'a pre-uploaded document outlives the process');
  assert.match(kept.text, /ByteRange/);
  assert.equal((await t.api('DELETE', `/documents/${documentId}`)).status, 204);
  const deleted = await t.api('GET', `/documents/${documentId}/content`);
  assert.equal(deleted.status, 404);
  assert.equal(deleted.json.error, 'DocumentNotFoundException');
  assert.equal((await t.api('DELETE', `/documents/${documentId}`)).status, 404);

  // a process that lived too long (control API) is gone the same way
  const expired = (await t.createSingle(processJson(), pdf)).json as unknown as ProcessView;
  assert.equal((await t.control('POST', `/processes/${expired.id}/expire`)).status, 200);
  assert.equal((await t.api('GET', `/signer_processes/${expired.id}/result`)).status, 410);
});

test('faults: a 503, a reset, garbage and a delay, each for the requests it matches', async () => {
  const match = 'POST /trustedx-resources/esignsp/v2/signer_processes$';
  assert.equal((await t.control('POST', '/faults', { match, kind: 'status', status: 503, times: 1 })).status, 201);
  const failed = await t.createSingle(processJson(), pdf);
  assert.equal(failed.status, 503);
  assert.equal(failed.json.error, 'InjectedFault');
  assert.equal((await t.createSingle(processJson(), pdf)).status, 201, 'only once');

  await t.control('POST', '/faults', { match: 'GET /result$', kind: 'reset', times: 1 });
  await assert.rejects(t.api('GET', '/signer_processes/x/result'));
  await t.control('POST', '/faults', { match: 'POST /token$', kind: 'garbage', times: 1 });
  const garbage = await t.tokenRequest('Basic eDp5');
  assert.equal(garbage.status, 200);
  assert.throws(() => JSON.parse(garbage.text));
  await t.control('POST', '/faults', { match: 'GET /documents$', kind: 'delay', delayMs: 1, times: 1 });
  assert.equal((await t.control<unknown[]>('GET', '/faults')).json.length, 1);
  assert.deepEqual((await t.control('DELETE', '/faults')).json, []);
});

test('the control API refuses foreign pages and bodies that are not JSON', async () => {
  const foreign = await fetch(`${t.info.controlUrl}/processes`, { headers: { origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  const form = await fetch(`${t.info.controlUrl}/tokens/expire`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
});

// The Rest PKI Core sandbox against the vendor's OpenAPI document itself (API 2.2.2, read from
// ../shared with ajv): its answers in every session status conform, a request using every field
// the document defines is accepted, and the sandbox's syntax check (400) agrees with the document's
// request schema body for body. (The helper checks every exchange of every Rest PKI test the same way.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RestPkiTestSandbox, contract, pressOnPage, samplePdf } from './restpki-helpers';

let sb: RestPkiTestSandbox;
const pdf = await samplePdf('Contract');
const content = pdf.toString('base64');

before(async () => {
  sb = await RestPkiTestSandbox.start({ processingSeconds: null });
});
after(() => sb.dispose());

/** Every field of CreateSignatureSessionRequest and what it contains, as the document defines them. */
const everyField = () => ({
  returnUrl: 'http://127.0.0.1:1/r/token?job=J1',
  securityContextId: sb.info.securityContextId,
  callbackArgument: 'J1',
  enableBackgroundProcessing: true,
  disableDownloads: true,
  documentMetadata: { job: ['J1'], 'Sent by': ['Signing Desk', 'sandbox test'], empty: null },
  documents: [
    {
      id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      file: { name: 'contract.pdf', mimeType: 'application/pdf', content, length: pdf.length },
      metadata: { part: ['1'] },
      documentKey: 'ABCD-EFGH-2345-6789',
      signatureType: 'Pdf',
      pdfSignatureOptions: {
        visualRepresentation: {
          text: { fontSize: 10, text: 'Signed by {{signerName}}', includeSigningTime: true, horizontalAlign: 'Left', container: { left: 0.2, top: 0.2, right: 0.2, bottom: 0.2 } },
          image: { resource: { content: 'iVBORw0KGgo=', mimeType: 'image/png' }, opacity: 50, horizontalAlign: 'Right', verticalAlign: 'Center' },
          position: {
            pageNumber: -1,
            measurementUnits: 'Centimeters',
            pageOptimization: { paperSize: 'A4', pageOrientation: 'Portrait' },
            auto: { container: { left: 1.5, right: 1.5, bottom: 1.5, height: 4.94 }, signatureRectangleSize: { width: 7, height: 4.94 }, horizontalDirection: 'LeftToRight', verticalDirection: 'BottomUp', rowSpacing: 0 },
          },
        },
        measurementUnits: 'Centimeters',
        pageOptimization: { paperSize: 'Custom', customPaperSize: { width: 21, height: 29.7 }, pageOrientation: 'Auto' },
      },
      cmsSignatureOptions: { detached: true, dataHashes: [{ algorithm: 'SHA256', value: 'AAAA', hexValue: null }] },
    },
  ],
  certificateRequirements: [{ type: 'Cpf', argument: '123.456.789-09' }, { type: 'CryptoDevice', argument: null }],
  pdfSignatureOptions: { measurementUnits: 'PdfPoints' },
  cmsSignatureOptions: { detached: false },
});

describe('the document', () => {
  test('is Rest PKI Core API 2.2.2 and defines every operation the sandbox serves', () => {
    assert.equal(contract.version, '2.2.2');
    for (const [method, path] of [
      ['POST', '/api/signature-sessions'],
      ['GET', '/api/signature-sessions/3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
      ['GET', '/api/signature-sessions/3f2504e0-4f89-41d3-9a0c-0305e82c3301/when-completed'],
      ['GET', '/api/documents/3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
      ['POST', '/api/plain-uploads'],
      ['POST', '/Api/MultipartUploads'],
      ['POST', '/Api/MultipartUploads/tok/1'],
      ['POST', '/Api/MultipartUploads/tok'],
    ]) {
      assert.ok(contract.operation(method, path), `${method} ${path}`);
    }
    assert.equal(contract.operation('GET', '/api/signature-sessions/x/when-completed')?.template, '/api/signature-sessions/{id}/when-completed');
  });

  test('the checks bite: an unknown status, an extra field or a null the document does not allow is reported', () => {
    const model = { id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', status: 'Pending', processingErrorCode: null, callbackArgument: null, documents: [] };
    assert.deepEqual(contract.errors('SignatureSessionModel', model), []);
    assert.notDeepEqual(contract.errors('SignatureSessionModel', { ...model, status: 'Signed' }), []);
    assert.notDeepEqual(contract.errors('SignatureSessionModel', { ...model, signed: true }), []);
    assert.notDeepEqual(contract.errors('SignatureSessionModel', { ...model, signerCertificate: null }), []);
    assert.notDeepEqual(contract.errors('ErrorModelV2', { code: 'X', message: 'y', exceptionCode: 'z' }), []);
  });
});

describe('the sandbox’s answers conform in every status', () => {
  test('create, each session status, when-completed, documents, uploads and 422s', async () => {
    const seen = new Set<string>();
    const check = async (id: string) => {
      const session = await sb.session(id); // the helper asserts the answer against SignatureSessionModel
      seen.add(session.status);
      if (session.status !== 'Pending') assert.equal((await sb.api('GET', `/api/signature-sessions/${id}/when-completed`)).status, 200);
      for (const document of session.documents) assert.equal((await sb.api('GET', `/api/documents/${document.id}`)).status, 200);
      return session;
    };
    const full = await sb.api<{ sessionId: string; redirectUrl: string }>('POST', '/api/signature-sessions', { body: everyField() });
    assert.equal(full.status, 200, full.text);
    await check(full.json.sessionId);
    await pressOnPage(full.json.redirectUrl, 'Sign', 'maria');
    await check(full.json.sessionId);
    await sb.control('POST', `/sessions/${full.json.sessionId}/finish-processing`);
    const completed = await check(full.json.sessionId);
    assert.ok(completed.signerCertificate?.issuer, 'a signer certificate with its issuer chain');

    const cancelled = await sb.createSession([pdf]);
    await pressOnPage(cancelled.redirectUrl, 'Cancel');
    await check(cancelled.sessionId);
    const expired = await sb.createSession([pdf]);
    await sb.control('POST', `/sessions/${expired.sessionId}/expire`);
    await check(expired.sessionId);
    const failing = await sb.createSession([pdf], { enableBackgroundProcessing: true });
    await sb.control('POST', `/sessions/${failing.sessionId}/sign`);
    await sb.control('POST', `/sessions/${failing.sessionId}/fail-processing`, { code: 'CertificateRevoked' });
    await check(failing.sessionId);
    assert.deepEqual([...seen].sort(), ['Completed', 'Expired', 'Pending', 'Processing', 'ProcessingError', 'UserCancelled']);

    const plain = await sb.api('POST', '/api/plain-uploads', { raw: pdf, headers: { 'content-type': 'application/pdf' } });
    assert.equal(plain.status, 200);
    assert.equal((await sb.api('POST', '/Api/MultipartUploads')).status, 200);
    const errors = await Promise.all([
      sb.api('GET', '/api/signature-sessions/3f2504e0-4f89-41d3-9a0c-0305e82c3399'),
      sb.api('GET', `/api/signature-sessions/${cancelled.sessionId.replace(/.$/, '0')}/when-completed`),
      sb.api('GET', '/api/documents/3f2504e0-4f89-41d3-9a0c-0305e82c3399'),
      sb.api('POST', '/api/signature-sessions', { body: { documents: [] } }),
    ]);
    assert.deepEqual(errors.map((e) => e.status), [422, 422, 422, 422]);
  });
});

describe('the sandbox’s syntax check is the document’s request schema', () => {
  const base = () => ({ documents: [{ file: { name: 'a.pdf', content } }] });
  const cases: [string, () => unknown][] = [
    ['the minimal body', base],
    ['every field', everyField],
    ['nulls where the document allows them', () => ({ ...base(), returnUrl: null, securityContextId: null, callbackArgument: null, documentMetadata: null, certificateRequirements: null })],
    ['returnUrl of exactly 1024 characters', () => ({ ...base(), returnUrl: `http://127.0.0.1/${'a'.repeat(1007)}` })],
    ['returnUrl of 1025 characters', () => ({ ...base(), returnUrl: `http://127.0.0.1/${'a'.repeat(1008)}` })],
    ['callbackArgument as a number', () => ({ ...base(), callbackArgument: 42 })],
    ['enableBackgroundProcessing as null', () => ({ ...base(), enableBackgroundProcessing: null })],
    ['disableDownloads as "true"', () => ({ ...base(), disableDownloads: 'true' })],
    ['securityContextId that is no uuid', () => ({ ...base(), securityContextId: '12345' })],
    ['documents as null', () => ({ documents: null })],
    ['a document that is a string', () => ({ documents: ['a.pdf'] })],
    ['file.content that is no base64', () => ({ documents: [{ file: { name: 'a.pdf', content: '%PDF-1.7' } }] })],
    ['file.length as text', () => ({ documents: [{ file: { name: 'a.pdf', content, length: '12' } }] })],
    ['file.length with a fraction', () => ({ documents: [{ file: { name: 'a.pdf', content, length: 1.5 } }] })],
    ['signatureType "PAdES"', () => ({ documents: [{ file: { name: 'a.pdf', content }, signatureType: 'PAdES' }] })],
    ['document id that is no uuid', () => ({ documents: [{ id: 'doc-1', file: { name: 'a.pdf', content } }] })],
    ['metadata value that is a string', () => ({ documents: [{ file: { name: 'a.pdf', content }, metadata: { job: 'J1' } }] })],
    ['requirement type "cpf" in lower case', () => ({ ...base(), certificateRequirements: [{ type: 'cpf', argument: '12345678909' }] })],
    ['requirement argument as a number', () => ({ ...base(), certificateRequirements: [{ type: 'Cpf', argument: 12345678909 }] })],
    ['visualRepresentation without position', () => ({ ...base(), pdfSignatureOptions: { visualRepresentation: {} } })],
    ['auto positioning without its container', () => ({ ...base(), pdfSignatureOptions: { visualRepresentation: { position: { auto: { signatureRectangleSize: { width: 1, height: 1 } } } } } })],
    ['paperSize "B5"', () => ({ ...base(), pdfSignatureOptions: { pageOptimization: { paperSize: 'B5' } } })],
    ['image opacity 0.5', () => ({ ...base(), pdfSignatureOptions: { visualRepresentation: { position: {}, image: { opacity: 0.5 } } } })],
    ['digest algorithm "SHA-256"', () => ({ ...base(), cmsSignatureOptions: { dataHashes: [{ algorithm: 'SHA-256' }] } })],
  ];
  for (const [what, body] of cases) {
    test(what, async () => {
      const value = body();
      const documentSays = contract.requestErrors('POST', '/api/signature-sessions', value);
      const reply = await sb.api('POST', '/api/signature-sessions', { body: value, offContract: true });
      if (documentSays.length > 0) assert.equal(reply.status, 400, `the document refuses it (${documentSays.join('; ')}), so must the sandbox: ${reply.text.slice(0, 500)}`);
      else assert.notEqual(reply.status, 400, `the document allows it, so the sandbox may refuse it only for its meaning (422): ${reply.text.slice(0, 500)}`);
    });
  }

  test('the one deliberate difference: unknown fields, which the document forbids and the service ignores', async () => {
    const value = { ...base(), somethingNew: true };
    assert.notDeepEqual(contract.requestErrors('POST', '/api/signature-sessions', value), []);
    assert.equal((await sb.api('POST', '/api/signature-sessions', { body: value, offContract: true })).status, 200);
  });
});

// The Rest PKI Core sandbox's API over real HTTPS: the API key, creating and reading sessions,
// when-completed while Pending, 400 (syntax) against 422 (meaning), uploads by reference, and
// sandbox.json listing it beside Posten's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../sandbox/index';
import { RestPkiTestSandbox, samplePdf, type SessionAnswer } from './restpki-helpers';

let sb: RestPkiTestSandbox;
// made before the suites are declared: their tables of bodies name it
const pdf = await samplePdf();

before(async () => {
  sb = await RestPkiTestSandbox.start();
});
after(() => sb.dispose());

const inline = (bytes: Buffer, name = 'contract.pdf') => ({ file: { name, content: bytes.toString('base64') } });
const createBody = (extra: Record<string, unknown> = {}) => ({ documents: [inline(pdf)], ...extra });

describe('X-Api-Key', () => {
  test('without a key, or with a wrong one, every API call is 401 and nothing is created', async () => {
    const before = (await sb.control<unknown[]>('GET', '/sessions')).json.length;
    for (const key of [null, '', 'wrong', `${sb.info.apiKey}x`, sb.info.apiKey.split('|')[0]]) {
      const create = await sb.api('POST', '/api/signature-sessions', { key, body: createBody() });
      assert.equal(create.status, 401, `key ${JSON.stringify(key)}`);
      assert.equal((await sb.api('GET', '/api/signature-sessions/00000000-0000-4000-8000-000000000000', { key })).status, 401);
      assert.equal((await sb.api('POST', '/api/plain-uploads', { key, raw: pdf })).status, 401);
    }
    assert.equal((await sb.control<unknown[]>('GET', '/sessions')).json.length, before);
  });

  test('the whole key ("app|secret") and the part after "|" are both accepted', async () => {
    assert.match(sb.info.apiKey, /^[^|]+\|[0-9a-f]{48}$/);
    assert.equal((await sb.api('POST', '/api/signature-sessions', { body: createBody() })).status, 200);
    assert.equal((await sb.api('POST', '/api/signature-sessions', { key: sb.info.apiKey.split('|')[1], body: createBody() })).status, 200);
  });
});

describe('create, read and when-completed', () => {
  test('a new session is Pending, echoes callbackArgument, and lists each document with its original file and availableUntil', async () => {
    const second = await samplePdf('Appendix', 2);
    const created = await sb.api<{ sessionId: string; redirectUrl: string }>('POST', '/api/signature-sessions', {
      body: {
        returnUrl: 'http://127.0.0.1:1/r/abc?job=J42',
        callbackArgument: 'J42',
        disableDownloads: true,
        documents: [inline(pdf, 'contract.pdf'), { file: { name: 'appendix.pdf', mimeType: 'application/pdf', content: second.toString('base64') }, metadata: { jobId: ['J42'] } }],
      },
    });
    assert.equal(created.status, 200);
    assert.match(created.json.sessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(created.json.redirectUrl.startsWith(`${sb.info.controlUrl}/signature-sessions/${created.json.sessionId}?token=`));

    const session = await sb.session(created.json.sessionId);
    assert.equal(session.status, 'Pending');
    assert.equal(session.callbackArgument, 'J42');
    assert.equal(session.processingErrorCode, null);
    assert.equal(session.signerCertificate, undefined);
    assert.deepEqual(session.documents.map((d) => [d.originalFile.name, d.status, d.signedFile]), [
      ['contract.pdf', 'PendingSignature', undefined],
      ['appendix.pdf', 'PendingSignature', undefined],
    ]);
    const now = Date.parse((await sb.control<{ now: string }>('GET', '/clock')).json.now);
    for (const document of session.documents) {
      assert.match(document.formattedKey, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      assert.ok(Date.parse(document.availableUntil) > now, 'availableUntil lies ahead');
      assert.equal(document.originalFile.url, document.originalFile.location, 'url and its deprecated twin agree');
    }
    // the original comes back byte for byte, with or without the key
    const [withKey, withoutKey] = await Promise.all([sb.download(session.documents[0].originalFile.url), sb.download(session.documents[1].originalFile.url, null)]);
    assert.equal(withKey.status, 200);
    assert.deepEqual(withKey.body, pdf);
    assert.equal(withoutKey.status, 200);
    assert.deepEqual(withoutKey.body, second);
    assert.equal(withKey.headers['content-type'], 'application/pdf');

    const document = await sb.api<{ id: string; metadata: Record<string, string[]>; signers: unknown[] }>('GET', `/api/documents/${session.documents[1].id}`);
    assert.equal(document.status, 200);
    assert.deepEqual(document.json.metadata, { jobId: ['J42'] });
    assert.deepEqual(document.json.signers, []);
  });

  test('an unknown session is 422 SignatureSessionNotFound; an id that is no uuid is 400', async () => {
    const unknown = await sb.api<{ code: string }>('GET', '/api/signature-sessions/0f0e0d0c-0b0a-4909-8807-060504030201');
    assert.equal(unknown.status, 422);
    assert.equal(unknown.json.code, 'SignatureSessionNotFound');
    assert.equal((await sb.api('GET', '/api/signature-sessions/not-a-uuid')).status, 400);
    const waiting = await sb.api<{ code: string }>('GET', '/api/signature-sessions/0f0e0d0c-0b0a-4909-8807-060504030201/when-completed');
    assert.equal(waiting.status, 422);
    assert.equal(waiting.json.code, 'SignatureSessionNotFound');
  });

  test('when-completed on a Pending session is 422 BadSignatureSessionOperation at once', async () => {
    const { sessionId } = await sb.createSession([pdf]);
    const reply = await sb.api<{ code: string; message: string }>('GET', `/api/signature-sessions/${sessionId}/when-completed`);
    assert.equal(reply.status, 422);
    assert.equal(reply.json.code, 'BadSignatureSessionOperation');
    assert.match(reply.json.message, /Pending/);
  });

  test('paths match whatever their case, as ASP.NET routes do', async () => {
    const { sessionId } = await sb.createSession([pdf]);
    const reply = await sb.api<SessionAnswer>('GET', `/API/Signature-Sessions/${sessionId.toUpperCase()}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.json.id, sessionId);
  });
});

describe('400 for syntax, 422 for meaning', () => {
  const syntax: [string, Record<string, unknown>][] = [
    ['a returnUrl that is a number', { returnUrl: 5 }],
    ['a returnUrl longer than 1024', { returnUrl: `http://127.0.0.1/${'a'.repeat(1020)}` }],
    ['a callbackArgument longer than 1024', { callbackArgument: 'x'.repeat(1025) }],
    ['a boolean as text', { enableBackgroundProcessing: 'yes' }],
    ['null where there is no null', { disableDownloads: null }],
    ['documents that are an object', { documents: { file: {} } }],
    ['a signatureType the document does not know', { documents: [{ ...inline(pdf), signatureType: 'Pades' }] }],
    ['content that is not base64', { documents: [{ file: { name: 'a.pdf', content: 'not base64!' } }] }],
    ['a securityContextId that is not a uuid', { securityContextId: 'default' }],
    ['a requirement type the document does not know', { certificateRequirements: [{ type: 'Email', argument: 'x' }] }],
    ['metadata values that are not arrays', { documentMetadata: { job: 'J42' } }],
    ['a visual representation without its required position', { pdfSignatureOptions: { visualRepresentation: { text: { text: 'x' } } } }],
  ];
  for (const [what, change] of syntax) {
    test(`400: ${what}`, async () => {
      const reply = await sb.api<{ status: number; errors: Record<string, string[]> }>('POST', '/api/signature-sessions', { body: { ...createBody(), ...change }, offContract: true });
      assert.equal(reply.status, 400, reply.text);
      assert.match(reply.headers['content-type'], /^application\/problem\+json/);
      assert.equal(reply.json.status, 400);
      assert.ok(Object.keys(reply.json.errors).every((field) => field.startsWith('$')), reply.text);
    });
  }

  test('400: a body that is not JSON, empty, or not an object; 415: a body not sent as JSON', async () => {
    for (const raw of ['{"documents": [', '', '[]', 'null']) {
      const reply = await sb.api('POST', '/api/signature-sessions', { raw, headers: { 'content-type': 'application/json' } });
      assert.equal(reply.status, 400, `${JSON.stringify(raw)} → ${reply.text}`);
    }
    const form = await sb.api('POST', '/api/signature-sessions', { raw: 'returnUrl=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    // the other JSON types the document lists are accepted
    for (const type of ['text/json', 'application/json-patch+json', 'application/vnd.test+json; charset=utf-8']) {
      const reply = await sb.api('POST', '/api/signature-sessions', { raw: JSON.stringify(createBody()), headers: { 'content-type': type } });
      assert.equal(reply.status, 200, `${type} → ${reply.text}`);
    }
  });

  const meaning: [string, Record<string, unknown>, string][] = [
    ['no documents (the page for uploading one’s own files is not offered)', { documents: null }, 'DocumentsRequired'],
    ['an empty documents list', { documents: [] }, 'DocumentsRequired'],
    ['a document without a file', { documents: [{}] }, 'InvalidFileReference'],
    ['a file given two ways', { documents: [{ file: { name: 'a.pdf', content: 'JVBERi0=', blobToken: 'x' } }] }, 'InvalidFileReference'],
    ['inline content without a name', { documents: [{ file: { content: 'JVBERi0xLjQK' } }] }, 'InvalidFileReference'],
    ['a file that is not a PDF', { documents: [{ file: { name: 'a.pdf', content: Buffer.from('hello').toString('base64') } }] }, 'InvalidPdf'],
    ['a cut-off PDF', { documents: [{ file: { name: 'a.pdf', content: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\n').toString('base64') } }] }, 'InvalidPdf'],
    ['a blobToken nobody uploaded', { documents: [{ file: { name: 'a.pdf', blobToken: 'nope' } }] }, 'BlobNotFound'],
    ['a CMS signature', { documents: [{ ...inline(Buffer.from('%PDF-')), signatureType: 'Cms' }] }, 'SignatureTypeNotSupported'],
    ['a CPF with wrong check digits', { certificateRequirements: [{ type: 'Cpf', argument: '123.456.789-00' }] }, 'InvalidCertificateRequirement'],
    ['a CPF without its leading zeros', { certificateRequirements: [{ type: 'Cpf', argument: '1234567890' }] }, 'InvalidCertificateRequirement'],
    ['a Cpf requirement without argument', { certificateRequirements: [{ type: 'Cpf' }] }, 'InvalidCertificateRequirement'],
    ['a requirement without type', { certificateRequirements: [{ argument: '12345678909' }] }, 'InvalidCertificateRequirement'],
    ['an unknown security context', { securityContextId: '0f0e0d0c-0b0a-4909-8807-060504030201' }, 'SecurityContextNotFound'],
    ['a relative returnUrl', { returnUrl: '/done' }, 'InvalidReturnUrl'],
    ['a metadata name with a dot', { documentMetadata: { 'job.id': ['1'] } }, 'InvalidMetadata'],
    ['a metadata value of 501 characters', { documentMetadata: { job: ['x'.repeat(501)] } }, 'InvalidMetadata'],
  ];
  for (const [what, change, code] of meaning) {
    test(`422 ${code}: ${what}`, async () => {
      const reply = await sb.api<{ code: string; message: string }>('POST', '/api/signature-sessions', { body: { ...createBody(), ...change } });
      assert.equal(reply.status, 422, reply.text);
      assert.equal(reply.json.code, code);
      assert.ok(reply.json.message.length > 10);
    });
  }

  test('unknown fields are ignored, at the top and inside documents', async () => {
    const reply = await sb.api<{ sessionId: string }>('POST', '/api/signature-sessions', {
      body: { ...createBody(), futureOption: { x: 1 }, documents: [{ ...inline(pdf), convertToPdfA: true, file: { name: 'a.pdf', content: pdf.toString('base64'), extra: 1 } }] },
      offContract: true,
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal((await sb.session(reply.json.sessionId)).documents.length, 1);
  });

  test('a CPF restriction with punctuation, the known security context and both modes are accepted', async () => {
    for (const extra of [
      { certificateRequirements: [{ type: 'Cpf', argument: '529.982.247-25' }, { type: 'CryptoDevice' }], securityContextId: sb.info.securityContextId },
      { returnUrl: null, enableBackgroundProcessing: true },
      { returnUrl: null, enableBackgroundProcessing: false },
    ]) {
      assert.equal((await sb.api('POST', '/api/signature-sessions', { body: createBody(extra) })).status, 200, JSON.stringify(extra));
    }
  });
});

describe('documents sent by reference', () => {
  test('a plain upload gives a blobToken that a session document names', async () => {
    const upload = await sb.api<{ blobToken: string; length: number }>('POST', '/api/plain-uploads', { raw: pdf, headers: { 'content-type': 'application/pdf' } });
    assert.equal(upload.status, 200, upload.text);
    assert.equal(upload.json.length, pdf.length);
    const { sessionId } = await sb.createSession([], { documents: [{ file: { name: 'uploaded.pdf', blobToken: upload.json.blobToken } }] });
    const session = await sb.session(sessionId);
    assert.equal(session.documents[0].originalFile.name, 'uploaded.pdf');
    assert.deepEqual((await sb.download(session.documents[0].originalFile.url)).body, pdf);
  });

  test('a multipart upload: parts with ETags (and Content-MD5), ended with the ETags in order and the MD5 of the whole', async () => {
    const big = await samplePdf('A larger document', 40);
    const begin = await sb.api<{ blobToken: string; partSize: number }>('POST', '/Api/MultipartUploads');
    assert.equal(begin.status, 200);
    assert.ok(begin.json.partSize >= 1024 * 1024);
    const token = begin.json.blobToken;
    const thirds = [big.subarray(0, 1000), big.subarray(1000, 2000), big.subarray(2000)];
    const etags: string[] = [];
    for (const [i, part] of thirds.entries()) {
      const md5 = createHash('md5').update(part).digest('base64');
      const reply = await sb.api('POST', `/Api/MultipartUploads/${token}/${i}`, { raw: part, headers: { 'content-type': 'application/octet-stream', 'content-md5': md5 } });
      assert.equal(reply.status, 200);
      assert.match(reply.headers.etag, /^"[0-9a-f]{32}"$/);
      etags.push(reply.headers.etag);
    }
    // a part whose Content-MD5 is wrong is refused
    const corrupt = await sb.api<{ code: string }>('POST', `/Api/MultipartUploads/${token}/9`, { raw: Buffer.from('x'), headers: { 'content-md5': createHash('md5').update('y').digest('base64') } });
    assert.equal(corrupt.status, 422);
    // the session cannot use it before it is ended
    const early = await sb.api<{ code: string }>('POST', '/api/signature-sessions', { body: { documents: [{ file: { name: 'big.pdf', blobToken: token } }] } });
    assert.equal(early.json.code, 'BlobNotFound');
    // ETags out of order are refused; the right list ends it
    const wrongOrder = await sb.api<{ code: string }>('POST', `/Api/MultipartUploads/${token}`, { body: { partETags: [etags[1], etags[0], etags[2]] } });
    assert.equal(wrongOrder.status, 422);
    assert.equal(wrongOrder.json.code, 'PartETagsMismatch');
    const missing = await sb.api('POST', `/Api/MultipartUploads/${token}`, { body: { completeMD5: null }, offContract: true });
    assert.equal(missing.status, 400, 'partETags is required');
    const end = await sb.api('POST', `/Api/MultipartUploads/${token}`, { body: { partETags: etags, completeMD5: createHash('md5').update(big).digest('base64') } });
    assert.equal(end.status, 200, end.text);

    const { sessionId } = await sb.createSession([], { documents: [{ file: { name: 'big.pdf', blobToken: token } }] });
    assert.deepEqual((await sb.download((await sb.session(sessionId)).documents[0].originalFile.url)).body, big);
  });

  test('a file URL: the sandbox’s own file link (absolute or relative) is taken as the document', async () => {
    const first = await sb.session((await sb.createSession([pdf])).sessionId);
    const absolute = first.documents[0].originalFile.url;
    const relative = new URL(absolute).pathname;
    const { sessionId } = await sb.createSession([], { documents: [{ file: { name: 'a.pdf', url: absolute } }, { file: { name: 'b.pdf', url: relative } }] });
    const second = await sb.session(sessionId);
    for (const document of second.documents) assert.deepEqual((await sb.download(document.originalFile.url)).body, pdf);
  });
});

describe('npm run sandbox starts it beside Posten’s', () => {
  test('startSandbox writes sandbox.json with Posten’s keys as before and a restpki block that works', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-both-'));
    const both = await startSandbox({ dataDir: dir, restpki: { apiKey: 'demo|0123456789abcdef' } });
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'sandbox.json'), 'utf8')) as Record<string, unknown> & { restpki: Record<string, string> };
      for (const key of ['apiRoot', 'webRoot', 'controlUrl', 'caCertificate', 'senderCertificate', 'senderCertificatePassword', 'senderOrganizationNumber', 'serverOrganizationNumber']) {
        assert.ok(typeof json[key] === 'string', `Posten's ${key}`);
      }
      assert.deepEqual(Object.keys(json.restpki).sort(), ['apiKey', 'caCertificate', 'controlUrl', 'endpoint', 'persons', 'securityContextId']);
      assert.equal(json.restpki.apiKey, 'demo|0123456789abcdef');
      assert.equal(json.restpki.caCertificate, json.caCertificate, 'one sandbox CA for both');
      const control = (await (await fetch(`${json.restpki.controlUrl}/`)).json()) as { endpoint: string };
      assert.equal(control.endpoint, json.restpki.endpoint);
      const posten = (await (await fetch(`${String(json.controlUrl)}/`)).json()) as { apiRoot: string };
      assert.equal(posten.apiRoot, json.apiRoot);
    } finally {
      await both.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the CLI prints both and keeps the Rest PKI key across restarts of the same data dir', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
    const run = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--data-dir', dir], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      for await (const chunk of child.stdout) {
        out += String(chunk);
        if (out.includes('(Ctrl+C stops)')) break;
      }
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { restpki: { apiKey: string; endpoint: string } };
    };
    try {
      const first = await run();
      const second = await run();
      assert.match(first.restpki.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(second.restpki.apiKey, first.restpki.apiKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { createForeignClientCertificate } from '../../sandbox/pki/index';
import {
  TestSandbox, directManifestXml, directRequestXml, example, mtlsAgent, portalManifestXml, portalRequestXml,
  rezip, samplePdf, validXml, withSender, xmlValue, xmlValues,
} from './server-helpers';

let sb: TestSandbox;
let pdf: Buffer;

before(async () => {
  sb = await TestSandbox.start();
  pdf = await samplePdf();
});
after(async () => {
  const t = Date.now();
  await sb.dispose();
  console.log('dispose took', Date.now() - t);
});

async function createPortal(manifest = portalManifestXml(sb.org), requestXml = portalRequestXml()): Promise<string> {
  const res = await sb.create('portal', requestXml, await sb.bundle(manifest, [{ fileName: 'document.pdf', bytes: pdf }]));
  assert.equal(res.status, 200, res.text);
  return xmlValue(await validXml(res), 'signature-job-id')!;
}

describe('sandbox.json and transport', () => {
  test('describes itself with absolute paths and a CA bundle that OpenSSL reads', () => {
    const info = JSON.parse(readFileSync(path.join(sb.dir, 'sandbox.json'), 'utf8'));
    assert.deepEqual(info, sb.info);
    assert.match(info.apiRoot, /^https:\/\/127\.0\.0\.1:\d+\/api$/);
    assert.match(info.controlUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(info.controlUrl).port, new URL(info.apiRoot).port);
    assert.equal(info.serverOrganizationNumber, '984661185');
    for (const p of [info.caCertificate, info.senderCertificate]) assert.ok(path.isAbsolute(p) && existsSync(p), p);
    const out = execFileSync('openssl', ['verify', '-CAfile', info.caCertificate, path.join(sb.pki.dir, 'server.cert.pem')]).toString();
    assert.match(out, /OK/);
  });

  test('a client without a certificate gets no HTTP answer at all', async () => {
    const bare = mtlsAgent(sb.info);
    await assert.rejects(request(`${sb.info.apiRoot}/${sb.org}`, { dispatcher: bare }));
    await bare.close();
  });

  test('a client certificate from a foreign CA fails the handshake', async () => {
    const foreign = await createForeignClientCertificate(path.join(sb.dir, 'foreign'), sb.org);
    const agent = mtlsAgent(sb.info, { key: foreign.keyPem, cert: [foreign.certPem, ...foreign.chainPems].join('\n') });
    await assert.rejects(request(`${sb.info.apiRoot}/${sb.org}`, { dispatcher: agent }));
    await agent.close();
  });

  test('probe answers with the organisation of the certificate', async () => {
    const res = await sb.api('GET', `/${sb.org}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, `You are ${sb.org}`);
  });

  test('another organisation in the URL gives BROKER_NOT_AUTHORIZED', async () => {
    const res = await sb.api('GET', '/987654321/portal/signature-jobs');
    assert.equal(res.status, 403);
    assert.equal(xmlValue(await validXml(res), 'error-code'), 'BROKER_NOT_AUTHORIZED');
    assert.equal(xmlValue(res.text, 'error-type'), 'CLIENT');
  });
});

describe('create: official examples', () => {
  const portalManifests = [
    'portal/manifest.xml',
    'portal/manifest-signer-without-pin.xml',
    'portal/manifest-specify-on-behalf-of.xml',
    'portal/manifest-specify-signtype-and-auth.xml',
    'portal/legacy/manifest-legacy.xml',
  ];
  for (const file of portalManifests) {
    test(`portal ${file} is accepted`, async () => {
      const manifest = withSender(example(file), sb.org);
      const bundle = await sb.bundle(manifest, [{ fileName: 'document.pdf', bytes: pdf }, ...(manifest.includes('document2.pdf') ? [{ fileName: 'document2.pdf', bytes: pdf }] : [])]);
      const res = await sb.create('portal', example('portal/request.xml'), bundle);
      assert.equal(res.status, 200, res.text);
      const xml = await validXml(res);
      assert.equal(xmlValue(xml, 'reference'), '123-ABC');
      assert.match(xmlValue(xml, 'cancellation-url')!, new RegExp(`^${sb.info.apiRoot}/${sb.org}/portal/signature-jobs/\\d+/cancel$`));
    });
  }

  test('direct example is accepted, parts in any order', async () => {
    const manifest = withSender(example('direct/manifest-signer-without-pin.xml'), sb.org);
    const bundle = await sb.bundle(manifest, [{ fileName: 'document.pdf', bytes: pdf }]);
    const res = await sb.create('direct', example('direct/request.xml'), bundle, { reverse: true });
    assert.equal(res.status, 200, res.text);
    const xml = await validXml(res);
    assert.ok(xmlValue(xml, 'status-url'));
    assert.equal(xmlValue(xml, 'signer-identifier'), 'Test Testesen 1234 test.testesen@example.com kundenr: 1337');
  });

  test('job ids are unique across both flows', async () => {
    const a = await createPortal();
    const res = await sb.create('direct', directRequestXml(), await sb.bundle(directManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]));
    const b = xmlValue(await validXml(res), 'signature-job-id');
    assert.ok(Number(b) > Number(a));
  });
});

describe('create: refused requests', () => {
  async function expectError(res: Awaited<ReturnType<TestSandbox['create']>>, status: number, code?: string): Promise<void> {
    assert.equal(res.status, status, res.text);
    const xml = await validXml(res);
    if (code) assert.equal(xmlValue(xml, 'error-code'), code);
    assert.ok(xmlValue(xml, 'error-message'));
  }

  test('manifest that breaks the schema -> 400 SCHEMA_VALIDATION_ERROR', async () => {
    const manifest = portalManifestXml(sb.org).replace('<title>Test job</title>', '<title>Test job</title><unexpected/>');
    await expectError(await sb.create('portal', portalRequestXml(), await sb.bundle(manifest, [{ fileName: 'document.pdf', bytes: pdf }])), 400, 'SCHEMA_VALIDATION_ERROR');
  });

  test('request XML that breaks the schema -> 400 SCHEMA_VALIDATION_ERROR', async () => {
    const bundle = await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]);
    await expectError(await sb.create('portal', portalRequestXml({ reference: 'x'.repeat(51) }), bundle), 400, 'SCHEMA_VALIDATION_ERROR');
  });

  test('a direct manifest posted to the portal endpoint -> 400 SCHEMA_VALIDATION_ERROR', async () => {
    const bundle = await sb.bundle(directManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]);
    await expectError(await sb.create('portal', portalRequestXml(), bundle), 400, 'SCHEMA_VALIDATION_ERROR');
  });

  test('tampered bundle: a changed document byte', async () => {
    const good = await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]);
    const bad = await rezip(good, (name, bytes) => {
      if (name !== 'document.pdf') return bytes;
      const copy = Buffer.from(bytes);
      copy[200] ^= 0x01;
      return copy;
    });
    await expectError(await sb.create('portal', portalRequestXml(), bad), 400);
  });

  test('tampered bundle: a changed manifest', async () => {
    const good = await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]);
    const bad = await rezip(good, (name, bytes) => (name === 'manifest.xml' ? Buffer.from(bytes.toString().replace('Test job', 'Evil job')) : bytes));
    await expectError(await sb.create('portal', portalRequestXml(), bad), 400);
  });

  test('tampered bundle: a foreign signing certificate', async () => {
    const foreign = await createForeignClientCertificate(path.join(sb.dir, 'foreign2'), sb.org);
    const bundle = await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }], foreign);
    await expectError(await sb.create('portal', portalRequestXml(), bundle), 400, 'UNTRUSTED_CERTIFICATE');
  });

  test('more than 90 days available', async () => {
    const bundle = await sb.bundle(portalManifestXml(sb.org, { availableSeconds: 7_776_001 }), [{ fileName: 'document.pdf', bytes: pdf }]);
    await expectError(await sb.create('portal', portalRequestXml(), bundle), 400, 'INVALID_AVAILABLE_SECONDS');
  });

  test('lookup notifications combined with on-behalf-of OTHER', async () => {
    const manifest = withSender(example('portal/manifest-specify-on-behalf-of.xml'), sb.org).replace('<on-behalf-of>SELF</on-behalf-of>', '<on-behalf-of>OTHER</on-behalf-of>');
    assert.ok(manifest.includes('OTHER'));
    const bundle = await sb.bundle(manifest, [{ fileName: 'document.pdf', bytes: pdf }]);
    await expectError(await sb.create('portal', portalRequestXml(), bundle), 400, 'INVALID_NOTIFICATIONS');
  });

  test('encrypted and broken PDFs', async () => {
    const plain = path.join(sb.dir, 'plain.pdf');
    const locked = path.join(sb.dir, 'locked.pdf');
    writeFileSync(plain, pdf);
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, locked]);
    const encrypted = await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: readFileSync(locked) }]);
    await expectError(await sb.create('portal', portalRequestXml(), encrypted), 400, 'ENCRYPTED_DOCUMENT');
    const broken = await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: Buffer.from('%PDF-1.7\ngarbage') }]);
    await expectError(await sb.create('portal', portalRequestXml(), broken), 400, 'INVALID_DOCUMENT');
  });

  test('a document the manifest names is missing from the bundle', async () => {
    const bundle = await sb.bundle(portalManifestXml(sb.org, { documents: ['document.pdf', 'other.pdf'] }), [{ fileName: 'document.pdf', bytes: pdf }]);
    await expectError(await sb.create('portal', portalRequestXml(), bundle), 400);
  });
});

describe('portal lifecycle', () => {
  test('cancel answers 204, then 409; unsigned signers are CANCELLED', async () => {
    const id = await createPortal(portalManifestXml(sb.org, { signers: ['12345678910', '10987654321'] }));
    assert.equal((await sb.control('POST', `/jobs/${id}/signers/0/sign`)).status, 200);
    const cancel = await sb.api('POST', `/${sb.org}/portal/signature-jobs/${id}/cancel`);
    assert.equal(cancel.status, 204);
    const again = await sb.api('POST', `/${sb.org}/portal/signature-jobs/${id}/cancel`);
    assert.equal(again.status, 409);
    await validXml(again);
    const job = (await sb.control<{ status: string; signers: { status: string }[] }>('GET', `/jobs/${id}`)).json;
    assert.equal(job.status, 'FAILED');
    assert.deepEqual(job.signers.map((s) => s.status), ['SIGNED', 'CANCELLED']);
  });

  test('order groups activate one after another; rejection ends the job', async () => {
    const id = await createPortal(portalManifestXml(sb.org, { signers: ['12345678910', '10987654321', '01013300001'], orders: [1, 2, 3] }));
    const early = await sb.control('POST', `/jobs/${id}/signers/1/sign`);
    assert.equal(early.status, 409);
    assert.equal((await sb.control('POST', `/jobs/${id}/signers/0/sign`)).status, 200);
    const rejected = await sb.control<{ job: { status: string; signers: { status: string }[] } }>('POST', `/jobs/${id}/signers/1/reject`);
    assert.equal(rejected.json.job.status, 'FAILED');
    assert.deepEqual(rejected.json.job.signers.map((s) => s.status), ['SIGNED', 'REJECTED', 'NOT_APPLICABLE']);
  });

  test('expiry on the sandbox clock: active step EXPIRED, later steps NOT_APPLICABLE', async () => {
    const id = await createPortal(portalManifestXml(sb.org, { signers: ['12345678910', '10987654321'], orders: [0, 1], availableSeconds: 120 }));
    await sb.control('POST', '/clock/advance', { seconds: 60 });
    assert.equal((await sb.control<{ status: string }>('GET', `/jobs/${id}`)).json.status, 'IN_PROGRESS');
    await sb.control('POST', '/clock/advance', { seconds: 61 });
    const job = (await sb.control<{ status: string; signers: { status: string }[] }>('GET', `/jobs/${id}`)).json;
    assert.equal(job.status, 'FAILED');
    assert.deepEqual(job.signers.map((s) => s.status), ['EXPIRED', 'NOT_APPLICABLE']);
  });

  test('control expire', async () => {
    const id = await createPortal();
    const res = await sb.control<{ job: { status: string; signers: { status: string }[] } }>('POST', `/jobs/${id}/expire`);
    assert.equal(res.json.job.signers[0].status, 'EXPIRED');
  });

  test('downloads and deleting documents (only 24 h after completion)', async () => {
    const id = await createPortal();
    const notYet = await sb.api('DELETE', `/${sb.org}/portal/signature-jobs/${id}/documents`);
    assert.equal(notYet.status, 409);
    await validXml(notYet);
    await sb.control('POST', `/jobs/${id}/signers/0/sign`);
    const pades = await sb.api('GET', `/${sb.org}/portal/signature-jobs/${id}/pades`);
    assert.equal(pades.status, 200);
    assert.equal(pades.body.subarray(0, 5).toString(), '%PDF-');
    const tooEarly = await sb.api('DELETE', `/${sb.org}/portal/signature-jobs/${id}/documents`);
    assert.equal(tooEarly.status, 409);
    await sb.control('POST', '/clock/advance', { seconds: 24 * 3600 });
    const deleted = await sb.api('DELETE', `/${sb.org}/portal/signature-jobs/${id}/documents`);
    assert.equal(deleted.status, 204);
    const gone = await sb.api('GET', `/${sb.org}/portal/signature-jobs/${id}/pades`);
    assert.equal(gone.status, 404);
    await validXml(gone);
  });
});

describe('direct flow', () => {
  test('redirect once, new redirect URL with and without body, token status, confirm', async () => {
    const res = await sb.create('direct', directRequestXml({ reference: 'D-1' }), await sb.bundle(directManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]));
    const xml = await validXml(res);
    const id = xmlValue(xml, 'signature-job-id')!;
    const statusUrl = xmlValue(xml, 'status-url')!;
    const signerHref = /<signer href="([^"]+)"/.exec(xml)![1];
    const redirect = xmlValues(xml, 'redirect-url')[0];

    // Without a token before anyone has finished: too early. A token the job never issued: refused.
    const early = await sb.api('GET', statusUrl);
    assert.equal(early.status, 404);
    assert.equal(xmlValue(await validXml(early), 'error-code'), 'SIGNING_CEREMONY_NOT_COMPLETED');
    const wrongEarly = await sb.api('GET', `${statusUrl}?status_query_token=nope`);
    assert.equal(wrongEarly.status, 403);
    assert.equal(xmlValue(await validXml(wrongEarly), 'error-code'), 'INVALID_STATUS_QUERY_TOKEN');

    const first = await fetch(redirect, { redirect: 'manual' });
    assert.equal(first.status, 303);
    const second = await fetch(redirect, { redirect: 'manual' });
    assert.equal(second.status, 410);

    const withBody = await sb.api('POST', signerHref, {
      body: '<direct-signer-update-request xmlns="http://signering.posten.no/schema/v1"><redirect-url/></direct-signer-update-request>',
      headers: { 'content-type': 'application/xml; charset=UTF-8', 'content-encoding': 'UTF-8' },
    });
    assert.equal(withBody.status, 200, withBody.text);
    const fresh = xmlValue(await validXml(withBody), 'redirect-url')!;
    assert.notEqual(fresh, redirect);
    const withoutBody = await sb.api('POST', signerHref);
    assert.equal(withoutBody.status, 200);
    await validXml(withoutBody);

    const signed = await sb.control<{ redirect: string }>('POST', `/jobs/${id}/signers/0/sign`);
    const exit = new URL(signed.json.redirect);
    assert.equal(`${exit.origin}${exit.pathname}`, 'https://sender.example/done');
    const token = exit.searchParams.get('status_query_token')!;
    assert.ok(token);

    const wrong = await sb.api('GET', `${statusUrl}?status_query_token=wrong`);
    assert.equal(wrong.status, 403);
    assert.equal(xmlValue(await validXml(wrong), 'error-code'), 'INVALID_STATUS_QUERY_TOKEN');
    const status = await sb.api('GET', `${statusUrl}?status_query_token=${encodeURIComponent(token)}`);
    assert.equal(status.status, 200);
    const statusXml = await validXml(status);
    assert.equal(xmlValue(statusXml, 'signature-job-status'), 'COMPLETED_SUCCESSFULLY');
    assert.match(statusXml, /<status signer="12345678910" since="[^"]+">SIGNED<\/status>/);
    assert.match(statusXml, /<xades-url signer="12345678910">/);
    const xades = await sb.api('GET', xmlValue(statusXml, 'xades-url')!);
    assert.equal(xades.status, 200);
    const confirm = await sb.api('POST', xmlValue(statusXml, 'confirmation-url')!);
    assert.equal(confirm.status, 200);
  });

  test('POLLING jobs have no status-url and their changes are on the direct queue', async () => {
    const res = await sb.create('direct', directRequestXml({ polling: true, queue: 'direct-q' }), await sb.bundle(directManifestXml(sb.org, ['12345678910', 'custom-signer']), [{ fileName: 'document.pdf', bytes: pdf }]));
    const xml = await validXml(res);
    assert.equal(xmlValue(xml, 'status-url'), undefined);
    const id = xmlValue(xml, 'signature-job-id')!;
    const rejected = await sb.control<{ redirect: string }>('POST', `/jobs/${id}/signers/1/reject`);
    assert.match(rejected.json.redirect, /^https:\/\/sender\.example\/rejected\?status_query_token=/);
    const poll = await sb.api('GET', `/${sb.org}/direct/signature-jobs?polling_queue=direct-q`);
    assert.equal(poll.status, 200);
    const pollXml = await validXml(poll);
    assert.equal(xmlValue(pollXml, 'signature-job-status'), 'FAILED');
    assert.deepEqual(xmlValues(pollXml, 'status'), ['NOT_APPLICABLE', 'REJECTED']);
  });

  test('cancel does not exist for direct jobs', async () => {
    const res = await sb.create('direct', directRequestXml(), await sb.bundle(directManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]));
    const id = xmlValue(await validXml(res), 'signature-job-id');
    const cancel = await sb.api('POST', `/${sb.org}/direct/signature-jobs/${id}/cancel`);
    assert.equal(cancel.status, 404);
    await validXml(cancel);
  });
});

describe('faults', () => {
  test('status, garbage, reset and delay faults hit matching requests `times` times', async () => {
    const probe = `/${sb.org}$`;
    assert.equal((await sb.control('POST', '/faults', { match: `GET /api${probe}`, kind: 'status', status: 503, times: 1 })).status, 201);
    const failed = await sb.api('GET', `/${sb.org}`);
    assert.equal(failed.status, 503);
    await validXml(failed);
    assert.equal((await sb.api('GET', `/${sb.org}`)).status, 200);

    await sb.control('POST', '/faults', { match: `GET /api${probe}`, kind: 'garbage', times: 1 });
    const garbage = await sb.api('GET', `/${sb.org}`);
    assert.equal(garbage.status, 200);
    assert.doesNotMatch(garbage.text, /^You are/);

    await sb.control('POST', '/faults', { match: `GET /api${probe}`, kind: 'reset' });
    await assert.rejects(sb.api('GET', `/${sb.org}`));
    await assert.rejects(sb.api('GET', `/${sb.org}`));
    assert.equal((await sb.control('DELETE', '/faults')).status, 200);
    assert.equal((await sb.api('GET', `/${sb.org}`)).status, 200);

    await sb.control('POST', '/faults', { match: `GET /api${probe}`, kind: 'delay', delayMs: 300, times: 1 });
    const started = Date.now();
    assert.equal((await sb.api('GET', `/${sb.org}`)).status, 200);
    assert.ok(Date.now() - started >= 290);
  });

  test('bad fault specs are refused', async () => {
    assert.equal((await sb.control('POST', '/faults', { match: 'nonsense', kind: 'status' })).status, 400);
  });
});

describe('direct flow: error exit', () => {
  test('a signer whose job ended under them is sent to the error URL with a status_query_token', async () => {
    const res = await sb.create('direct', directRequestXml(), await sb.bundle(directManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]));
    const xml = await validXml(res);
    const id = xmlValue(xml, 'signature-job-id');
    const landing = await fetch(xmlValues(xml, 'redirect-url')[0], { redirect: 'manual' });
    const session = new URL(landing.headers.get('location')!, sb.info.controlUrl).toString();
    await sb.control('POST', `/jobs/${id}/expire`);
    const exit = await fetch(session, { redirect: 'manual' });
    assert.equal(exit.status, 303);
    const location = new URL(exit.headers.get('location')!);
    assert.equal(location.pathname, '/error');
    const status = await sb.api('GET', `${xmlValue(xml, 'status-url')}?status_query_token=${encodeURIComponent(location.searchParams.get('status_query_token')!)}`);
    assert.match(await validXml(status), /<status signer="12345678910" since="[^"]+">EXPIRED<\/status>/);
  });
});

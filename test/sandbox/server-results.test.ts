import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestSandbox, portalManifestXml, portalRequestXml, samplePdf, validXml, xmlValue, xmlValues } from './server-helpers';

test('two signers: PAdES with two valid signatures, each XAdES verifies with xmlsec1; state survives a restart', async () => {
  let sb = await TestSandbox.start();
  const dir = sb.dir;
  try {
    const pdf = await samplePdf('Two-signer agreement');
    const res = await sb.create('portal', portalRequestXml({ reference: 'two-signers' }), await sb.bundle(portalManifestXml(sb.org, { signers: ['12345678910', '10987654321'], orders: [1, 2] }), [{ fileName: 'document.pdf', bytes: pdf }]));
    const id = xmlValue(await validXml(res), 'signature-job-id')!;
    await sb.control('POST', `/jobs/${id}/signers/0/sign`);
    await sb.control('POST', `/jobs/${id}/signers/1/sign`);

    // one delivery fetched (hidden), one still queued, and a moved clock: all must survive the restart
    const first = await validXml(await sb.api('GET', `/${sb.org}/portal/signature-jobs`));
    assert.equal(xmlValue(first, 'status'), 'IN_PROGRESS');
    await sb.control('POST', '/clock/advance', { seconds: 3600 });
    const clockBefore = Date.parse((await sb.control<{ now: string }>('GET', '/clock')).json.now);
    const portless = (value: unknown, origin: string) => JSON.parse(JSON.stringify(value).replaceAll(origin, 'WEB'));
    const jobsBefore = portless((await sb.control('GET', '/jobs')).json, sb.info.controlUrl);
    await sb.close();

    sb = await TestSandbox.start({}, dir);
    assert.deepEqual(portless((await sb.control('GET', '/jobs')).json, sb.info.controlUrl), jobsBefore);
    const clockAfter = Date.parse((await sb.control<{ now: string }>('GET', '/clock')).json.now);
    assert.ok(clockAfter >= clockBefore && clockAfter - clockBefore < 60_000, 'clock offset kept');
    const second = await sb.api('GET', `/${sb.org}/portal/signature-jobs`);
    const completed = await validXml(second);
    assert.equal(xmlValue(completed, 'status'), 'COMPLETED_SUCCESSFULLY', 'the hidden delivery stays hidden, the queued one is next');

    const pades = await sb.api('GET', xmlValue(completed, 'pades-url')!);
    assert.equal(pades.status, 200);
    assert.equal(pades.headers['content-type'], 'application/octet-stream');
    const work = path.join(dir, 'check');
    mkdirSync(work, { recursive: true });
    const padesFile = path.join(work, 'result.pdf');
    writeFileSync(padesFile, pades.body);
    const nss = path.join(work, 'nss');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'sandbox-root', '-t', 'CT,C,C', '-a', '-i', path.join(sb.pki.dir, 'root.cert.pem')]);
    const pdfsig = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, padesFile], { encoding: 'utf8' });
    assert.equal((pdfsig.stdout.match(/Signature is Valid\./g) ?? []).length, 2, pdfsig.stdout + pdfsig.stderr);
    const qpdf = spawnSync('qpdf', ['--check', padesFile], { encoding: 'utf8' });
    assert.equal(qpdf.status, 0, qpdf.stdout + qpdf.stderr);

    writeFileSync(path.join(work, 'document.pdf'), pdf);
    const xadesUrls = xmlValues(completed, 'xades-url');
    assert.equal(xadesUrls.length, 2);
    for (const [i, url] of xadesUrls.entries()) {
      const xades = await sb.api('GET', url);
      assert.equal(xades.status, 200);
      const file = path.join(work, `xades-${i}.xml`);
      writeFileSync(file, xades.body);
      const verify = spawnSync(
        'xmlsec1',
        ['--verify', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--trusted-pem', path.join(sb.pki.dir, 'root.cert.pem'), '--untrusted-pem', path.join(sb.pki.dir, 'intermediate.cert.pem'), file],
        { cwd: work, encoding: 'utf8' },
      );
      assert.equal(verify.status, 0, verify.stderr);
    }
  } finally {
    await sb.dispose();
  }
});

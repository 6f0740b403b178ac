// The control API listens on 127.0.0.1, where every web page the user opens can send it requests.
// A browser can send a form or a text/plain body to another origin without asking (no preflight),
// and it names the page's origin when it does: both are refused, while tools and the sandbox's own
// pages keep working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { TestSandbox, portalManifestXml, portalRequestXml, samplePdf, validXml, xmlValue } from './server-helpers';

let sb: TestSandbox;
let jobId: string;

before(async () => {
  sb = await TestSandbox.start();
  const created = await sb.create('portal', portalRequestXml(), await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: await samplePdf() }]));
  assert.equal(created.status, 200, created.text);
  jobId = xmlValue(await validXml(created), 'signature-job-id')!;
});
after(() => sb.dispose());

async function send(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}) {
  const response = await request(`${sb.info.controlUrl}${path}`, { method: method as 'POST', headers: options.headers, body: options.body });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const signerStatus = async () => ((await send('GET', `/jobs/${jobId}`)).json.signers as { status: string }[])[0].status;
const autosign = async () => (await send('GET', '/autosign')).json.afterSeconds;

describe('the control API refuses what a foreign web page can send', () => {
  test('a text/plain or form body is refused with 415 and changes nothing', async () => {
    const clockBefore = (await send('GET', '/clock')).json.now as string;
    const plain = await send('POST', '/autosign', { headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '{"afterSeconds":0}' });
    assert.equal(plain.status, 415);
    assert.equal(plain.json.error, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(String(plain.json.message), /must be JSON, sent with Content-Type: application\/json/);
    assert.equal(await autosign(), null);

    const form = await send('POST', '/clock/advance', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'seconds=86400' });
    assert.equal(form.status, 415);
    // A form with no fields still names its type: refused too.
    const emptyForm = await send('POST', `/jobs/${jobId}/signers/0/sign`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(emptyForm.status, 415);
    assert.equal(await signerStatus(), 'WAITING');
    const clockAfter = (await send('GET', '/clock')).json.now as string;
    assert.ok(new Date(clockAfter).getTime() - new Date(clockBefore).getTime() < 3_600_000, `${clockBefore} -> ${clockAfter}`);

    const plainDelete = await send('DELETE', '/faults', { headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(plainDelete.status, 415);
  });

  test('a request from another origin is refused with 403, also with a JSON body and for reading', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${Number(new URL(sb.info.controlUrl).port) + 1}`]) {
      const posted = await send('POST', '/autosign', { headers: { origin, 'content-type': 'application/json' }, body: '{"afterSeconds":0}' });
      assert.equal(posted.status, 403, origin);
      assert.equal(posted.json.error, 'FOREIGN_ORIGIN');
      const signed = await send('POST', `/jobs/${jobId}/signers/0/sign`, { headers: { origin } });
      assert.equal(signed.status, 403, origin);
      assert.equal((await send('GET', '/jobs', { headers: { origin } })).status, 403, origin);
    }
    assert.equal(await autosign(), null);
    assert.equal(await signerStatus(), 'WAITING');
  });

  test('tools without an Origin and the sandbox\'s own pages still get through', async () => {
    const control = new URL(sb.info.controlUrl);
    const own = await send('POST', '/autosign', { headers: { origin: control.origin, 'content-type': 'application/json; charset=utf-8' }, body: '{"afterSeconds":600}' });
    assert.equal(own.status, 200);
    assert.equal(own.json.afterSeconds, 600);
    const byName = await send('DELETE', '/autosign', { headers: { origin: `http://localhost:${control.port}` } });
    assert.equal(byName.status, 200);
    assert.equal(await autosign(), null);
    // A bodyless POST needs no type.
    const signed = await send('POST', `/jobs/${jobId}/signers/0/sign`);
    assert.equal(signed.status, 200);
    assert.equal(await signerStatus(), 'SIGNED');
    // As the tests and the app call it: fetch with a JSON body.
    const advanced = await sb.control('POST', '/clock/advance', { seconds: 1 });
    assert.equal(advanced.status, 200);
  });
});

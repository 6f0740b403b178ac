import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, TridentTest, processJson, samplePdf, RESOURCES } from './trident-helpers';

const t = await TridentTest.start();
test.after(() => t.dispose());
const UI = `${RESOURCES}/ui`;

interface Created {
  id: string;
  taskUrl: string;
  documentUrl: string;
}

async function create(overrides: Record<string, unknown> = {}, pdf?: Buffer): Promise<Created> {
  const reply = await t.createSingle(processJson(overrides), pdf ?? (await samplePdf()));
  assert.equal(reply.status, 201, reply.text);
  const view = reply.json as { id: string; tasks: { pending: { url: string }[] }; documents: { url: string }[] };
  return { id: view.id, taskUrl: view.tasks.pending[0].url, documentUrl: view.documents[0].url };
}

test('task page → choose → agree → Sign: PAdES that pdfsig verifies, and a 302 to the callback keeping its own query', async () => {
  const callback = 'http://127.0.0.1:9/r/Tok3n?job=J42&state=a%20b&empty=#frag';
  const process = await create({ finish_callback_url: callback });
  const browser = new Browser(t);
  const first = await browser.get(process.taskUrl);
  assert.equal(first.status, 200);
  assert.match(first.headers['content-type'], /^text\/html/);
  assert.deepEqual(Browser.identityChoices(first.text), ['kari-nordmann-mobile', 'kari-nordmann-server', 'ola-nordmann-server']);

  const signPage = await browser.choose(process.taskUrl, 'kari-nordmann-mobile');
  assert.equal(signPage.status, 200);
  assert.match(signPage.text, /name="agreed"/, 'the agreement page for a mobile identity');
  assert.deepEqual(Browser.formActions(signPage.text).filter((a) => a.startsWith(UI)), [`${UI}/sign`, `${UI}/cancel`, `${UI}/fail`]);
  const afterChoice = (await t.api('GET', `/signer_processes/${process.id}`)).json as { signing_information?: { labels: string[]; sign_identity: { id: string } } };
  assert.equal(afterChoice.signing_information?.sign_identity.id, 'kari-nordmann-mobile');
  assert.deepEqual(afterChoice.signing_information?.labels, ['sandbox', 'mobile', 'qualified']);

  const signed = await browser.post(`${UI}/sign`, { ...Browser.hiddenFields(signPage.text), agreed: 'yes' });
  assert.equal(signed.status, 302);
  assert.equal(signed.headers.location, `http://127.0.0.1:9/r/Tok3n?job=J42&state=a%20b&empty=&status=finished&signer_process_id=${process.id}#frag`);

  assert.deepEqual((await t.api('GET', `/signer_processes/${process.id}/result`)).json, { status: 'finished' });
  const pdf = (await t.api('GET', `${process.documentUrl}/content`)).body;
  const report = await t.pdfsig(pdf);
  assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 1, report);
  assert.match(report, /Certificate Validation: Certificate is Trusted\./);
  assert.match(report, /Signature Type: ETSI\.CAdES\.detached/);
  assert.match(report, /Common Name: Kari Nordmann/);
  assert.match(report, /Total document signed/);

  // the page of an ended process says so, with the way back
  const ended = await browser.get(process.taskUrl);
  assert.equal(ended.status, 200);
  assert.match(ended.text, /This signing has ended/);
  assert.ok(ended.text.includes('status=finished'), ended.text);
  assert.equal((await browser.post(`${UI}/sign`, { signerProcessId: process.id, agreed: 'yes' })).status, 200, 'signing again only shows the ended page');
});

test('a callback without a query gets one; an unknown process is a 404 page', async () => {
  const process = await create({ finish_callback_url: 'https://app.example/done' });
  const browser = new Browser(t);
  const page = await browser.choose(process.taskUrl, 'ola-nordmann-server');
  const canceled = await browser.post(`${UI}/cancel`, Browser.hiddenFields(page.text));
  assert.equal(canceled.status, 302);
  assert.equal(canceled.headers.location, `https://app.example/done?status=canceled&signer_process_id=${process.id}`);
  assert.deepEqual((await t.api('GET', `/signer_processes/${process.id}/result`)).json, { status: 'canceled' });
  assert.equal((await browser.get(`${UI}?signerProcessId=nope`)).status, 404);
  assert.equal((await browser.get(UI)).status, 404);
});

test('Fail on the identity page ends the process as failed', async () => {
  const process = await create();
  const browser = new Browser(t);
  const page = await browser.get(process.taskUrl);
  const failed = await browser.post(`${UI}/fail`, Browser.hiddenFields(page.text));
  assert.equal(failed.status, 302);
  assert.match(failed.headers.location, new RegExp(`\\?job=J42&status=failed&signer_process_id=${process.id}$`));
  const result = (await t.api('GET', `/signer_processes/${process.id}/result`)).json as { status: string; details: { message: string } };
  assert.equal(result.status, 'failed');
  assert.ok(result.details.message);
});

test('labels are an OR of ANDs: only the identities that have every label of some set are offered', async () => {
  const process = await create({ labels: [['server', 'advanced'], ['mobile']] });
  const page = await new Browser(t).get(process.taskUrl);
  assert.deepEqual(Browser.identityChoices(page.text), ['kari-nordmann-mobile', 'ola-nordmann-server']);
  const refused = await new Browser(t).post(`${UI}/identity`, { signerProcessId: process.id, identity: 'kari-nordmann-server' });
  assert.equal(refused.status, 400, 'an identity the labels exclude cannot be chosen');
  assert.equal((await t.api('GET', `/signer_processes/${process.id}/result`)).status, 404, 'still running');
});

test('labels that match no identity fail the process: the task page sends the browser back with status=failed', async () => {
  const process = await create({ labels: [['server', 'mobile'], ['nobody']] });
  const reply = await new Browser(t).get(process.taskUrl);
  assert.equal(reply.status, 302);
  assert.equal(reply.headers.location, `http://127.0.0.1:9/callback?job=J42&status=failed&signer_process_id=${process.id}`);
  const result = (await t.api('GET', `/signer_processes/${process.id}/result`)).json as { status: string; details: { message: string } };
  assert.equal(result.status, 'failed');
  assert.match(result.details.message, /IncorrectSignIdentitySelectorsException/);
  const documents = (await t.api('GET', `/signer_processes/${process.id}/documents`)).json.documents as { result: { status: string } }[];
  assert.equal(documents[0].result.status, 'failed');

  // the same through the control API (a person who never opens the page still gets a result)
  const other = await create({ labels: [['nobody']] });
  const signed = await t.control<{ redirect: string }>('POST', `/processes/${other.id}/sign`);
  assert.match(signed.json.redirect, /status=failed/);
});

test('the agreement page: skipped for a server identity when skip_server_id, shown otherwise; Sign without agreeing is refused', async () => {
  const skip = { views: { document_agreement: { skip_server_id: true } } };
  const browser = new Browser(t);

  const server = await create(skip);
  const serverPage = await browser.choose(server.taskUrl, 'kari-nordmann-server');
  assert.doesNotMatch(serverPage.text, /name="agreed"/);
  assert.match(serverPage.text, /id="agreement-skipped"/);
  const signed = await browser.post(`${UI}/sign`, Browser.hiddenFields(serverPage.text));
  assert.equal(signed.status, 302, 'signed with no agreement');
  assert.match(signed.headers.location, /status=finished/);

  const mobile = await create(skip);
  const mobilePage = await browser.choose(mobile.taskUrl, 'kari-nordmann-mobile');
  assert.match(mobilePage.text, /name="agreed"/, 'a mobile identity always agrees');

  const asString = await create({ views: { document_agreement: { skip_server_id: 'true' } } });
  assert.doesNotMatch((await browser.choose(asString.taskUrl, 'ola-nordmann-server')).text, /name="agreed"/, 'UAE PASS clients send "true"');

  const info = Buffer.from('<h1>Employment contract</h1><p>Read all <b>three</b> pages.</p><script>alert(1)</script>').toString('base64');
  const noSkip = await create({ views: { document_agreement: { document_info: { html_body_content: info } } } });
  const noSkipPage = await browser.choose(noSkip.taskUrl, 'ola-nordmann-server');
  assert.match(noSkipPage.text, /name="agreed"/, 'without skip_server_id a server identity agrees too');
  assert.match(noSkipPage.text, /<iframe class="agreement"[^>]* sandbox /);
  const frame = await browser.get(`${UI}/agreement?signerProcessId=${noSkip.id}`);
  assert.match(frame.text, /<h1>Employment contract<\/h1><p>Read all <b>three<\/b> pages.<\/p>/);
  assert.match(frame.headers['content-security-policy'], /default-src 'none'.*sandbox/);
  const document = await browser.get(`${UI}/documents/${noSkipPage.text.match(/\/ui\/documents\/([a-z2-7]+)/)?.[1]}?signerProcessId=${noSkip.id}`);
  assert.equal(document.headers['content-type'], 'application/pdf');

  const refused = await browser.post(`${UI}/sign`, Browser.hiddenFields(noSkipPage.text));
  assert.equal(refused.status, 400);
  assert.match(refused.text, /role="alert">Tick the box/);
  assert.equal((await t.api('GET', `/signer_processes/${noSkip.id}/result`)).status, 404, 'nothing signed');
});

test('ui_locales picks the page language (nb or en); without it, Accept-Language does', async () => {
  const norwegian = await create({ ui_locales: ['nb_NO', 'en_US'] });
  const page = await new Browser(t, 'en-US,en').get(norwegian.taskUrl);
  assert.match(page.text, /<html lang="nb">/);
  assert.match(page.text, /Velg hvordan du signerer/);
  assert.match(page.text, />Avbryt</);

  const fallback = await create({ ui_locales: ['es_ES', 'en_GB'] });
  assert.match((await new Browser(t, 'nb').get(fallback.taskUrl)).text, /<html lang="en">[\s\S]*Choose how you sign/);

  const browserChooses = await create({ ui_locales: undefined });
  const nb = new Browser(t, 'de;q=0.9, nb-NO;q=0.8, en;q=0.5');
  const signPage = await nb.choose(browserChooses.taskUrl, 'kari-nordmann-mobile');
  assert.match(signPage.text, /<html lang="nb">[\s\S]*Jeg har lest dokumentene/);
  const refused = await nb.post(`${UI}/sign`, Browser.hiddenFields(signPage.text));
  assert.match(refused.text, /Kryss av for å bekrefte/);
});

test('a second process given the first one\'s signed PDF adds a second signature; pdfsig finds both valid', async () => {
  const first = await create({}, await samplePdf('Two signers in order'));
  await t.control('POST', `/processes/${first.id}/sign`, { identity: 'ola-nordmann-server' });
  const once = (await t.api('GET', `${first.documentUrl}/content`)).body;

  const second = await create({}, once);
  const browser = new Browser(t);
  const page = await browser.choose(second.taskUrl, 'kari-nordmann-mobile');
  const signed = await browser.post(`${UI}/sign`, { ...Browser.hiddenFields(page.text), agreed: 'yes' });
  assert.match(signed.headers.location, /status=finished/);
  const twice = (await t.api('GET', `${second.documentUrl}/content`)).body;
  assert.ok(twice.subarray(0, once.length).equals(once), 'an incremental update: the first signer\'s bytes are untouched');
  const report = await t.pdfsig(twice);
  assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 2, report);
  assert.equal(report.match(/Certificate is Trusted/g)?.length, 2, report);
  assert.match(report, /Signature #1:[\s\S]*Common Name: Ola Nordmann[\s\S]*Signature #2:[\s\S]*Common Name: Kari Nordmann/);
});

test('autosign (for the demo): a running process signs itself after the set time on the sandbox clock', async () => {
  const process = await create({ labels: [['advanced']] });
  assert.equal((await t.control('POST', '/autosign', { afterSeconds: 30 })).status, 200);
  try {
    assert.equal((await t.api('GET', `/signer_processes/${process.id}/result`)).status, 404);
    await t.control('POST', '/clock/advance', { seconds: 30 });
    assert.deepEqual((await t.api('GET', `/signer_processes/${process.id}/result`, { token: await t.newToken() })).json, { status: 'finished' });
    const view = (await t.api('GET', `/signer_processes/${process.id}`, { token: await t.newToken() })).json as { signing_information: { sign_identity: { id: string } } };
    assert.equal(view.signing_information.sign_identity.id, 'ola-nordmann-server', 'the first identity the labels match');
  } finally {
    await t.control('DELETE', '/autosign');
  }
});

test('browserPagesOnControlPort: task URLs on the plain-HTTP control port, where the same pages sign', async () => {
  const plain = await TridentTest.start({ trident: { browserPagesOnControlPort: true } });
  try {
    const reply = await plain.createSingle(processJson(), await samplePdf());
    const view = reply.json as { id: string; tasks: { pending: { url: string }[] }; documents: { url: string }[] };
    const controlOrigin = new URL(plain.sandbox.info.controlUrl).origin;
    assert.equal(view.tasks.pending[0].url, `${controlOrigin}${UI}?signerProcessId=${view.id}`);
    const browser = new Browser(plain);
    const page = await browser.choose(view.tasks.pending[0].url, 'ola-nordmann-server');
    const signed = await browser.post(`${controlOrigin}${UI}/sign`, { ...Browser.hiddenFields(page.text), agreed: 'yes' });
    assert.equal(signed.status, 302);
    assert.match(signed.headers.location, /status=finished/);
    assert.match(await plain.pdfsig((await plain.api('GET', `${view.documents[0].url}/content`)).body), /Signature is Valid/);
  } finally {
    await plain.dispose();
  }
});

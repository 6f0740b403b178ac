// The Rest PKI Core sandbox's signing page in Chromium: choosing a certificate, Sign and Cancel,
// and the return to the app's address with its own query and the session id.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { RestPkiTestSandbox, samplePdf } from './restpki-helpers';

let sb: RestPkiTestSandbox;
let browser: Browser;
let pdf: Buffer;

before(async () => {
  [sb, browser, pdf] = await Promise.all([
    RestPkiTestSandbox.start(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    samplePdf('Please sign this agreement'),
  ]);
});
after(async () => {
  await browser?.close();
  await sb?.dispose();
});

const APP = 'http://127.0.0.1:9/r/Zx9?job=J7';

test('a signer picks the certificate the session accepts, signs, and the browser returns to the app with signatureSessionId', async () => {
  const { sessionId, redirectUrl } = await sb.createSession([pdf], { returnUrl: APP, certificateRequirements: [{ type: 'Cpf', argument: '52998224725' }] });
  const page = await browser.newPage();
  try {
    await page.route('http://127.0.0.1:9/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Back in the app</h1>' }));
    await page.goto(redirectUrl);
    await page.getByRole('heading', { level: 1, name: 'Sign documents' }).waitFor();
    assert.ok(await page.getByRole('link', { name: 'document-1.pdf' }).isVisible());
    // the person who does not fit is refused, in words, and nothing is signed
    await page.getByLabel(/Maria da Silva/).check();
    await page.getByRole('button', { name: 'Sign' }).click();
    await page.getByRole('alert').filter({ hasText: 'accepts only the certificate of CPF 529.982.247-25' }).waitFor();
    assert.equal((await sb.session(sessionId)).status, 'Pending');

    await page.getByLabel(/João Pereira Souza/).check();
    await page.getByRole('button', { name: 'Sign' }).click();
    await page.getByRole('heading', { name: 'Back in the app' }).waitFor();
    assert.equal(page.url(), `${APP}&signatureSessionId=${sessionId}`);
    assert.equal((await sb.session(sessionId)).signerCertificate?.pkiBrazil?.cpf, '52998224725');
  } finally {
    await page.close();
  }
});

test('Cancel returns to the app too, and the session is UserCancelled', async () => {
  const { sessionId, redirectUrl } = await sb.createSession([pdf], { returnUrl: APP });
  const page = await browser.newPage();
  try {
    await page.route('http://127.0.0.1:9/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Back in the app</h1>' }));
    await page.goto(redirectUrl);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Back in the app' }).waitFor();
    assert.equal(page.url(), `${APP}&signatureSessionId=${sessionId}`);
    assert.equal((await sb.session(sessionId)).status, 'UserCancelled');
  } finally {
    await page.close();
  }
});

test('without a returnUrl the page ends saying the tab may be closed', async () => {
  const { sessionId, redirectUrl } = await sb.createSession([pdf], { enableBackgroundProcessing: true });
  const page = await browser.newPage();
  try {
    await page.goto(redirectUrl);
    await page.getByRole('button', { name: 'Sign' }).click();
    await page.getByText('You may close this tab.').waitFor();
    assert.equal((await sb.session(sessionId)).status, 'Processing');
  } finally {
    if (!page.isClosed()) await page.close();
  }
});

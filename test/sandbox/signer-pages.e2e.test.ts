import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { TestSandbox, directManifestXml, directRequestXml, portalManifestXml, portalRequestXml, samplePdf, validXml, xmlValue, xmlValues } from './server-helpers';

let sb: TestSandbox;
let browser: Browser;
let pdf: Buffer;

before(async () => {
  [sb, browser, pdf] = await Promise.all([
    TestSandbox.start(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
    samplePdf('Please sign this test agreement'),
  ]);
});
after(async () => {
  await browser?.close();
  await sb?.dispose();
});

test('a portal signer finds the job in their inbox, sees the PDF and signs', async () => {
  const res = await sb.create('portal', portalRequestXml(), await sb.bundle(portalManifestXml(sb.org, { signers: ['12345678910'] }), [{ fileName: 'document.pdf', bytes: pdf }]));
  const id = xmlValue(await validXml(res), 'signature-job-id');
  const page = await browser.newPage();
  try {
    await page.goto(sb.info.webRoot);
    await page.getByRole('link', { name: '12345678910' }).click();
    await page.getByRole('link', { name: 'Test job' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test job' }).waitFor();

    const frame = page.locator('iframe.document');
    const src = await frame.getAttribute('src');
    assert.ok(src);
    const shown = await page.request.get(new URL(src, page.url()).toString());
    assert.equal(shown.headers()['content-type'], 'application/pdf');
    assert.deepEqual(Buffer.from(await shown.body()), pdf);
    assert.ok(await page.getByRole('link', { name: /Download document\.pdf/ }).isVisible());

    await page.getByRole('button', { name: 'Sign' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed' }).waitFor();
    const job = (await sb.control<{ status: string; signers: { status: string }[] }>('GET', `/jobs/${id}`)).json;
    assert.equal(job.status, 'COMPLETED_SUCCESSFULLY');
    assert.equal(job.signers[0].status, 'SIGNED');
    assert.ok(await page.getByRole('link', { name: 'Download the signed PDF' }).isVisible());
  } finally {
    await page.close();
  }
});

test('a direct signer lands behind the one-time redirect URL, signs and is sent to the completion URL with a status_query_token', async () => {
  const res = await sb.create('direct', directRequestXml(), await sb.bundle(directManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]));
  const xml = await validXml(res);
  const redirect = xmlValues(xml, 'redirect-url')[0];
  const page = await browser.newPage();
  try {
    await page.route('https://sender.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Back at the sender</h1>' }));
    await page.goto(redirect);
    await page.locator('iframe.document').waitFor();
    await page.reload(); // the session survives a reload even though the link is used up
    await page.getByRole('button', { name: 'Sign' }).click();
    await page.waitForURL(/^https:\/\/sender\.example\/done\?status_query_token=/);
    const token = new URL(page.url()).searchParams.get('status_query_token')!;
    const status = await sb.api('GET', `${xmlValue(xml, 'status-url')}?status_query_token=${encodeURIComponent(token)}`);
    assert.equal(xmlValue(await validXml(status), 'signature-job-status'), 'COMPLETED_SUCCESSFULLY');

    const reused = await page.goto(redirect);
    assert.equal(reused?.status(), 410);
  } finally {
    await page.close();
  }
});

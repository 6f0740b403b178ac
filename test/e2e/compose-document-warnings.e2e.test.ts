// A PDF with JavaScript or embedded files may still be sent, but not without a word: compose says
// so at the document, in the user's language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, type AppFixture } from './support/browser';
import { dropFiles, openCompose, pdfFile } from './support/compose';
import { pdfWith } from '../support/active-pdf';

let app: AppFixture;

before(async () => {
  app = await openApp({ host: { demo: true, backgroundSync: false } });
  const language = await app.host.core.dispatch('settings.update', { language: 'en', theme: 'light' });
  assert.ok(language.ok);
});
after(async () => {
  await app?.close();
});

test('compose warns at a PDF with JavaScript or embedded files, and only there', { timeout: 60_000 }, async () => {
  const { page } = app;
  await openCompose(page);
  await dropFiles(page, [
    pdfFile('plain.pdf', await pdfWith('plain')),
    pdfFile('scripted.pdf', await pdfWith('javascript')),
    pdfFile('attachments.pdf', await pdfWith('embedded-file')),
  ]);
  const rows = page.getByTestId('document-row');
  await page.getByText('3 documents, 3 pages in all').waitFor();
  await rows.nth(1).getByText('This PDF contains JavaScript, which can run when a signer opens it. Send it only if you know why it is there.').waitFor();
  await rows.nth(2).getByText('This PDF has other files embedded in it, and the signers get them too. Send it only if they belong there.').waitFor();
  assert.equal(await rows.nth(0).getByTestId('document-warning').count(), 0, 'no warning at a plain PDF');
  assert.equal(await rows.nth(1).getByTestId('document-warning').count(), 1);
  assert.equal(await rows.nth(2).getByTestId('document-warning').count(), 1);
  assert.equal(await page.locator('.cmp-doc--problem').count(), 0, 'a warning does not stop the job');
  await page.screenshot({ path: screenshotPath('compose-document-warnings'), fullPage: true });

  await app.host.core.dispatch('settings.update', { language: 'nb' });
  await rows.nth(1).getByText('Denne PDF-en inneholder JavaScript, som kan kjøres når en undertegner åpner den.', { exact: false }).waitFor();
  assert.deepEqual(app.pageErrors, []);
});

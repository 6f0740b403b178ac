import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

process.env.LC_ALL = 'en_GB.UTF-8';

let app: AppFixture;

describe('adding a Posten account through the UI', { timeout: 90_000 }, () => {
  before(async () => {
    // The demo sandbox provides a real test PKI: its sender .p12, passphrase and CA file.
    app = await openApp({ host: { demo: true, backgroundSync: false } });
  });
  after(async () => {
    await app?.close();
  });

  test('required fields are checked next to each field, in the UI language', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    const form = page.getByRole('region', { name: 'Add a Posten signering account' });
    await form.getByRole('button', { name: 'Add account' }).click();
    const name = form.getByRole('textbox', { name: 'Name' });
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    await form.getByText('Give the account a name.').waitFor();
    await form.getByText('An organisation number has 9 digits.').waitFor();
    assert.equal(await name.evaluate((el) => el === document.activeElement), true, 'focus goes to the first field in error');
  });

  test('the CA file field shows for test and QA (required) and custom (optional), not for production', async () => {
    const form = app.page.getByRole('region', { name: 'Add a Posten signering account' });
    const caFile = form.getByLabel('CA certificate file');
    assert.equal(await caFile.count(), 0, 'production: publicly trusted roots');
    for (const environment of ['Test', 'QA']) {
      await form.getByRole('radio', { name: environment, exact: true }).check();
      await caFile.waitFor();
      await form.getByText('Required for test and QA: the PEM file with the test root certificates of Buypass or Commfides.').waitFor();
    }
    await form.getByRole('radio', { name: 'Custom' }).check();
    await form.getByText(/^Optional\. The PEM file of the certificate authority/).waitFor();
    await form.getByRole('radio', { name: 'Production' }).check();
    await caFile.waitFor({ state: 'detached' });
  });

  test('a test account without the CA file is refused at once, next to the field', async () => {
    const info = app.host.demo!.info;
    const form = app.page.getByRole('region', { name: 'Add a Posten signering account' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Difi test');
    await form.getByRole('radio', { name: 'Test', exact: true }).check();
    await form.getByRole('textbox', { name: 'Your organisation number' }).fill(info.senderOrganizationNumber);
    await form.getByLabel('Enterprise certificate (.p12 or .pfx)').setInputFiles(info.senderCertificate);
    await form.getByText('Chosen: sender.p12').waitFor();
    await form.getByLabel('Certificate passphrase').fill(info.senderCertificatePassword);
    await form.getByRole('button', { name: 'Add account' }).click();
    await form.getByText('The test and QA environments need the CA certificate file: their certificates do not come from a publicly trusted root.').waitFor();
    assert.equal(await form.getByLabel('CA certificate file').getAttribute('aria-invalid'), 'true');
    await app.page.screenshot({ path: screenshotPath('accounts-test-needs-ca'), fullPage: true });
  });

  test('a certificate of another organisation is refused naming both numbers; Test connection answers before saving', async () => {
    const { page } = app;
    const info = app.host.demo!.info;
    const form = page.getByRole('region', { name: 'Add a Posten signering account' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Sandbox (tested first)');
    await form.getByRole('radio', { name: 'Custom' }).check();
    await form.getByRole('textbox', { name: 'API root' }).fill(info.apiRoot);
    await form.getByLabel('CA certificate file').setInputFiles(info.caCertificate);
    await form.getByText('File loaded.').waitFor();
    await form.getByRole('textbox', { name: 'The service’s organisation number' }).fill(info.serverOrganizationNumber);
    await form.getByRole('textbox', { name: 'Your organisation number' }).fill('987 654 321');
    await form.getByRole('button', { name: 'Add account' }).click();
    const mismatch = 'The certificate belongs to org. no. 123 456 789, but the account is for 987 654 321.';
    await form.getByText(mismatch).waitFor();
    assert.equal(await form.getByLabel('Enterprise certificate (.p12 or .pfx)').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: screenshotPath('accounts-org-mismatch'), fullPage: true });

    await form.getByRole('textbox', { name: 'Your organisation number' }).fill(info.senderOrganizationNumber);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByRole('status').getByText('Connected: the service knows you as org. no. 123 456 789.').waitFor({ timeout: 20_000 });
    assert.equal(await form.getByText(mismatch).count(), 0);
    const accounts = app.host.core.db.prepare('SELECT name FROM accounts ORDER BY name').all() as { name: string }[];
    // The first start's demo accounts (Posten's and Rest PKI Core's), and nothing else.
    assert.deepEqual(accounts.map((a) => a.name), ['Demo (local sandbox)', 'Demo Rest PKI Core (local sandbox)'], 'testing stored nothing');

    await form.getByRole('textbox', { name: 'The service’s organisation number' }).fill('999999999');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const outcome = form.getByRole('status').filter({ hasText: 'not the signing service' });
    await outcome
      .getByText('The server at this address is not the signing service the account expects, so no data was sent. Check the API address and the service’s organisation number.')
      .waitFor({ timeout: 20_000 });
    const technical = outcome.getByText(/not the expected 999999999/);
    assert.equal(await technical.isVisible(), false, 'the technical reason waits behind Details');
    await outcome.getByText('Details').click();
    await technical.waitFor();
    await page.screenshot({ path: screenshotPath('accounts-test-connection-failed'), fullPage: true });
  });

  test('a wrong passphrase is shown at the passphrase field; the right one adds the account; the connection test succeeds', async () => {
    const { page } = app;
    const info = app.host.demo!.info;
    const form = page.getByRole('region', { name: 'Add a Posten signering account' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Sandbox (UI)');
    await form.getByRole('radio', { name: 'Custom' }).check();
    await form.getByRole('textbox', { name: 'API root' }).fill(info.apiRoot);
    await form.getByLabel('CA certificate file').setInputFiles(info.caCertificate);
    await form.getByRole('textbox', { name: 'The service’s organisation number' }).fill(info.serverOrganizationNumber);
    await form.getByRole('textbox', { name: 'Your organisation number' }).fill(info.senderOrganizationNumber);
    await form.getByLabel('Enterprise certificate (.p12 or .pfx)').setInputFiles(info.senderCertificate);
    await form.getByText('Chosen: sender.p12').waitFor();
    const passphrase = form.getByLabel('Certificate passphrase');
    await passphrase.fill('not the passphrase');
    await form.getByRole('button', { name: 'Add account' }).click();
    await form.getByText('The passphrase is wrong for this certificate file.').waitFor();
    assert.equal(await passphrase.getAttribute('aria-invalid'), 'true');
    const described = (await passphrase.getAttribute('aria-describedby')) ?? '';
    assert.match(await page.locator(`[id="${described.split(' ').pop()}"]`).innerText(), /passphrase is wrong/);
    await page.screenshot({ path: screenshotPath('accounts-wrong-passphrase'), fullPage: true });

    await passphrase.fill(info.senderCertificatePassword);
    await form.getByRole('button', { name: 'Add account' }).click();
    const detail = page.getByRole('region', { name: 'Sandbox (UI)' });
    await detail.waitFor();
    await detail.getByText(info.apiRoot).waitFor();
    await detail.locator('.badge').getByText('Valid', { exact: true }).waitFor();
    // The polling queue the core generated is shown and editable.
    assert.match(await detail.getByRole('textbox', { name: 'Polling queue' }).inputValue(), /^signing-desk-/);

    await detail.getByRole('button', { name: 'Test connection' }).click();
    await detail.getByRole('status').getByText('Connected: the service knows you as org. no. 123 456 789.').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('accounts-added'), fullPage: true });

    await detail.getByRole('textbox', { name: 'Name' }).fill('Sandbox (renamed)');
    await detail.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('region', { name: 'Sandbox (renamed)' }).getByText('Saved.').waitFor();
    await page.getByRole('cell', { name: 'Sandbox (renamed)', exact: true }).waitFor();
  });

  test('no errors in the page console', () => {
    assert.deepEqual(app.pageErrors, []);
  });
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-accounts-');
let sandbox: RunningSandbox;
let core: Core;

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  core = createTestCore(join(dir.path, 'app'));
});
after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

/** A self-made enterprise-like certificate as PKCS#12, for the cases the sandbox PKI does not cover. */
function makeP12(options: { notAfter: Date; withKey?: boolean; clientAuth?: boolean; passphrase?: string }): string {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0a1b2c';
  cert.validity.notBefore = new Date(options.notAfter.getTime() - 365 * 86400_000);
  cert.validity.notAfter = options.notAfter;
  const subject = [{ name: 'commonName', value: 'Test Org' }, { type: '2.5.4.5', value: '123456789' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: options.clientAuth ?? true, emailProtection: !(options.clientAuth ?? true) },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(options.withKey === false ? null : keys.privateKey, [cert], options.passphrase ?? 'secret', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
}

const addWith = (fileBase64: string, passphrase = 'secret') =>
  core.dispatch('accounts.addPosten', { name: 'Real org', environment: 'test', organizationNumber: '123456789', certificate: { fileBase64, passphrase } });

test('a good certificate: the account shows subject, organisation number, validity; the connection test answers', async () => {
  const account = await addSandboxAccount(core, sandbox);
  assert.equal(account.certificate?.organizationNumber, '123456789');
  assert.equal(account.certificate?.state, 'valid');
  assert.match(account.pollingQueue, /^signing-desk-[0-9a-f]{12}$/);
  const again = await addSandboxAccount(core, sandbox);
  assert.equal(again.pollingQueue, account.pollingQueue, 'one queue name per installation');
  const result = await call(core, 'accounts.test', { id: account.id });
  assert.deepEqual(result, { ok: true, message: 'The service answered: You are 123456789', answer: 'You are 123456789' });
  // The holder by name and organisation number, not as a distinguished name with OIDs.
  assert.equal(account.certificate?.subjectHolder.organizationNumber, '123456789');
  assert.doesNotMatch(account.certificate?.subjectHolder.name ?? '=', /=|\d{9}/);
  assert.match(account.certificate?.subject ?? '', /2\.5\.4\.5=123456789|SERIALNUMBER=123456789|serialNumber=123456789/i, 'the full name stays for Details');
});

test('a wrong passphrase is refused with a clear message', async () => {
  const result = await addWith(readFileSync(sandbox.info.senderCertificate).toString('base64'), 'not the passphrase');
  assert.ok(!result.ok);
  assert.equal(result.error.code, 'VALIDATION');
  assert.match(result.error.message, /passphrase is wrong/);
  assert.equal(result.error.reason, 'certificate.wrongPassphrase');
});

test('an expired certificate is refused', async () => {
  const result = await addWith(makeP12({ notAfter: new Date(Date.now() - 86400_000) }));
  assert.ok(!result.ok);
  assert.match(result.error.message, /expired/);
  assert.equal(result.error.reason, 'certificate.expired');
  assert.match(String(result.error.params?.date), /^\d{4}-\d{2}-\d{2}T/, 'the date travels as ISO; the renderer writes it in local time');
});

test('a certificate file without a private key is refused', async () => {
  const result = await addWith(makeP12({ notAfter: new Date(Date.now() + 365 * 86400_000), withKey: false }));
  assert.ok(!result.ok);
  assert.match(result.error.message, /no private key/);
});

test('a certificate not meant for client authentication is refused', async () => {
  const result = await addWith(makeP12({ notAfter: new Date(Date.now() + 365 * 86400_000), clientAuth: false }));
  assert.ok(!result.ok);
  assert.match(result.error.message, /client authentication/);
});

test('a certificate expiring within 30 days is accepted with a warning state', async () => {
  const result = await addWith(makeP12({ notAfter: new Date(Date.now() + 10 * 86400_000) }));
  assert.ok(result.ok, !result.ok ? result.error.message : '');
  assert.equal((result.value as { certificate: { state: string } }).certificate.state, 'expiring');
});

test('the connection test reports a service that is not who it should be', async () => {
  const account = await addSandboxAccount(core, sandbox);
  core.db.prepare("UPDATE accounts SET config = json_set(config, '$.serverOrganizationNumber', '999999999') WHERE id = ?").run(account.id);
  await core.sync.forgetClient(account.id);
  const result = await call(core, 'accounts.test', { id: account.id });
  assert.equal(result.ok, false);
  assert.match(result.message, /984661185.*not the expected 999999999|not the expected 999999999/);
  assert.equal(result.reason, 'tls.wrongServer');
});

test('the key material never appears in what the renderer can read', async () => {
  const account = await addSandboxAccount(core, sandbox);
  const everything = JSON.stringify([await call(core, 'accounts.get', { id: account.id }), await call(core, 'accounts.list', {})]);
  assert.doesNotMatch(everything, /PRIVATE KEY/);
  const row = JSON.stringify(core.db.prepare('SELECT * FROM accounts WHERE id = ?').get(account.id));
  assert.doesNotMatch(row, /PRIVATE KEY/);
});

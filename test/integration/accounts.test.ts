import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { RunningSandbox } from '../../sandbox';
import { createForeignClientCertificate } from '../../sandbox/pki';
import type { Core } from '../../src-main/core';
import type { AccountDetail, AddPostenAccountInput, MethodInput } from '../../src-shared/contract';
import { connectionTestText, createTranslator, failureText } from '../../src-shared/i18n';
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
function makeP12(options: {
  notAfter?: Date;
  withKey?: boolean;
  clientAuth?: boolean;
  passphrase?: string;
  /** Where the organisation number sits, as Buypass and Commfides write it. */
  organization?: { serialNumber?: string; organizationIdentifier?: string };
}): string {
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86400_000);
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0a1b2c';
  cert.validity.notBefore = new Date(notAfter.getTime() - 365 * 86400_000);
  cert.validity.notAfter = notAfter;
  const organization = options.organization ?? { serialNumber: '123456789' };
  const subject = [
    { name: 'commonName', value: 'Test Org' },
    ...(organization.serialNumber ? [{ type: '2.5.4.5', value: organization.serialNumber }] : []),
    ...(organization.organizationIdentifier ? [{ type: '2.5.4.97', value: organization.organizationIdentifier }] : []),
  ];
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

const sandboxCaPem = () => readFileSync(sandbox.info.caCertificate, 'utf8');
const sandboxP12 = () => readFileSync(sandbox.info.senderCertificate).toString('base64');

const addWith = (fileBase64: string, passphrase = 'secret', organizationNumber = '123456789') =>
  core.dispatch('accounts.add', { name: 'Real org', environment: 'test', organizationNumber, caCertificatesPem: sandboxCaPem(), certificate: { fileBase64, passphrase } });

/** The sandbox account's settings as the add form would send them. */
const sandboxDraft = (extra: Partial<AddPostenAccountInput> = {}): MethodInput<'accounts.testDraft'> => ({
  name: 'Draft',
  environment: 'custom',
  apiRoot: sandbox.info.apiRoot,
  organizationNumber: sandbox.info.senderOrganizationNumber,
  caCertificatesPem: sandboxCaPem(),
  serverOrganizationNumber: sandbox.info.serverOrganizationNumber,
  certificate: { fileBase64: sandboxP12(), passphrase: sandbox.info.senderCertificatePassword },
  ...extra,
});

const en = createTranslator('en');
const nb = createTranslator('nb');

test('a good certificate: the account shows subject, organisation number, validity; the connection test answers', async () => {
  const account = await addSandboxAccount(core, sandbox);
  assert.equal(account.certificate?.organizationNumber, '123456789');
  assert.equal(account.certificate?.state, 'valid');
  assert.match(account.pollingQueue, /^signing-desk-[0-9a-f]{12}$/);
  const again = await addSandboxAccount(core, sandbox);
  assert.equal(again.pollingQueue, account.pollingQueue, 'one queue name per installation');
  const result = await call(core, 'accounts.test', { id: account.id });
  assert.deepEqual(result, { ok: true, message: 'You are 123456789', organization: '123456789' });
  // Worded where it is shown, in either language.
  assert.equal(connectionTestText(nb, result), 'Tilkoblet: tjenesten kjenner deg som org.nr. 123 456 789.');
  assert.equal(connectionTestText(en, result), 'Connected: the service knows you as org. no. 123 456 789.');
  // The holder by name and organisation number, not as a distinguished name with OIDs.
  assert.equal(account.certificate?.subjectHolder.organizationNumber, '123456789');
  assert.doesNotMatch(account.certificate?.subjectHolder.name ?? '=', /=|\d{9}/);
  assert.match(account.certificate?.subject ?? '', /2\.5\.4\.5=123456789|SERIALNUMBER=123456789|serialNumber=123456789/i, 'the full name stays for Details');
});

test('a wrong passphrase is refused with a clear message', async () => {
  const result = await addWith(sandboxP12(), 'not the passphrase');
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
  assert.match(connectionTestText(en, result), /^The server at this address is not the signing service the account expects/);
});

test('a certificate of another organisation is refused at once, naming both numbers, in Norwegian and English', async () => {
  const before = (await call(core, 'accounts.list', {})).items.length;
  const norwegian = await addWith(sandboxP12(), sandbox.info.senderCertificatePassword, '987654321');
  assert.ok(!norwegian.ok);
  assert.equal(norwegian.error.code, 'VALIDATION');
  assert.equal(norwegian.error.reason, 'account.certificateOfOtherOrganization');
  assert.deepEqual(norwegian.error.issues, [{ path: 'certificate', message: norwegian.error.message, code: 'account.certificateOfOtherOrganization' }], 'shown at the certificate field');
  // Worded where it is shown, in the language of whoever reads it.
  assert.equal(failureText(nb, norwegian.error), 'Sertifikatet tilhører org.nr. 123 456 789, men kontoen gjelder 987 654 321.');
  assert.equal(failureText(en, norwegian.error), 'The certificate belongs to org. no. 123 456 789, but the account is for 987 654 321.');
  assert.equal((await call(core, 'accounts.list', {})).items.length, before, 'nothing was added');
});

test('the organisation number is read from serialNumber (bare or UN:NO-) and from organizationIdentifier (NTRNO-)', async () => {
  for (const organization of [{ serialNumber: '987654321' }, { serialNumber: 'UN:NO-987654321' }, { organizationIdentifier: 'NTRNO-987654321' }]) {
    const fileBase64 = makeP12({ organization });
    const refused = await addWith(fileBase64, 'secret', '123456789');
    assert.ok(!refused.ok, JSON.stringify(organization));
    assert.equal(failureText(en, refused.error), 'The certificate belongs to org. no. 987 654 321, but the account is for 123 456 789.');
    const added = await addWith(fileBase64, 'secret', '987654321');
    assert.ok(added.ok, !added.ok ? added.error.message : '');
    assert.equal((added.value as AccountDetail).certificate?.organizationNumber, '987654321');
  }
  const none = await addWith(makeP12({ organization: {} }));
  assert.ok(!none.ok);
  assert.equal(none.error.reason, 'account.certificateWithoutOrganization');
  assert.match(failureText(nb, none.error), /organisasjonsnummer/);
});

test('a renewed certificate of another organisation is refused; the account keeps its certificate', async () => {
  const account = await addSandboxAccount(core, sandbox);
  const renewal = { fileBase64: makeP12({ organization: { serialNumber: '987654321' } }), passphrase: 'secret' };
  const tested = await core.dispatch('accounts.testUpdate', { id: account.id, certificate: renewal });
  assert.ok(!tested.ok);
  assert.equal(failureText(nb, tested.error), 'Sertifikatet tilhører org.nr. 987 654 321, men kontoen gjelder 123 456 789.');
  const updated = await core.dispatch('accounts.update', { id: account.id, certificate: renewal });
  assert.ok(!updated.ok);
  assert.equal(updated.error.message, tested.error.message);
  assert.equal((await call(core, 'accounts.get', { id: account.id })).certificate?.serialNumber, account.certificate?.serialNumber);
  const unchanged = await call(core, 'accounts.testUpdate', { id: account.id });
  assert.equal(unchanged.ok, true, unchanged.message);
});

test('test and QA accounts need the CA certificate file; production and custom do not', async () => {
  for (const environment of ['test', 'qa'] as const) {
    const result = await core.dispatch('accounts.add', { name: 'No CA', environment, organizationNumber: '123456789', certificate: { fileBase64: makeP12({}), passphrase: 'secret' } });
    assert.ok(!result.ok, environment);
    assert.equal(result.error.code, 'VALIDATION');
    assert.deepEqual(result.error.issues, [
      { path: 'caCertificatesPem', message: 'The test and QA environments need the CA certificate file: their certificates do not come from a publicly trusted root.' },
    ]);
  }
  const production = await core.dispatch('accounts.add', { name: 'Production', environment: 'production', organizationNumber: '123456789', certificate: { fileBase64: makeP12({}), passphrase: 'secret' } });
  assert.ok(production.ok, !production.ok ? production.error.message : '');
  const custom = await addSandboxAccount(core, sandbox);
  assert.equal(custom.environment, 'custom');
});

test('the connection test before saving answers in words and stores nothing, not even the key', async () => {
  const draftDir = tempDir('sd-accounts-draft-');
  const draftCore = createTestCore(draftDir.path, { durableSecrets: true });
  try {
    const tables = () => JSON.stringify([draftCore.db.prepare('SELECT * FROM accounts').all(), draftCore.db.prepare('SELECT * FROM settings').all()]);
    const before = tables();
    const connected = await call(draftCore, 'accounts.testDraft', sandboxDraft());
    assert.deepEqual(connected, { ok: true, message: 'You are 123456789', organization: '123456789' });
    assert.equal(connectionTestText(nb, connected), 'Tilkoblet: tjenesten kjenner deg som org.nr. 123 456 789.');

    const untrusted = await call(draftCore, 'accounts.testDraft', sandboxDraft({ serverOrganizationNumber: '999999999' }));
    assert.equal(untrusted.ok, false);
    assert.equal(untrusted.reason, 'tls.wrongServer');
    assert.match(connectionTestText(nb, untrusted), /^Serveren på denne adressen er ikke signeringstjenesten kontoen venter/);
    assert.match(untrusted.message, /999999999/, 'the technical text, for Details');

    // The common mistake: a certificate the service's CA did not issue (production against test).
    const foreign = await createForeignClientCertificate(join(draftDir.path, 'foreign'), sandbox.info.senderOrganizationNumber);
    const foreignP12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(foreign.keyPem), [forge.pki.certificateFromPem(foreign.certPem)], 'secret', { algorithm: '3des' });
    const refused = await call(draftCore, 'accounts.testDraft', sandboxDraft({ certificate: { fileBase64: Buffer.from(forge.asn1.toDer(foreignP12).getBytes(), 'binary').toString('base64'), passphrase: 'secret' } }));
    assert.equal(refused.ok, false);
    assert.equal(refused.reason, 'tls.clientCertificateRejected');
    assert.match(connectionTestText(nb, refused), /^Signeringstjenesten godtok ikke virksomhetssertifikatet til kontoen/);

    const mismatch = await draftCore.dispatch('accounts.testDraft', sandboxDraft({ organizationNumber: '987654321' }));
    assert.ok(!mismatch.ok);
    assert.equal(failureText(nb, mismatch.error), 'Sertifikatet tilhører org.nr. 123 456 789, men kontoen gjelder 987 654 321.');

    assert.equal(tables(), before, 'no account, no installation queue name');
    assert.equal(existsSync(join(draftDir.path, 'secrets.insecure.json')), false, 'no secret written');
  } finally {
    await draftCore.close();
    draftDir.remove();
  }
});

test('the key material never appears in what the renderer can read', async () => {
  const account = await addSandboxAccount(core, sandbox);
  const everything = JSON.stringify([await call(core, 'accounts.get', { id: account.id }), await call(core, 'accounts.list', {})]);
  assert.doesNotMatch(everything, /PRIVATE KEY/);
  const row = JSON.stringify(core.db.prepare('SELECT * FROM accounts WHERE id = ?').get(account.id));
  assert.doesNotMatch(row, /PRIVATE KEY/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { createForeignClientCertificate, loadOrCreatePki, organizationNumberOfCertificate } from '../../sandbox/pki';

const exec = promisify(execFile);

async function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args);
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function subjectLines(certPem: string): string[] {
  return new X509Certificate(certPem).subject.split('\n');
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'sandbox-pki-'));
test.after(() => rm(dataDir, { recursive: true, force: true }));

const started = Date.now();
const pki = await loadOrCreatePki(dataDir);
const firstStartMs = Date.now() - started;

test('first start generates quickly; a second load reuses the same files', async () => {
  assert.ok(firstStartMs < 10_000, `generation took ${firstStartMs} ms`);
  const again = await loadOrCreatePki(dataDir);
  assert.equal(again.rootCertPem, pki.rootCertPem);
  assert.equal(again.intermediateCertPem, pki.intermediateCertPem);
  assert.equal(again.server.certPem, pki.server.certPem);
  assert.equal(again.server.keyPem, pki.server.keyPem);
  assert.equal(again.sender.certPem, pki.sender.certPem);
  assert.equal(again.sender.password, pki.sender.password);
  assert.equal(again.caCertificatePath, pki.caCertificatePath);
  assert.ok(path.isAbsolute(pki.caCertificatePath) && path.isAbsolute(pki.sender.p12Path));
  assert.equal(await readFile(pki.caCertificatePath, 'utf8'), `${pki.rootCertPem.trimEnd()}\n${pki.intermediateCertPem.trimEnd()}\n`);
  // OpenSSL must read both certificates: the END and BEGIN lines may not run together.
  const { stdout } = await promisify(execFile)('openssl', ['storeutl', '-noout', '-certs', pki.caCertificatePath]);
  assert.match(stdout, /Total found: 2/);
});

test('server certificate carries Posten organisation number the SEID 2 way and localhost SANs', () => {
  const lines = subjectLines(pki.server.certPem);
  assert.ok(lines.includes('serialNumber=NTRNO-984661185'), lines.join(' | '));
  assert.ok(lines.includes('organizationIdentifier=NTRNO-984661185'), lines.join(' | '));
  assert.ok(lines.includes('O=Posten Norge AS'));
  assert.ok(lines.includes('CN=sandbox'));
  assert.equal(organizationNumberOfCertificate(pki.server.certPem), '984661185');
  const cert = new X509Certificate(pki.server.certPem);
  assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
  assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.ok(cert.checkIssued(new X509Certificate(pki.intermediateCertPem)));
});

test('sender PKCS#12 opens with node-forge and with openssl, and holds the demo organisation', async () => {
  assert.equal(pki.sender.organizationNumber, '123456789');
  assert.equal(organizationNumberOfCertificate(pki.sender.certPem), '123456789');
  assert.ok(subjectLines(pki.sender.certPem).includes('organizationIdentifier=NTRNO-123456789'));
  assert.deepEqual(new X509Certificate(pki.sender.certPem).keyUsage, ['1.3.6.1.5.5.7.3.2']);

  const der = await readFile(pki.sender.p12Path);
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), pki.sender.password);
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  assert.ok(keyBag?.key, 'key in p12');
  assert.equal(certBags.length, 3, 'leaf, issuing CA and root');
  const senderFingerprint = new X509Certificate(pki.sender.certPem).fingerprint256;
  const leaf = certBags.find((b) => new X509Certificate(forge.pki.certificateToPem(b.cert!)).fingerprint256 === senderFingerprint);
  assert.ok(leaf, 'sender certificate in p12');
  const publicKey = leaf.cert!.publicKey as forge.pki.rsa.PublicKey;
  assert.equal((keyBag.key as forge.pki.rsa.PrivateKey).n.toString(16), publicKey.n.toString(16));
  assert.throws(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), 'wrong'));

  const ok = await run('openssl', ['pkcs12', '-in', pki.sender.p12Path, '-passin', `pass:${pki.sender.password}`, '-nokeys']);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /organizationIdentifier = NTRNO-123456789/);
  const wrong = await run('openssl', ['pkcs12', '-in', pki.sender.p12Path, '-passin', 'pass:wrong', '-nokeys']);
  assert.notEqual(wrong.code, 0);
});

test('every leaf chains to the root through the intermediate (openssl verify)', async () => {
  const signer = await pki.signerKeyPair({ id: '01017012345', displayName: 'Ola Nordmann' });
  const leafFile = path.join(dataDir, 'signer-leaf.pem');
  await writeFile(leafFile, signer.certPem);
  const root = path.join(pki.dir, 'root.cert.pem');
  const intermediate = path.join(pki.dir, 'intermediate.cert.pem');
  const result = await run('openssl', [
    'verify', '-CAfile', root, '-untrusted', intermediate,
    path.join(pki.dir, 'server.cert.pem'), path.join(pki.dir, 'sender.cert.pem'), leafFile,
  ]);
  assert.equal(result.code, 0, result.out);
  assert.equal(result.out.match(/: OK/g)?.length, 3, result.out);
  // without the intermediate there is no path
  const broken = await run('openssl', ['verify', '-CAfile', root, path.join(pki.dir, 'sender.cert.pem')]);
  assert.notEqual(broken.code, 0);
  const text = await run('openssl', ['x509', '-in', intermediate, '-noout', '-text']);
  assert.match(text.out, /CA:TRUE, pathlen:0/);
});

test('signer certificates are made once per identity and survive a reload', async () => {
  const a = await pki.signerKeyPair({ id: 'signer-a@example.no', displayName: 'Kåre Ærlig' });
  const b = await pki.signerKeyPair({ id: 'signer-b', displayName: 'Kari Nordmann' });
  assert.notEqual(a.certPem, b.certPem);
  assert.deepEqual(await pki.signerKeyPair({ id: 'signer-a@example.no', displayName: 'Kåre Ærlig' }), a);
  const reloaded = await loadOrCreatePki(dataDir);
  assert.equal((await reloaded.signerKeyPair({ id: 'signer-a@example.no', displayName: 'ignored' })).certPem, a.certPem);
  assert.ok(subjectLines(a.certPem).includes('CN=Kåre Ærlig'));
  assert.equal(organizationNumberOfCertificate(a.certPem), undefined);
  assert.deepEqual(a.chainPems, [pki.intermediateCertPem]);
});

test('another sender organisation number gets its own sender certificate on the same CA', async () => {
  const other = await mkdtemp(path.join(tmpdir(), 'sandbox-pki-org-'));
  try {
    const p = await loadOrCreatePki(other, { senderOrganizationNumber: '987654321' });
    assert.equal(organizationNumberOfCertificate(p.sender.certPem), '987654321');
    const switched = await loadOrCreatePki(other, { senderOrganizationNumber: '111111111' });
    assert.equal(switched.rootCertPem, p.rootCertPem);
    assert.equal(organizationNumberOfCertificate(switched.sender.certPem), '111111111');
    await assert.rejects(loadOrCreatePki(other, { senderOrganizationNumber: '12345' }));
  } finally {
    await rm(other, { recursive: true, force: true });
  }
});

test('organizationNumberOfCertificate reads plain and NTRNO forms', () => {
  assert.equal(organizationNumberOfCertificate(pki.intermediateCertPem), undefined);
  assert.equal(organizationNumberOfCertificate(pki.sender.certPem), '123456789');
});

test('a foreign client certificate does not chain to the sandbox root', async () => {
  const foreignDir = path.join(dataDir, 'foreign');
  const foreign = await createForeignClientCertificate(foreignDir, '123456789');
  assert.equal(organizationNumberOfCertificate(foreign.certPem), '123456789');
  const leafFile = path.join(foreignDir, 'foreign-123456789.cert.pem');
  const rejected = await run('openssl', [
    'verify', '-CAfile', path.join(pki.dir, 'root.cert.pem'), '-untrusted', path.join(pki.dir, 'intermediate.cert.pem'), leafFile,
  ]);
  assert.notEqual(rejected.code, 0, rejected.out);
  const ownCa = await run('openssl', ['verify', '-CAfile', path.join(foreignDir, 'foreign-ca.cert.pem'), leafFile]);
  assert.equal(ownCa.code, 0, ownCa.out);
});

import { execFileSync } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import forge from 'node-forge';
import { loadPkcs12, Pkcs12Error } from '../../src-main/core/credentials/pkcs12';
import { createTestPki, type TestPki } from '../sandbox/validation-test-pki';

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../../shared');
const vector = readFileSync(path.join(shared, 'test-vectors/posten-xades/avsender.p12'));

function reason(error: unknown): string | undefined {
  return error instanceof Pkcs12Error ? error.pkcs12Reason : undefined;
}

function spki(pem: string): Buffer {
  return createPublicKey(pem).export({ format: 'der', type: 'spki' });
}

describe('loadPkcs12', () => {
  let pki: TestPki;
  let dir: string;
  before(async () => {
    pki = await createTestPki();
    dir = mkdtempSync(path.join(tmpdir(), 'p12-'));
    writeFileSync(path.join(dir, 'key.pem'), pki.sender.privateKeyPem);
    writeFileSync(path.join(dir, 'leaf.pem'), `${pki.sender.certificatePem}\n`);
    // Issuers first and the root included, to check that the chain is put in order.
    writeFileSync(path.join(dir, 'chain.pem'), `${pki.rootPem}\n${pki.intermediatePem}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function openssl(args: string[]): Buffer {
    const out = path.join(dir, `${Math.random().toString(36).slice(2)}.p12`);
    execFileSync('openssl', [...args, '-out', out], { stdio: 'pipe' });
    return readFileSync(out);
  }

  test('reads the test vector (AES-256, OpenSSL 3 default)', () => {
    const material = loadPkcs12(vector, 'password1234');
    assert.equal(material.certificateChainPems.length, 1);
    assert.match(new X509Certificate(material.certificateChainPems[0]).subject, /CN=Avsender/);
    assert.deepEqual(spki(material.privateKeyPem), spki(material.certificateChainPems[0]));
  });

  test('a wrong passphrase is a typed error', () => {
    assert.throws(() => loadPkcs12(vector, 'wrong'), (error) => reason(error) === 'WRONG_PASSPHRASE');
  });

  test('garbage is unreadable', () => {
    assert.throws(() => loadPkcs12(Buffer.from('not a p12 file at all'), 'x'), (error) => reason(error) === 'UNREADABLE');
  });

  test('a file with certificates only has no private key', () => {
    const p12 = openssl(['pkcs12', '-export', '-nokeys', '-in', path.join(dir, 'leaf.pem'), '-passout', 'pass:secret']);
    assert.throws(() => loadPkcs12(p12, 'secret'), (error) => reason(error) === 'NO_PRIVATE_KEY');
  });

  test('legacy RC2-40 encryption is read, chain ordered leaf first', () => {
    const p12 = openssl([
      'pkcs12', '-export', '-legacy',
      '-inkey', path.join(dir, 'key.pem'), '-in', path.join(dir, 'leaf.pem'), '-certfile', path.join(dir, 'chain.pem'),
      '-passout', 'pass:secret',
    ]);
    const material = loadPkcs12(p12, 'secret');
    assert.deepEqual(
      material.certificateChainPems.map((pem) => new X509Certificate(pem).subject),
      [pki.sender.certificatePem, pki.intermediatePem, pki.rootPem].map((pem) => new X509Certificate(pem).subject),
    );
    assert.deepEqual(spki(material.privateKeyPem), spki(pki.sender.certificatePem));
  });

  test('3DES files written by node-forge are read', () => {
    const asn1 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(pki.sender.privateKeyPem),
      [forge.pki.certificateFromPem(pki.sender.certificatePem), forge.pki.certificateFromPem(pki.intermediatePem)],
      'secret',
      { algorithm: '3des', friendlyName: 'sender' },
    );
    const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    const material = loadPkcs12(p12, 'secret');
    assert.equal(material.certificateChainPems.length, 2);
    assert.deepEqual(spki(material.privateKeyPem), spki(pki.sender.certificatePem));
    assert.throws(() => loadPkcs12(p12, 'wrong'), (error) => reason(error) === 'WRONG_PASSPHRASE');
  });
});

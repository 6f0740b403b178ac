// A certificate file names how many rounds of password hashing unlock it. An absurd count must be
// refused before any hashing (2,147,483,647 rounds would never end), and a normal import must not
// freeze the app while it hashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import forge from 'node-forge';
import { loadOrCreatePki, type SandboxPki } from '../../sandbox/pki';
import type { Core } from '../../src-main/core';
import { findAppRoot } from '../../src-main/core/host/app-paths';
import { createTestCore, tempDir } from '../support/core';

const dir = tempDir('sd-p12-');
const PASSPHRASE = 'correct horse';
let pki: SandboxPki;
let core: Core;

before(async () => {
  pki = await loadOrCreatePki(dir.path);
  core = createTestCore(`${dir.path}/app`);
});
after(async () => {
  await core.close();
  dir.remove();
});

/** The sandbox's enterprise certificate and key as a .p12, written by forge with `count` rounds everywhere. */
function p12Asn1(count: number): forge.asn1.Asn1 {
  const key = forge.pki.privateKeyFromPem(pki.sender.keyPem);
  const chain = [pki.sender.certPem, ...pki.sender.chainPems, pki.rootCertPem].map((pem) => forge.pki.certificateFromPem(pem));
  return forge.pkcs12.toPkcs12Asn1(key, chain, PASSPHRASE, { algorithm: '3des', count });
}

const der = (asn1: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
const integer = (n: number) => forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, forge.asn1.integerToDer(n).getBytes());

/** A file whose MAC asks for `count` rounds (writing it for real would take that long). */
function withMacIterations(count: number): Buffer {
  const pfx = p12Asn1(2048);
  const macData = (pfx.value as forge.asn1.Asn1[])[2];
  (macData.value as forge.asn1.Asn1[])[2] = integer(count);
  return der(pfx);
}

/** A file whose private key's encryption, deep inside wrapped contents, asks for `count` rounds. */
function withKeyIterations(count: number): Buffer {
  const rewrite = (node: forge.asn1.Asn1): forge.asn1.Asn1 => {
    if (!Array.isArray(node.value)) {
      if (node.type === forge.asn1.Type.OCTETSTRING && node.value.charCodeAt(0) === 0x30) {
        try {
          const inner = forge.asn1.fromDer(forge.util.createBuffer(node.value), false);
          return { ...node, value: forge.asn1.toDer(rewrite(inner)).getBytes() };
        } catch {
          return node;
        }
      }
      return node;
    }
    const [first, params] = node.value;
    if (first?.type === forge.asn1.Type.OID && forge.asn1.derToOid(first.value as string) === forge.pki.oids['pbeWithSHAAnd3-KeyTripleDES-CBC'] && Array.isArray(params?.value)) {
      return { ...node, value: [first, { ...params, value: [params.value[0], integer(count)] }] };
    }
    return { ...node, value: node.value.map(rewrite) };
  };
  return der(rewrite(p12Asn1(2048)));
}

function addAccount(file: Buffer) {
  return core.dispatch('accounts.add', {
    name: 'Our org',
    environment: 'production',
    organizationNumber: pki.sender.organizationNumber,
    certificate: { fileBase64: file.toString('base64'), passphrase: PASSPHRASE },
  });
}

test('a certificate file asking for absurd password hashing is refused before any hashing, in words', async () => {
  // 2,000,000 rounds froze the app for 2.3 s; 2,147,483,647 would never end.
  for (const file of [withMacIterations(2_000_000), withMacIterations(2_147_483_647), withKeyIterations(2_147_483_647)]) {
    const result = await addAccount(file);
    assert.ok(!result.ok, 'refused');
    assert.equal(result.error.code, 'VALIDATION');
    assert.match(result.error.message, /asks for [\d,]+ rounds of password hashing, where certificate files use at most 1,000,000, so it was not opened/);
  }
  const accounts = await core.dispatch('accounts.list', {});
  assert.ok(accounts.ok && (accounts.value as { items: unknown[] }).items.length === 0);
});

test('the app stays responsive while a certificate file is read', async () => {
  const file = der(p12Asn1(200_000));
  let ticks = 0;
  let ticking = true;
  const tick = () => {
    ticks++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const before = ticks;
  const result = await addAccount(file);
  const during = ticks - before;
  ticking = false;
  assert.ok(result.ok, JSON.stringify(result));
  // Reading the file in the main thread would block the event loop: no turn of it until the end.
  assert.ok(during > 0, 'the event loop kept turning while the passphrase was hashed');
  assert.equal((result.value as { organizationNumber: string }).organizationNumber, pki.sender.organizationNumber);
});

test('the built command line finds its certificate worker beside its bundle', () => {
  const root = findAppRoot();
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli'], { cwd: root, stdio: 'pipe' });
  const result = spawnSync(
    process.execPath,
    [join(root, 'bin/signing-desk.cjs'), '--data-dir', join(dir.path, 'bin-app'), '--json', 'accounts', 'add', 'posten', '--name', 'Our org', '--org', pki.sender.organizationNumber,
      '--environment', 'production', '--certificate', pki.sender.p12Path, '--passphrase-env', 'SD_P12'],
    { encoding: 'utf8', env: { ...process.env, SD_P12: pki.sender.password } },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as { organizationNumber: string }).organizationNumber, pki.sender.organizationNumber);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { createForeignClientCertificate, loadOrCreatePki } from '../../sandbox/pki';
import { createXadesSignature, jaxbDateTime, signDocumentsXades } from '../../sandbox/signing/xades';
import { rfc2253IssuerName } from '../../sandbox/signing/rfc2253';

const exec = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sharedDir = process.env.SIGNING_DESK_SHARED_DIR ?? path.resolve(repoRoot, '../shared');

async function run(cmd: string, args: string[], cwd?: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const work = await mkdtemp(path.join(tmpdir(), 'sandbox-xades-'));
test.after(() => rm(work, { recursive: true, force: true }));
const pki = await loadOrCreatePki(path.join(work, 'data'));
const rootPem = path.join(pki.dir, 'root.cert.pem');
const signer = await pki.signerKeyPair({ id: 'ola', displayName: 'Ola Nordmann' });

async function samplePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Avtale');
  return Buffer.from(await doc.save());
}

const documents = [
  { fileName: '0000_avtale.pdf', mimeType: 'application/pdf', bytes: await samplePdf() },
  { fileName: 'vedlegg 2.txt', mimeType: 'text/plain', bytes: Buffer.from('vedlegg & <notater>\n') },
];

/** Lays the documents and the signature out as a verifier would see them: xmlsec1 resolves URIs against its cwd. */
async function layout(name: string, files: { fileName: string; bytes: Buffer }[], xml: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  for (const f of files) await writeFile(path.join(dir, f.fileName), f.bytes);
  await writeFile(path.join(dir, 'signature.xml'), xml);
  return dir;
}

function xmlsecVerify(dir: string, trusted = rootPem) {
  return run(
    'xmlsec1',
    ['--verify', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--trusted-pem', trusted, 'signature.xml'],
    dir,
  );
}

const signingTime = new Date('2026-03-02T12:34:56Z');
const xml = signDocumentsXades({ documents, signer, signingTime });

test('xmlsec1 verifies the signer XAdES against the sandbox root', async () => {
  const dir = await layout('good', documents, xml);
  const result = await xmlsecVerify(dir);
  assert.equal(result.code, 0, result.out);
  assert.match(result.out, /^OK$/m);
  assert.match(result.out, /SignedInfo References \(ok\/all\): 3\/3/);
});

test('the profile: documents by file name, DataObjectFormat per document, signer certificate named in SignedProperties', async () => {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?><XAdESSignatures xmlns="http://uri.etsi.org/2918/v1.2.1#">'));
  assert.match(xml, /<Reference Id="ID_0" URI="0000_avtale\.pdf">/);
  assert.match(xml, /<Reference Id="ID_1" URI="vedlegg%202\.txt">/);
  assert.match(xml, /<DataObjectFormat ObjectReference="#ID_1"><MimeType>text\/plain<\/MimeType><\/DataObjectFormat>/);
  assert.match(xml, /<SigningTime>2026-03-02T13:34:56\+01:00<\/SigningTime>/);
  assert.ok(xml.includes(`<ns2:X509IssuerName>CN=Signing Desk Sandbox Issuing CA,O=Signing Desk Sandbox,C=NO</ns2:X509IssuerName>`));
  assert.equal(xml.match(/<X509Certificate>/g)?.length, 2, 'leaf and issuing CA');
  assert.equal(rfc2253IssuerName(signer.certPem), 'CN=Signing Desk Sandbox Issuing CA,O=Signing Desk Sandbox,C=NO');

  // the bundle schema of the spec: ts_102918 plus XAdES for the lax Object content
  const xsdDir = path.join(sharedDir, 'spec/posten/xsd/thirdparty');
  const wrapper = path.join(work, 'asice-xades.xsd');
  await writeFile(
    wrapper,
    `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
      `<xsd:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="${path.join(xsdDir, 'xmldsig-core-schema.xsd')}"/>` +
      `<xsd:import namespace="http://uri.etsi.org/2918/v1.2.1#" schemaLocation="${path.join(xsdDir, 'ts_102918v010201.xsd')}"/>` +
      `<xsd:import namespace="http://uri.etsi.org/01903/v1.3.2#" schemaLocation="${path.join(xsdDir, 'XAdES.xsd')}"/>` +
      `</xsd:schema>`,
  );
  const file = path.join(work, 'schema-check.xml');
  await writeFile(file, xml);
  const valid = await run('xmllint', ['--noout', '--nonet', '--schema', wrapper, file]);
  assert.equal(valid.code, 0, valid.out);
});

test('a changed document byte fails verification', async () => {
  const tampered = documents.map((d, i) => (i === 0 ? { ...d, bytes: Buffer.concat([d.bytes, Buffer.from(' ')]) } : d));
  const result = await xmlsecVerify(await layout('tampered-doc', tampered, xml));
  assert.notEqual(result.code, 0, result.out);
  assert.match(result.out, /^FAIL$/m);
  assert.match(result.out, /data and digest do not match/);
});

test('a changed SigningTime fails the SignedProperties reference', async () => {
  const edited = xml.replace('2026-03-02T13:34:56+01:00', '2026-03-02T13:34:57+01:00');
  assert.notEqual(edited, xml);
  const result = await xmlsecVerify(await layout('tampered-props', documents, edited));
  assert.notEqual(result.code, 0, result.out);
  assert.match(result.out, /SignedInfo References \(ok\/all\): 2\/3/);
});

test('another trust anchor rejects the signature', async () => {
  const foreign = await createForeignClientCertificate(path.join(work, 'foreign'), '123456789');
  const foreignRoot = path.join(work, 'foreign-root.pem');
  await writeFile(foreignRoot, foreign.caCertPem);
  const result = await xmlsecVerify(await layout('foreign-anchor', documents, xml), foreignRoot);
  assert.notEqual(result.code, 0, result.out);
  assert.match(result.out, /certificate|verify/i);
  assert.doesNotMatch(result.out, /^OK$/m);
});

test('byte-exact with the Java client test vector (bundle profile, Oslo time)', async () => {
  const vectorDir = path.join(sharedDir, 'test-vectors/posten-xades');
  const der = await readFile(path.join(vectorDir, 'avsender.p12'));
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), 'password1234');
  const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]![0].key!;
  const cert = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]![0].cert!;
  const certPem = forge.pki.certificateToPem(cert);
  const vector = createXadesSignature({
    files: [
      { fileName: 'dokument.pdf', mimeType: 'application/pdf', bytes: Buffer.from('hoveddokument-innhold') },
      { fileName: 'manifest.xml', mimeType: 'application/xml', bytes: Buffer.from('manifest-innhold') },
    ],
    signer: { keyPem: forge.pki.privateKeyToPem(key), certPem, chainPems: [] },
    signingTime: new Date('2018-11-29T08:15:00Z'),
  });
  assert.equal(rfc2253IssuerName(certPem), 'CN=Avsender,OU=Avsender,O=Avsender,L=Oslo,ST=NO,C=NO');
  assert.ok(vector.includes('<DigestValue>n4ZOYvk7M6YXWrrunai7lVH48xeDJDxER9TlJ7c8f/g=</DigestValue>'), 'SignedProperties digest');
  assert.equal(
    /<SignatureValue>([^<]+)<\/SignatureValue>/.exec(vector)?.[1],
    'L3HFN44OGUEbK5p9zxbnDZrey+UnQ9fYQX0k7gv8hfxouRfXFvNHXtUJEI00/BOlhcyGRu8wEIpKYEkDIzjWZyKXjV8Tz6PkHMJedgVGFDPlKwkx7gufntbjH2xqhBOsJzobDQ44rqOlK1YiXNQCPAMFwN/CpOTQTRFuf9/37BN2QG5cmgz+ZNqcKPwQnjrVaQBOrQEc5D2/n05aPsRdc6OUzu2TIftoRLRH1peRDLCAo7MjPNhYo1CCinBa0FMipG5jtqUPYJJMTt56wIJlwQ95PhGIEYtdRYwxlgSau9Bw+wYmD4NU0K0hw6FgBQ/UDF87T5Zr7HTPWPMwpngkWg==',
  );
});

test('jaxbDateTime: millis only when non-zero, Z for UTC', () => {
  assert.equal(jaxbDateTime(new Date('2018-06-01T10:00:00.115Z')), '2018-06-01T12:00:00.115+02:00');
  assert.equal(jaxbDateTime(new Date('2018-06-01T10:00:00Z'), 'UTC'), '2018-06-01T10:00:00Z');
});

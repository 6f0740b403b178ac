import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPkcs12 } from '../../src-main/core/credentials/pkcs12';
import {
  createDocumentBundle,
  createSignaturesXml,
  javaUrlEncode,
  jaxbDateTime,
  rfc2253IssuerName,
  type SigningKey,
  writeDocumentBundle,
} from '../../src-main/core/providers/posten/bundle';
import { createTestPki, type TestPki } from '../sandbox/validation-test-pki';

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../../shared');
const vectorDir = path.join(shared, 'test-vectors/posten-xades');
const xsdDir = path.join(shared, 'spec/posten/xsd');

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function textBetween(xml: string, open: RegExp): string {
  const match = open.exec(xml);
  assert.ok(match, `no match for ${open}`);
  return match[1];
}

describe('signatures.xml test vector (Java CreateSignatureTest)', () => {
  const key = loadPkcs12(readFileSync(path.join(vectorDir, 'avsender.p12')), 'password1234');
  const xml = createSignaturesXml({
    files: [
      { name: 'dokument.pdf', mimeType: 'application/pdf', bytes: Buffer.from('hoveddokument-innhold', 'ascii') },
      { name: 'manifest.xml', mimeType: 'application/xml', bytes: Buffer.from('manifest-innhold', 'ascii') },
    ],
    key,
    signingTime: new Date('2018-11-29T08:15:00Z'),
    timeZone: 'Europe/Oslo',
  });

  test('reproduces every digest byte for byte', () => {
    assert.equal(textBetween(xml, /URI="dokument\.pdf">.*?<DigestValue>([^<]+)</), 'XdxjXOUnFR8hgR5NBjFc0I7DnILAukbaQ12CPoP5jXs=');
    assert.equal(textBetween(xml, /URI="manifest\.xml">.*?<DigestValue>([^<]+)</), 'wEftXp/TkL614dcx9Txw8O1lLxylP8ZS2WohNKbFdQo=');
    assert.equal(textBetween(xml, /<ns2:DigestValue>([^<]+)</), '6Gko40cr8upGenUAxIT6bBVcRfo=');
    assert.equal(textBetween(xml, /URI="#SignedProperties">.*?<DigestValue>([^<]+)</), 'n4ZOYvk7M6YXWrrunai7lVH48xeDJDxER9TlJ7c8f/g=');
    assert.equal(textBetween(xml, /<SigningTime>([^<]+)</), '2018-11-29T09:15:00+01:00');
    assert.equal(textBetween(xml, /<ns2:X509IssuerName>([^<]+)</), 'CN=Avsender,OU=Avsender,O=Avsender,L=Oslo,ST=NO,C=NO');
    assert.equal(textBetween(xml, /<ns2:X509SerialNumber>([^<]+)</), '589725471');
  });

  test('reproduces the SignatureValue byte for byte', () => {
    assert.equal(
      textBetween(xml, /<SignatureValue>([^<]+)</),
      'L3HFN44OGUEbK5p9zxbnDZrey+UnQ9fYQX0k7gv8hfxouRfXFvNHXtUJEI00/BOlhcyGRu8wEIpKYEkDIzjWZyKXjV8Tz6PkHMJedgVGFDPlKwkx7gufntbjH2xqhBOsJzobDQ44rqOlK1YiXNQCPAMFwN/CpOTQTRFuf9/37BN2QG5cmgz+ZNqcKPwQnjrVaQBOrQEc5D2/n05aPsRdc6OUzu2TIftoRLRH1peRDLCAo7MjPNhYo1CCinBa0FMipG5jtqUPYJJMTt56wIJlwQ95PhGIEYtdRYwxlgSau9Bw+wYmD4NU0K0hw6FgBQ/UDF87T5Zr7HTPWPMwpngkWg==',
    );
  });

  test('validates against the ASiC-E and XAdES schemas', { skip: !hasTool('xmllint') && 'xmllint not installed' }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xades-xsd-'));
    try {
      const wrapper =
        `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
        `<xsd:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="${path.join(xsdDir, 'thirdparty/xmldsig-core-schema.xsd')}"/>` +
        `<xsd:import namespace="http://uri.etsi.org/2918/v1.2.1#" schemaLocation="${path.join(xsdDir, 'thirdparty/ts_102918v010201.xsd')}"/>` +
        `<xsd:import namespace="http://uri.etsi.org/01903/v1.3.2#" schemaLocation="${path.join(xsdDir, 'thirdparty/XAdES.xsd')}"/>` +
        `</xsd:schema>`;
      writeFileSync(path.join(dir, 'wrapper.xsd'), wrapper);
      writeFileSync(path.join(dir, 'signatures.xml'), xml);
      execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(dir, 'wrapper.xsd'), path.join(dir, 'signatures.xml')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Java text formats', () => {
  test('URLEncoder form encoding', () => {
    assert.equal(javaUrlEncode('dokument (2).pdf'), 'dokument+%282%29.pdf');
    assert.equal(javaUrlEncode('0000_avtale-v1.2_*.pdf'), '0000_avtale-v1.2_*.pdf');
    assert.equal(javaUrlEncode('blåbær.pdf'), 'bl%C3%A5b%C3%A6r.pdf');
  });

  test('JAXB printDateTime', () => {
    assert.equal(jaxbDateTime(new Date('2018-11-29T08:15:00Z'), 'Europe/Oslo'), '2018-11-29T09:15:00+01:00');
    assert.equal(jaxbDateTime(new Date('2018-07-01T08:15:00.042Z'), 'Europe/Oslo'), '2018-07-01T10:15:00.042+02:00');
    assert.equal(jaxbDateTime(new Date('2018-11-29T08:15:00.500Z'), 'UTC'), '2018-11-29T08:15:00.500Z');
    assert.equal(jaxbDateTime(new Date('2018-11-29T08:15:00Z'), 'America/St_Johns'), '2018-11-29T04:45:00-03:30');
  });
});

describe('document bundle', () => {
  let pki: TestPki;
  let key: SigningKey;
  const manifestXml = readFileSync(path.join(shared, 'spec/posten/examples/portal/manifest.xml'), 'utf8');
  const documents = [
    { fileName: 'document.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\nfirst document\n%%EOF\n') },
    { fileName: 'document2.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\nsecond document\n%%EOF\n') },
  ];
  let zip: Buffer;
  let dir: string;

  before(async () => {
    pki = await createTestPki();
    key = { privateKeyPem: pki.sender.privateKeyPem, certificateChainPems: pki.sender.certificateChainPems };
    zip = await createDocumentBundle({ documents, manifestXml, key, signingTime: new Date() });
    dir = mkdtempSync(path.join(tmpdir(), 'bundle-'));
    writeFileSync(path.join(dir, 'bundle.zip'), zip);
    writeFileSync(path.join(dir, 'root.pem'), pki.rootPem);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('entries are documents, manifest.xml, META-INF/signatures.xml; PDFs stored, XML deflated, no data descriptors', () => {
    const headers = localHeaders(zip);
    assert.deepEqual(
      headers.map((h) => h.name),
      ['document.pdf', 'document2.pdf', 'manifest.xml', 'META-INF/signatures.xml'],
    );
    assert.deepEqual(
      headers.map((h) => h.method),
      [0, 0, 8, 8],
    );
    for (const header of headers) assert.equal(header.flags & 0x08, 0, `${header.name} has a data descriptor`);
  });

  test('the whole bundle verifies with xmlsec1 against the test root', { skip: !hasTool('xmlsec1') && 'xmlsec1 not installed' }, () => {
    const out = path.join(dir, 'x');
    execFileSync('unzip', ['-q', '-o', path.join(dir, 'bundle.zip'), '-d', out]);
    assert.deepEqual(readFileSync(path.join(out, 'manifest.xml'), 'utf8'), manifestXml);
    const result = spawnSync(
      'xmlsec1',
      ['--verify', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--trusted-pem', path.join(dir, 'root.pem'), 'META-INF/signatures.xml'],
      { cwd: out, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /SignedInfo References \(ok\/all\): 4\/4/);
  });

  test('xmlsec1 refuses the bundle when a document changed', { skip: !hasTool('xmlsec1') && 'xmlsec1 not installed' }, () => {
    const out = path.join(dir, 'tampered');
    execFileSync('unzip', ['-q', '-o', path.join(dir, 'bundle.zip'), '-d', out]);
    writeFileSync(path.join(out, 'document.pdf'), Buffer.concat([documents[0].bytes, Buffer.from(' ')]));
    assert.throws(() =>
      execFileSync(
        'xmlsec1',
        ['--verify', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--trusted-pem', path.join(dir, 'root.pem'), 'META-INF/signatures.xml'],
        { cwd: out, stdio: 'pipe' },
      ),
    );
  });

  test("Java's ZipInputStream reads every entry", { skip: !hasTool('java') && 'java not installed' }, () => {
    const output = javaReadZip(dir, path.join(dir, 'bundle.zip'));
    assert.deepEqual(output.slice(0, 3), [
      `document.pdf ${sha(documents[0].bytes)}`,
      `document2.pdf ${sha(documents[1].bytes)}`,
      `manifest.xml ${sha(Buffer.from(manifestXml))}`,
    ]);
    assert.match(output[3], /^META-INF\/signatures\.xml /);
  });

  test('refuses duplicate or reserved document names', async () => {
    await assert.rejects(
      createDocumentBundle({ documents: [documents[0], documents[0]], manifestXml, key, signingTime: new Date() }),
      /Two documents/,
    );
    await assert.rejects(
      createDocumentBundle({ documents: [{ ...documents[0], fileName: 'manifest.xml' }], manifestXml, key, signingTime: new Date() }),
      /Reserved/,
    );
  });

  test('X509IssuerName is RFC 2253 as Java prints it', () => {
    const der = Buffer.from(pki.sender.certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    assert.equal(rfc2253IssuerName(der), 'CN=Test Issuing CA,O=Signing Desk Test,C=NO');
  });
});

describe('document bundle streamed from files', () => {
  let pki: TestPki;
  let key: SigningKey;
  let dir: string;
  let bundlePath: string;
  let big: Buffer;
  const manifestXml = readFileSync(path.join(shared, 'spec/posten/examples/portal/manifest.xml'), 'utf8');
  const signingTime = new Date('2024-03-01T12:00:00Z');
  const small = Buffer.from('%PDF-1.4\nsmall document\n%%EOF\n');

  before(async () => {
    pki = await createTestPki();
    key = { privateKeyPem: pki.sender.privateKeyPem, certificateChainPems: pki.sender.certificateChainPems };
    dir = mkdtempSync(path.join(tmpdir(), 'bundle-files-'));
    // Several read chunks, so the CRC is carried across chunks before the header is patched.
    big = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024 + 17), Buffer.from('\n%%EOF\n')]);
    writeFileSync(path.join(dir, 'big.pdf'), big);
    writeFileSync(path.join(dir, 'small.pdf'), small);
    bundlePath = path.join(dir, 'bundle.zip');
    const size = await writeDocumentBundle(
      {
        documents: [
          { fileName: 'kontrakt (v2).pdf', mimeType: 'application/pdf', path: path.join(dir, 'big.pdf') },
          { fileName: 'vedlegg.pdf', mimeType: 'application/pdf', path: path.join(dir, 'small.pdf') },
        ],
        manifestXml,
        key,
        signingTime,
        timeZone: 'Europe/Oslo',
      },
      bundlePath,
    );
    assert.equal(size, statSync(bundlePath).size);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is byte for byte the bundle built from the same documents in memory', async () => {
    const inMemory = await createDocumentBundle({
      documents: [
        { fileName: 'kontrakt (v2).pdf', mimeType: 'application/pdf', bytes: big },
        { fileName: 'vedlegg.pdf', mimeType: 'application/pdf', bytes: small },
      ],
      manifestXml,
      key,
      signingTime,
      timeZone: 'Europe/Oslo',
    });
    assert.ok(inMemory.equals(readFileSync(bundlePath)));
    const fromPathsInMemory = await createDocumentBundle({
      documents: [
        { fileName: 'kontrakt (v2).pdf', mimeType: 'application/pdf', path: path.join(dir, 'big.pdf') },
        { fileName: 'vedlegg.pdf', mimeType: 'application/pdf', path: path.join(dir, 'small.pdf') },
      ],
      manifestXml,
      key,
      signingTime,
      timeZone: 'Europe/Oslo',
    });
    assert.ok(fromPathsInMemory.equals(inMemory));
  });

  test('documents are stored with the CRC in the local header and no data descriptor', () => {
    const headers = localHeaders(readFileSync(bundlePath));
    assert.deepEqual(
      headers.map((h) => [h.name, h.method, h.flags & 0x08]),
      [
        ['kontrakt (v2).pdf', 0, 0],
        ['vedlegg.pdf', 0, 0],
        ['manifest.xml', 8, 0],
        ['META-INF/signatures.xml', 8, 0],
      ],
    );
  });

  test('unzip -t finds no errors', { skip: !hasTool('unzip') && 'unzip not installed' }, () => {
    const output = execFileSync('unzip', ['-t', bundlePath], { encoding: 'utf8' });
    assert.match(output, /No errors detected/);
  });

  test("Java's ZipInputStream reads every entry with the right bytes", { skip: !hasTool('java') && 'java not installed' }, () => {
    const output = javaReadZip(dir, bundlePath);
    assert.deepEqual(output.slice(0, 3), [`kontrakt (v2).pdf ${sha(big)}`, `vedlegg.pdf ${sha(small)}`, `manifest.xml ${sha(Buffer.from(manifestXml))}`]);
    assert.match(output[3], /^META-INF\/signatures\.xml /);
  });

  test('signatures.xml carries the digests of the streamed files', () => {
    const out = path.join(dir, 'x');
    execFileSync('unzip', ['-q', '-o', bundlePath, '-d', out]);
    const xml = readFileSync(path.join(out, 'META-INF/signatures.xml'), 'utf8');
    assert.equal(textBetween(xml, /URI="kontrakt\+%28v2%29\.pdf">.*?<DigestValue>([^<]+)</), sha(big));
    assert.equal(textBetween(xml, /URI="vedlegg\.pdf">.*?<DigestValue>([^<]+)</), sha(small));
  });

  test('a missing file fails the bundle', async () => {
    await assert.rejects(
      writeDocumentBundle({ documents: [{ fileName: 'x.pdf', mimeType: 'application/pdf', path: path.join(dir, 'missing.pdf') }], manifestXml, key, signingTime }, path.join(dir, 'failed.zip')),
      /ENOENT/,
    );
  });
});

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** Each entry's name and SHA-256 as Java's streaming reader (the one the service uses) sees them. */
function javaReadZip(dir: string, zipPath: string): string[] {
  const source = path.join(dir, 'ReadZip.java');
  writeFileSync(
    source,
    `import java.util.zip.*; import java.io.*; import java.security.*; import java.util.*;
public class ReadZip { public static void main(String[] a) throws Exception {
  try (ZipInputStream in = new ZipInputStream(new FileInputStream(a[0]))) { ZipEntry e;
    while ((e = in.getNextEntry()) != null) { MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[8192]; int n; while ((n = in.read(buf)) > 0) d.update(buf, 0, n);
      System.out.println(e.getName() + " " + Base64.getEncoder().encodeToString(d.digest())); } } } }`,
  );
  return execFileSync('java', [source, zipPath], { stdio: 'pipe', timeout: 60_000 }).toString().trim().split('\n');
}

function localHeaders(zip: Buffer): { name: string; method: number; flags: number }[] {
  const headers: { name: string; method: number; flags: number }[] = [];
  let offset = 0;
  while (zip.readUInt32LE(offset) === 0x04034b50) {
    const flags = zip.readUInt16LE(offset + 6);
    const method = zip.readUInt16LE(offset + 8);
    const compressedSize = zip.readUInt32LE(offset + 18);
    const nameLength = zip.readUInt16LE(offset + 26);
    const extraLength = zip.readUInt16LE(offset + 28);
    headers.push({ name: zip.toString('utf8', offset + 30, offset + 30 + nameLength), method, flags });
    // Only valid without data descriptors, which is what the test asserts.
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return headers;
}

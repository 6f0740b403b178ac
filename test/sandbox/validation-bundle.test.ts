import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import * as xpath from 'xpath';
import yazl from 'yazl';
import { verifyDocumentBundle } from '../../sandbox/validation/bundle';
import { readZipEntries } from '../../sandbox/validation/zip-entries';
import { createDocumentBundle, type BundleDocument } from '../../src-main/core/providers/posten/bundle';
import { createTestPki, type TestIssuedKey, type TestPki } from './validation-test-pki';

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../../shared');
const manifestXml = readFileSync(path.join(shared, 'spec/posten/examples/portal/manifest.xml'), 'utf8');
const ORG = '123456789';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

const documents: BundleDocument[] = [
  { fileName: 'document.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\nthe contract\n%%EOF\n') },
  { fileName: 'document2.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\nthe appendix\n%%EOF\n') },
];

function bundleSignedBy(key: TestIssuedKey, docs = documents, manifest = manifestXml): Promise<Buffer> {
  return createDocumentBundle({
    documents: docs,
    manifestXml: manifest,
    key: { privateKeyPem: key.privateKeyPem, certificateChainPems: key.certificateChainPems },
    signingTime: new Date(),
  });
}

async function entriesOf(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Map((await readZipEntries(zip, { maxTotalBytes: 1e9 })).map((e) => [e.name, e.bytes]));
}

function zipOf(entries: Map<string, Buffer>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
    zip.end();
  });
}

describe('verifyDocumentBundle', () => {
  let pki: TestPki;
  let good: Buffer;
  let options: { trustedCaPems: string[]; expectedOrganizationNumber: string };

  before(async () => {
    pki = await createTestPki(ORG);
    good = await bundleSignedBy(pki.sender);
    options = { trustedCaPems: [pki.rootPem], expectedOrganizationNumber: ORG };
  });

  test('accepts a correct bundle from the client builder', async () => {
    const result = await verifyDocumentBundle(good, options);
    assert.ok(result.ok, !result.ok ? `${result.code}: ${result.message}` : '');
    assert.deepEqual(
      result.entries.map((e) => e.name),
      ['document.pdf', 'document2.pdf', 'manifest.xml'],
    );
    assert.deepEqual(result.entries[0].bytes, documents[0].bytes);
    assert.equal(result.manifestXml, manifestXml);
    assert.equal(new X509Certificate(result.signingCertificatePem).fingerprint256, new X509Certificate(pki.sender.certificatePem).fingerprint256);
  });

  test('accepts the intermediate among the trusted CAs, and URL-encoded reference URIs', async () => {
    const docs = [{ fileName: 'my contract (v2).pdf', mimeType: 'application/pdf', bytes: documents[0].bytes }];
    const zip = await bundleSignedBy(pki.sender, docs);
    const xml = (await entriesOf(zip)).get('META-INF/signatures.xml')!.toString();
    assert.match(xml, /URI="my\+contract\+%28v2%29\.pdf"/);
    const result = await verifyDocumentBundle(zip, { ...options, trustedCaPems: [pki.intermediatePem, pki.rootPem] });
    assert.ok(result.ok, !result.ok ? result.message : '');
  });

  test('refuses a changed document byte', async () => {
    const entries = await entriesOf(good);
    const changed = Buffer.from(entries.get('document.pdf')!);
    changed[10] ^= 0x01;
    entries.set('document.pdf', changed);
    const result = await verifyDocumentBundle(await zipOf(entries), options);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'INVALID_SIGNATURE');
    assert.match(!result.ok ? result.message : '', /document\.pdf/);
  });

  test('refuses a changed manifest', async () => {
    const entries = await entriesOf(good);
    entries.set('manifest.xml', Buffer.from(manifestXml.replace('Required job title', 'Another title')));
    const result = await verifyDocumentBundle(await zipOf(entries), options);
    assert.equal(!result.ok && result.code, 'INVALID_SIGNATURE');
  });

  test('refuses an entry the signature does not cover, and a missing one', async () => {
    const extra = await entriesOf(good);
    extra.set('smuggled.pdf', Buffer.from('%PDF-1.4'));
    const withExtra = await verifyDocumentBundle(await zipOf(extra), options);
    assert.equal(!withExtra.ok && withExtra.code, 'INVALID_SIGNATURE');
    assert.match(!withExtra.ok ? withExtra.message : '', /smuggled\.pdf/);

    const missing = await entriesOf(good);
    missing.delete('document2.pdf');
    const withMissing = await verifyDocumentBundle(await zipOf(missing), options);
    assert.equal(!withMissing.ok && withMissing.code, 'INVALID_BUNDLE');
  });

  test('refuses a bundle without manifest.xml or signatures.xml, and a non-zip', async () => {
    const noManifest = await entriesOf(good);
    noManifest.delete('manifest.xml');
    const a = await verifyDocumentBundle(await zipOf(noManifest), options);
    assert.equal(!a.ok && a.code, 'INVALID_BUNDLE');
    const noSignature = await entriesOf(good);
    noSignature.delete('META-INF/signatures.xml');
    const b = await verifyDocumentBundle(await zipOf(noSignature), options);
    assert.equal(!b.ok && b.code, 'INVALID_BUNDLE');
    const c = await verifyDocumentBundle(Buffer.from('PK but not really a zip'), options);
    assert.equal(!c.ok && c.code, 'INVALID_BUNDLE');
  });

  test('refuses a signing certificate from a foreign CA', async () => {
    const result = await verifyDocumentBundle(await bundleSignedBy(pki.foreign), options);
    assert.equal(!result.ok && result.code, 'UNTRUSTED_CERTIFICATE');
  });

  test('refuses a foreign certificate even when the trusted intermediate travels with it', async () => {
    const sandboxIntermediates = pki.sender.certificateChainPems.slice(1);
    const smuggled = { ...pki.foreign, certificateChainPems: [pki.foreign.certificateChainPems[0], ...sandboxIntermediates] };
    const result = await verifyDocumentBundle(await bundleSignedBy(smuggled), options);
    assert.equal(!result.ok && result.code, 'UNTRUSTED_CERTIFICATE');
  });

  test('refuses an expired signing certificate', async () => {
    const result = await verifyDocumentBundle(good, { ...options, now: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000) });
    assert.equal(!result.ok && result.code, 'UNTRUSTED_CERTIFICATE');
  });

  test('refuses a certificate of another organisation', async () => {
    const result = await verifyDocumentBundle(await bundleSignedBy(pki.otherOrganization), options);
    assert.equal(!result.ok && result.code, 'WRONG_ORGANIZATION');
    assert.match(!result.ok ? result.message : '', /987654321/);
  });

  test('refuses the KeyInfo substitution attack (crypto-notes §7.2) that naive xadesjs accepts', async () => {
    // Change the PDF, fix its digest, re-sign SignedInfo with a rogue key and put the rogue certificate
    // into KeyInfo; SignedProperties still name the genuine certificate.
    const entries = await entriesOf(good);
    const forged = Buffer.from('%PDF-1.4\nthe contract, but pay the attacker\n%%EOF\n');
    entries.set('document.pdf', forged);
    let xml = entries.get('META-INF/signatures.xml')!.toString('utf8');
    const oldDigest = createHash('sha256').update(documents[0].bytes).digest('base64');
    xml = xml.replace(oldDigest, createHash('sha256').update(forged).digest('base64'));
    const signedInfo = /<SignedInfo>.*<\/SignedInfo>/.exec(xml)![0].replace('<SignedInfo>', `<SignedInfo xmlns="${DSIG_NS}">`);
    const rogueValue = sign('sha256', Buffer.from(signedInfo), createPrivateKey(pki.foreign.privateKeyPem)).toString('base64');
    xml = xml.replace(/<SignatureValue>[^<]*<\/SignatureValue>/, `<SignatureValue>${rogueValue}</SignatureValue>`);
    const rogueCert = new X509Certificate(pki.foreign.certificatePem).raw.toString('base64');
    xml = xml.replace('</X509Data>', `<X509Certificate>${rogueCert}</X509Certificate></X509Data>`);
    entries.set('META-INF/signatures.xml', Buffer.from(xml));

    assert.equal(await naiveXadesjsVerify(xml, entries), true, 'the forgery should fool a key-less xadesjs Verify()');
    const result = await verifyDocumentBundle(await zipOf(entries), options);
    assert.equal(!result.ok && result.code, 'INVALID_SIGNATURE');
  });

  test('refuses a second signature element or a DOCTYPE', async () => {
    const entries = await entriesOf(good);
    const xml = entries.get('META-INF/signatures.xml')!.toString('utf8');
    const signature = /<Signature .*<\/Signature>/.exec(xml)![0];
    entries.set('META-INF/signatures.xml', Buffer.from(xml.replace('</XAdESSignatures>', `${signature}</XAdESSignatures>`)));
    const twice = await verifyDocumentBundle(await zipOf(entries), options);
    assert.equal(!twice.ok && twice.code, 'INVALID_SIGNATURE');
    entries.set('META-INF/signatures.xml', Buffer.from(xml.replace('standalone="no"?>', 'standalone="no"?><!DOCTYPE x [<!ENTITY a "b">]>')));
    const doctype = await verifyDocumentBundle(await zipOf(entries), options);
    assert.equal(!doctype.ok && doctype.code, 'INVALID_SIGNATURE');
  });
});

async function naiveXadesjsVerify(xml: string, entries: Map<string, Buffer>): Promise<boolean> {
  xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
  const document = new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
  const signed = new xadesjs.SignedXml(document);
  signed.LoadXml(document.getElementsByTagNameNS(DSIG_NS, 'Signature')[0]);
  signed.contentHandler = async (reference) => {
    const bytes = reference.Uri && !reference.Uri.startsWith('#') ? entries.get(reference.Uri) : undefined;
    return bytes ? new Uint8Array(bytes) : null;
  };
  return signed.Verify();
}

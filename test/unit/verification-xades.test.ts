import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createSign, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import { createForeignClientCertificate, loadOrCreatePki } from '../../sandbox/pki';
import { signDocumentsXades } from '../../sandbox/signing/xades';
import { verifyXades } from '../../src-main/core/verification/xades';
import { createTranslator, formatDateTime, verificationText } from '../../src-shared/i18n';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const work = await mkdtemp(path.join(tmpdir(), 'verify-xades-'));
test.after(() => rm(work, { recursive: true, force: true }));
const pki = await loadOrCreatePki(path.join(work, 'data'));
const rogue = await createForeignClientCertificate(path.join(work, 'foreign'), '999999999');
const signer = await pki.signerKeyPair({ id: 'kari', displayName: 'Kari Nordmann' });

const documents = [
  { fileName: 'Arbeidsavtale 2026.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.7\nthe contract\n%%EOF\n') },
  { fileName: 'vedlegg & notater.txt', mimeType: 'text/plain', bytes: Buffer.from('vedlegg\n') },
];
const files = documents.map(({ fileName, bytes }) => ({ fileName, bytes }));
const xml = signDocumentsXades({ documents, signer, signingTime: new Date('2026-01-05T10:00:00Z') });
const trusted = { documents: files, trustedCaPems: [pki.rootCertPem] };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');
const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');

/** Re-signs SignedInfo with `keyPem` after `edit`; the profile's SignedInfo is already in C14N form in its context. */
function resign(source: string, keyPem: string, edit: (signedInfo: string) => string = (s) => s): string {
  const inner = /<SignedInfo>([\s\S]*?)<\/SignedInfo>/.exec(source)![1];
  const edited = edit(inner);
  const value = createSign('RSA-SHA256').update(`<SignedInfo xmlns="${DSIG}">${edited}</SignedInfo>`).sign(keyPem, 'base64');
  return source
    .replace(`<SignedInfo>${inner}</SignedInfo>`, `<SignedInfo>${edited}</SignedInfo>`)
    .replace(/<SignatureValue>[^<]*<\/SignatureValue>/, `<SignatureValue>${value}</SignatureValue>`);
}

test('a signer XAdES over the job documents verifies', async () => {
  const result = await verifyXades(xml, trusted);
  assert.equal(result.ok, true, result.summary);
  assert.match(result.signerSubject ?? '', /CN=Kari Nordmann/);
  assert.equal(result.signingTime, '2026-01-05T11:00:00+01:00');
  assert.equal(result.problem, undefined);
  assert.match(result.summary, /all 2 documents/);
  assert.deepEqual(result.signer, { name: 'Kari Nordmann', organizationNumber: null });
  // In Norwegian, with the holder by name (no CN=, no SERIALNUMBER=UN:NO-…) and the time in local time.
  const nb = verificationText(createTranslator('nb'), result.report);
  assert.equal(nb, `Signert av Kari Nordmann ${formatDateTime('nb', '2026-01-05T11:00:00+01:00')}; signaturen og sjekksummene for alle 2 dokumentene stemmer, og sertifikatet er klarert.`);
  assert.doesNotMatch(nb, /CN=|SERIALNUMBER|UN:NO|T\d\d:\d\d/);
});

test('a document changed after signing is not valid', async () => {
  const tampered = [files[0], { ...files[1], bytes: Buffer.from('vedlegg, endret\n') }];
  const result = await verifyXades(xml, { ...trusted, documents: tampered });
  assert.equal(result.ok, false);
  assert.match(result.problem ?? '', /vedlegg & notater\.txt" differs from what was signed/);
});

test('a changed signing time breaks the SignedProperties digest (XMLJS0013 is a verdict, not a throw)', async () => {
  const result = await verifyXades(xml.replace('2026-01-05T11:00:00', '2026-01-04T11:00:00'), trusted);
  assert.equal(result.ok, false);
  assert.match(result.problem ?? '', /#SignedProperties.*changed after signing/);
});

test('KeyInfo substitution: a rogue key re-signing a changed document is refused, though naive xadesjs accepts it', async () => {
  const changed = Buffer.from('%PDF-1.7\nthe contract, now with better terms\n%%EOF\n');
  const forged = resign(xml, rogue.keyPem, (s) => s.replace(sha256(files[0].bytes), sha256(changed))).replace(
    '<X509Data>',
    `<X509Data><X509Certificate>${der(rogue.certPem)}</X509Certificate>`,
  );
  const tamperedFiles = [{ ...files[0], bytes: changed }, files[1]];

  // the attack is real: xadesjs without an explicit key takes the first KeyInfo certificate
  const document = new DOMParser().parseFromString(forged, 'application/xml');
  const naive = new xadesjs.SignedXml(document as never);
  naive.LoadXml(document.getElementsByTagNameNS(DSIG, 'Signature')[0] as never);
  naive.contentHandler = async (reference) => {
    const file = tamperedFiles.find((f) => encodeURIComponent(f.fileName) === reference.Uri);
    return file ? new Uint8Array(file.bytes) : null;
  };
  xadesjs.Application.setEngine('NodeJS', webcrypto as unknown as Crypto);
  assert.equal(await naive.Verify(), true, 'precondition: naive Verify() accepts the forgery');

  const result = await verifyXades(forged, { ...trusted, documents: tamperedFiles });
  assert.equal(result.ok, false);
  assert.match(result.problem ?? '', /signature value does not verify/);
});

test('pointing SigningCertificate at a rogue certificate fails on trust', async () => {
  const rogueDigest = createHash('sha1').update(new X509Certificate(rogue.certPem).raw).digest('base64');
  const realDigest = createHash('sha1').update(new X509Certificate(signer.certPem).raw).digest('base64');
  const serial = BigInt(`0x${new X509Certificate(rogue.certPem).serialNumber}`).toString(10);
  const withRogueProperties = xml
    .replace(realDigest, rogueDigest)
    .replace(/<ns2:X509SerialNumber>\d+<\/ns2:X509SerialNumber>/, `<ns2:X509SerialNumber>${serial}</ns2:X509SerialNumber>`)
    .replace('<X509Data>', `<X509Data><X509Certificate>${der(rogue.certPem)}</X509Certificate>`);
  // the SignedProperties digest must be recomputed over its canonical form, as the sandbox generator does
  const properties = /<SignedProperties Id="SignedProperties">([\s\S]*?)<\/SignedProperties>/.exec(withRogueProperties)![1];
  const canonical = `<SignedProperties xmlns="http://uri.etsi.org/01903/v1.3.2#" xmlns:ns2="${DSIG}" Id="SignedProperties">${properties}</SignedProperties>`;
  const oldDigest = /URI="#SignedProperties">[\s\S]*?<DigestValue>([^<]+)<\/DigestValue>/.exec(xml)![1];
  const forged = resign(withRogueProperties, rogue.keyPem, (s) => s.replace(oldDigest, sha256(Buffer.from(canonical))));
  const result = await verifyXades(forged, trusted);
  assert.equal(result.ok, false);
  assert.match(result.problem ?? '', /not trusted/);
  // with the rogue CA as anchor the same file verifies: the trust check is what stopped it
  const underRogueTrust = await verifyXades(forged, { ...trusted, trustedCaPems: [rogue.caCertPem] });
  assert.equal(underRogueTrust.ok, true, underRogueTrust.summary);
});

test('an untrusted anchor, an uncovered document and a missing SignedProperties reference are each refused', async () => {
  const untrusted = await verifyXades(xml, { ...trusted, trustedCaPems: [rogue.caCertPem] });
  assert.equal(untrusted.ok, false);
  assert.match(untrusted.problem ?? '', /not trusted/);

  const extra = await verifyXades(xml, { ...trusted, documents: [...files, { fileName: 'extra.pdf', bytes: Buffer.from('x') }] });
  assert.equal(extra.ok, false);
  assert.match(extra.problem ?? '', /does not cover: extra\.pdf/);

  const noProperties = xml.replace(/<Reference Type="http:\/\/uri\.etsi\.org\/01903#SignedProperties"[\s\S]*?<\/Reference>/, '');
  const missing = await verifyXades(noProperties, trusted);
  assert.equal(missing.ok, false);
  assert.match(missing.problem ?? '', /SignedProperties/);
});

test('form-encoded URIs ("+" for a space) resolve to the document names', async () => {
  const formEncoded = xml.replace('URI="Arbeidsavtale%202026.pdf"', 'URI="Arbeidsavtale+2026.pdf"');
  assert.notEqual(formEncoded, xml);
  const result = await verifyXades(resign(formEncoded, signer.keyPem), trusted);
  assert.equal(result.ok, true, result.summary);
});

test('garbage and foreign XML give ok:false with a message', async () => {
  for (const input of ['', 'not xml', '<a><b></a>', '<root/>', '<!DOCTYPE x [<!ENTITY e "e">]><root>&e;</root>']) {
    const result = await verifyXades(input, trusted);
    assert.equal(result.ok, false, input);
    assert.ok((result.problem ?? '').length > 0);
    assert.match(result.summary, /^Not valid\. /);
    assert.equal(result.report.ok, false);
    assert.ok(result.report.findings.length > 0);
  }
});

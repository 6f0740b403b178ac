import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createForeignClientCertificate, loadOrCreatePki } from '../../sandbox/pki';
import { addPadesSignature, buildUnsignedResultPdf } from '../../sandbox/signing/pades';
import { pdfDate, verifyPades } from '../../src-main/core/verification/pades';
import { createTranslator, verificationText } from '../../src-shared/i18n';
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

const work = await mkdtemp(path.join(tmpdir(), 'verify-pades-'));
test.after(() => rm(work, { recursive: true, force: true }));
const pki = await loadOrCreatePki(path.join(work, 'data'));
const foreign = await createForeignClientCertificate(path.join(work, 'foreign'), '999999999');
const trusted = { trustedCaPems: [pki.rootCertPem] };

const unsigned = await buildUnsignedResultPdf({
  id: 'job-1',
  title: 'Arbeidsavtale',
  signers: [
    { name: 'Ola Nordmann', order: 1 },
    { name: 'Kari Nordmann', order: 2 },
  ],
  documents: [{ title: 'Avtale', fileName: 'avtale.txt', mimeType: 'text/plain', bytes: Buffer.from('Avtaletekst\n') }],
});
const ola = await pki.signerKeyPair({ id: 'ola', displayName: 'Ola Nordmann' });
const kari = await pki.signerKeyPair({ id: 'kari', displayName: 'Kari Nordmann' });
const once = await addPadesSignature(unsigned, ola, { signerName: 'Ola Nordmann', signingTime: new Date('2026-01-05T10:00:00Z') });
const twice = await addPadesSignature(once, kari, { signerName: 'Kari Nordmann', signingTime: new Date('2026-01-06T10:00:00Z') });

test('two intact, trusted signatures over the whole file verify', async () => {
  const result = await verifyPades(twice, trusted);
  assert.equal(result.ok, true, result.summary);
  assert.equal(result.coversWholeFile, true);
  assert.equal(result.signatures.length, 2);
  assert.match(result.signatures[0].signerSubject, /CN=Ola Nordmann/);
  assert.match(result.signatures[1].signerSubject, /CN=Kari Nordmann/);
  assert.equal(result.signatures[0].signedAt, '2026-01-05T10:00:00.000Z');
  for (const s of result.signatures) {
    assert.deepEqual([s.digestOk, s.signatureOk, s.chainOk, s.essCertOk, s.problem], [true, true, true, true, undefined]);
  }
  assert.match(result.summary, /2 signatures, all intact and trusted/);
  assert.deepEqual(result.report.signers, [{ name: 'Ola Nordmann', organizationNumber: null }, { name: 'Kari Nordmann', organizationNumber: null }]);
  assert.equal(verificationText(createTranslator('nb'), result.report), '2 signaturer, alle intakte og klarerte; den siste signaturen dekker hele filen.');
});

test('a single signature that covers the file verifies on its own', async () => {
  const result = await verifyPades(once, trusted);
  assert.equal(result.ok, true, result.summary);
  assert.equal(result.signatures.length, 1);
});

test('one changed byte in the signed revision breaks the digest of both signatures', async () => {
  const tampered = Buffer.from(twice);
  const at = tampered.indexOf('/MediaBox') + 12;
  tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
  const result = await verifyPades(tampered, trusted);
  assert.equal(result.ok, false);
  for (const s of result.signatures) {
    assert.equal(s.digestOk, false);
    assert.equal(s.signatureOk, false);
    assert.equal(s.chainOk, true, 'the certificate itself is still trusted');
    assert.match(s.problem ?? '', /changed after it was signed/);
  }
});

test('a foreign trust anchor leaves the signatures intact but the chain untrusted', async () => {
  const result = await verifyPades(twice, { trustedCaPems: [foreign.caCertPem] });
  assert.equal(result.ok, false);
  for (const s of result.signatures) {
    assert.equal(s.digestOk, true);
    assert.equal(s.signatureOk, true);
    assert.equal(s.chainOk, false);
    assert.match(s.problem ?? '', /not trusted/);
  }
});

test('an expired signer certificate at the check date is not trusted', async () => {
  const result = await verifyPades(twice, { ...trusted, now: new Date('2080-01-01T00:00:00Z') });
  assert.equal(result.ok, false);
  assert.equal(result.signatures[0].signatureOk, true);
  assert.equal(result.signatures[0].chainOk, false);
});

test('an unsigned revision appended after the last signature is flagged', async () => {
  const appended = Buffer.concat([twice, Buffer.from('\n99 0 obj\n<< /Evil true >>\nendobj\n', 'latin1')]);
  const result = await verifyPades(appended, trusted);
  assert.equal(result.ok, false);
  assert.equal(result.coversWholeFile, false);
  assert.ok(result.signatures.every((s) => s.digestOk && s.signatureOk && s.chainOk));
  assert.match(result.summary, /appended after the last signature/);
});

test('a ByteRange that leaves out more than the Contents is refused', async () => {
  const text = once.toString('latin1');
  const match = /\/ByteRange\s*\[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text)!;
  const [a, b, c, d] = match.slice(1).map(Number);
  // widen the gap by one byte on each side and keep the field the same length
  const forged = `/ByteRange [${a} ${b - 1} ${c + 1} ${d - 1}]`.padEnd(match[0].length, ' ');
  const result = await verifyPades(Buffer.from(text.replace(match[0], forged), 'latin1'), trusted);
  assert.equal(result.ok, false);
  assert.match(result.signatures.map((s) => s.problem).join(' '), /more than its hex \/Contents|outside/);
  assert.ok(result.report.findings.some((f) => f.key === 'signatureFieldDamaged' && f.signature === 1), JSON.stringify(result.report));
  assert.match(result.summary, /A signature field in the PDF is damaged/);
});

test('garbage, a non-PDF and an unsigned PDF give a clear ok:false, never a throw', async () => {
  const garbage = await verifyPades(Buffer.from('this is not a pdf at all'), trusted);
  assert.equal(garbage.ok, false);
  assert.match(garbage.summary, /not a PDF/);
  const empty = await verifyPades(Buffer.alloc(0), trusted);
  assert.equal(empty.ok, false);
  const none = await verifyPades(unsigned, trusted);
  assert.equal(none.ok, false);
  assert.match(none.summary, /no signatures/);
  const brokenCms = Buffer.from(twice.toString('latin1').replace(/\/Contents\s*<3082/g, '/Contents <0000'), 'latin1');
  const broken = await verifyPades(brokenCms, trusted);
  assert.equal(broken.ok, false);
  assert.ok(broken.signatures.some((s) => /CMS cannot be read/.test(s.problem ?? '')), broken.summary);
  const noAnchors = await verifyPades(twice, { trustedCaPems: ['not a certificate'] });
  assert.equal(noAnchors.ok, false);
  assert.match(noAnchors.summary, /trusted CA certificate could not be read/);
});

test('PDF dates become ISO instants', () => {
  assert.equal(pdfDate("D:20260105110000+01'00'"), '2026-01-05T10:00:00.000Z');
  assert.equal(pdfDate('D:20260105100000Z'), '2026-01-05T10:00:00.000Z');
  assert.equal(pdfDate('D:2026'), '2026-01-01T00:00:00.000Z');
  assert.equal(pdfDate('yesterday'), undefined);
});

/** A CMS like the sandbox's, but whose ESS signing-certificate-v2 names `essCertPem` (or is left out). */
class EssTestSigner extends Signer {
  constructor(
    private readonly keyPair: { keyPem: string; certPem: string },
    private readonly essCertPem: string | null,
  ) {
    super();
  }

  override async sign(data: Buffer): Promise<Buffer> {
    const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto });
    const leaf = pkijs.Certificate.fromBER(new Uint8Array(new X509Certificate(this.keyPair.certPem).raw));
    const attributes = [
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] }),
      new pkijs.Attribute({
        type: '1.2.840.113549.1.9.4',
        values: [new asn1js.OctetString({ valueHex: new Uint8Array(createHash('sha256').update(data).digest()) })],
      }),
    ];
    if (this.essCertPem) {
      const hash = createHash('sha256').update(new X509Certificate(this.essCertPem).raw).digest();
      const ess = new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: new Uint8Array(hash) })] })] })],
      });
      attributes.push(new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.47', values: [ess] }));
    }
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: leaf.issuer, serialNumber: leaf.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        }),
      ],
      certificates: [leaf, pkijs.Certificate.fromBER(new Uint8Array(new X509Certificate(pki.intermediateCertPem).raw))],
    });
    const der = Buffer.from(this.keyPair.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    await signedData.sign(key as unknown as CryptoKey, 0, 'SHA-256', undefined, engine);
    const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) });
    return Buffer.from(info.toSchema().toBER(false));
  }
}

async function signWith(essCertPem: string | null): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: unsigned,
    reason: 'test',
    contactInfo: '',
    name: 'Ola',
    location: '',
    signatureLength: 8192,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  return new SignPdf().sign(withPlaceholder, new EssTestSigner(ola, essCertPem));
}

test('the ESS signing-certificate must name the signer certificate', async () => {
  const control = await verifyPades(await signWith(ola.certPem), trusted);
  assert.equal(control.ok, true, `control: ${control.summary}`);

  const wrong = await verifyPades(await signWith(kari.certPem), trusted);
  assert.equal(wrong.ok, false);
  assert.deepEqual([wrong.signatures[0].signatureOk, wrong.signatures[0].chainOk, wrong.signatures[0].essCertOk], [true, true, false]);
  assert.match(wrong.signatures[0].problem ?? '', /ESS signing-certificate hash does not match/);

  const absent = await verifyPades(await signWith(null), trusted);
  assert.equal(absent.ok, false);
  assert.equal(absent.signatures[0].essCertOk, false);
  assert.match(absent.signatures[0].problem ?? '', /no ESS signing-certificate attribute/);
});

import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { escapeAttribute, escapeText, jaxbDateTime, javaUrlEncode } from './java-text';
import { rfc2253IssuerName } from './rfc2253';
import type { SigningKey } from './types';

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
const ASIC_NS = 'http://uri.etsi.org/2918/v1.2.1#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

export interface SignedFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

/** A file already hashed, so large documents are hashed once by whoever holds them. */
export interface DigestedFile {
  name: string;
  mimeType: string;
  sha256: Buffer;
}

/**
 * `META-INF/signatures.xml` in the Java client's exact byte profile (posten-api.md §4.2). Built from
 * string templates that are already in canonical (inclusive C14N 1.0) form: no XML-DSig library
 * produces this profile (xadesjs writes other prefixes, issuer format and transforms, crypto-notes
 * §4.5), and the test vector pins the bytes.
 */
export function createSignaturesXml(input: { files: SignedFile[]; key: SigningKey; signingTime: Date; timeZone?: string }): string {
  return createSignaturesXmlFromDigests({
    ...input,
    files: input.files.map((file) => ({ name: file.name, mimeType: file.mimeType, sha256: sha256(file.bytes) })),
  });
}

export function createSignaturesXmlFromDigests(input: { files: DigestedFile[]; key: SigningKey; signingTime: Date; timeZone?: string }): string {
  const { files, key } = input;
  if (files.length === 0) throw new Error('A bundle signature needs at least one file.');
  if (key.certificateChainPems.length === 0) throw new Error('The signing key has no certificate.');
  const privateKey = createPrivateKey(key.privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('The bundle profile requires an RSA key (RSA-SHA256).');

  const chain = key.certificateChainPems.map((pem) => new X509Certificate(pem));
  const leaf = chain[0];
  if (!leaf.checkPrivateKey(privateKey)) throw new Error('The private key does not belong to the first certificate of the chain.');

  const signingTime = jaxbDateTime(input.signingTime, input.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const signedProperties =
    `<SignedProperties xmlns="${XADES_NS}" xmlns:ns2="${DSIG_NS}" Id="SignedProperties">` +
    `<SignedSignatureProperties><SigningTime>${escapeText(signingTime)}</SigningTime>` +
    `<SigningCertificate><Cert><CertDigest><ns2:DigestMethod Algorithm="${SHA1}"></ns2:DigestMethod>` +
    `<ns2:DigestValue>${createHash('sha1').update(leaf.raw).digest('base64')}</ns2:DigestValue></CertDigest>` +
    `<IssuerSerial><ns2:X509IssuerName>${escapeText(rfc2253IssuerName(leaf.raw))}</ns2:X509IssuerName>` +
    `<ns2:X509SerialNumber>${BigInt(`0x${leaf.serialNumber}`).toString(10)}</ns2:X509SerialNumber></IssuerSerial>` +
    `</Cert></SigningCertificate></SignedSignatureProperties><SignedDataObjectProperties>` +
    files
      .map((file, i) => `<DataObjectFormat ObjectReference="#ID_${i}"><MimeType>${escapeText(file.mimeType)}</MimeType></DataObjectFormat>`)
      .join('') +
    `</SignedDataObjectProperties></SignedProperties>`;

  const signedInfoContent =
    `<CanonicalizationMethod Algorithm="${C14N}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="${RSA_SHA256}"></SignatureMethod>` +
    files
      .map(
        (file, i) =>
          `<Reference Id="ID_${i}" URI="${escapeAttribute(javaUrlEncode(file.name))}">` +
          `<DigestMethod Algorithm="${SHA256}"></DigestMethod><DigestValue>${file.sha256.toString('base64')}</DigestValue></Reference>`,
      )
      .join('') +
    `<Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties">` +
    `<Transforms><Transform Algorithm="${C14N}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="${SHA256}"></DigestMethod><DigestValue>${sha256(Buffer.from(signedProperties, 'utf8')).toString('base64')}</DigestValue></Reference>`;

  // In canonical form SignedInfo carries the dsig namespace it inherits from Signature.
  const canonicalSignedInfo = `<SignedInfo xmlns="${DSIG_NS}">${signedInfoContent}</SignedInfo>`;
  const signatureValue = sign('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), privateKey).toString('base64');

  // Serialised with the declarations once on the ancestors; the canonical forms above are what they render to.
  const signedPropertiesInContext = signedProperties.replace(` xmlns="${XADES_NS}" xmlns:ns2="${DSIG_NS}"`, '');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` +
    `<XAdESSignatures xmlns="${ASIC_NS}"><Signature xmlns="${DSIG_NS}" Id="Signature">` +
    `<SignedInfo>${signedInfoContent}</SignedInfo>` +
    `<SignatureValue>${signatureValue}</SignatureValue>` +
    `<KeyInfo><X509Data>${chain.map((c) => `<X509Certificate>${c.raw.toString('base64')}</X509Certificate>`).join('')}</X509Data></KeyInfo>` +
    `<Object><QualifyingProperties xmlns="${XADES_NS}" xmlns:ns2="${DSIG_NS}" Target="#Signature">${signedPropertiesInContext}</QualifyingProperties></Object>` +
    `</Signature></XAdESSignatures>`
  );
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

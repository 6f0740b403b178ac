// XAdES B-B in the Posten bundle profile (posten-api.md §4.2), written from string templates and
// signed with node:crypto. Hand-rolled because no JS library emits this exact profile: xadesjs
// writes prefixes, a non-RFC 2253 issuer and no C14N transform on the SignedProperties reference.
// The templates are already in inclusive C14N form, so what is hashed is exactly what is written.
import { createHash, createSign, X509Certificate } from 'node:crypto';
import type { KeyPair } from '../pki';
import { pemToDer } from './pem';
import { rfc2253IssuerName } from './rfc2253';

const NS = {
  asic: 'http://uri.etsi.org/2918/v1.2.1#',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
} as const;
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

export interface XadesFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function escapeAttribute(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** java.net.URLEncoder (form encoding), as the Java client writes Reference URIs; safe names pass unchanged. */
export function javaUrlEncode(name: string): string {
  return encodeURIComponent(name)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * 'java-form' is the bundle profile byte for byte; 'rfc3986' (space as %20) is what generic
 * verifiers such as xmlsec1 resolve to a file, since they read "+" literally. Both agree on the
 * safe names ([0-9A-Za-z._-]) that clients are told to use.
 */
export type UriEncoding = 'java-form' | 'rfc3986';

function referenceUri(fileName: string, encoding: UriEncoding): string {
  return encoding === 'java-form' ? javaUrlEncode(fileName) : encodeURIComponent(fileName);
}

function offsetMinutes(date: Date, timeZone: string): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** javax.xml.bind.DatatypeConverter.printDateTime: millis only when non-zero, Z for UTC, else ±hh:mm. */
export function jaxbDateTime(date: Date, timeZone = 'Europe/Oslo'): string {
  const offset = offsetMinutes(date, timeZone);
  const local = new Date(date.getTime() + offset * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const millis = local.getUTCMilliseconds() ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
  const abs = Math.abs(offset);
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return base + millis + zone;
}

function b64(hash: 'sha1' | 'sha256', data: Buffer | string): string {
  return createHash(hash).update(data).digest('base64');
}

function signedPropertiesInner(files: XadesFile[], signerCertPem: string, signingTime: string): string {
  const cert = new X509Certificate(signerCertPem);
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
  const formats = files
    .map((f, i) => `<DataObjectFormat ObjectReference="#ID_${i}"><MimeType>${escapeText(f.mimeType)}</MimeType></DataObjectFormat>`)
    .join('');
  return (
    `<SignedSignatureProperties><SigningTime>${signingTime}</SigningTime><SigningCertificate><Cert><CertDigest>` +
    `<ns2:DigestMethod Algorithm="${SHA1}"></ns2:DigestMethod><ns2:DigestValue>${b64('sha1', pemToDer(signerCertPem))}</ns2:DigestValue>` +
    `</CertDigest><IssuerSerial><ns2:X509IssuerName>${escapeText(rfc2253IssuerName(signerCertPem))}</ns2:X509IssuerName>` +
    `<ns2:X509SerialNumber>${serial}</ns2:X509SerialNumber></IssuerSerial></Cert></SigningCertificate></SignedSignatureProperties>` +
    `<SignedDataObjectProperties>${formats}</SignedDataObjectProperties>`
  );
}

function signedInfoInner(files: XadesFile[], signedPropertiesDigest: string, encoding: UriEncoding): string {
  const references = files
    .map(
      (f, i) =>
        `<Reference Id="ID_${i}" URI="${escapeAttribute(referenceUri(f.fileName, encoding))}"><DigestMethod Algorithm="${SHA256}"></DigestMethod>` +
        `<DigestValue>${b64('sha256', f.bytes)}</DigestValue></Reference>`,
    )
    .join('');
  return (
    `<CanonicalizationMethod Algorithm="${C14N}"></CanonicalizationMethod><SignatureMethod Algorithm="${RSA_SHA256}"></SignatureMethod>` +
    references +
    `<Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties"><Transforms><Transform Algorithm="${C14N}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="${SHA256}"></DigestMethod><DigestValue>${signedPropertiesDigest}</DigestValue></Reference>`
  );
}

/** The whole profile, for any list of files (the bundle adds manifest.xml last; result XAdES has only documents). */
export function createXadesSignature(input: {
  files: XadesFile[];
  signer: KeyPair;
  signingTime: Date;
  timeZone?: string;
  uriEncoding?: UriEncoding;
}): string {
  if (input.files.length === 0) throw new Error('nothing to sign');
  const time = jaxbDateTime(input.signingTime, input.timeZone);
  const propertiesInner = signedPropertiesInner(input.files, input.signer.certPem, time);
  // canonical form in context: the declarations in scope at SignedProperties are rendered on it
  const canonicalProperties = `<SignedProperties xmlns="${NS.xades}" xmlns:ns2="${NS.dsig}" Id="SignedProperties">${propertiesInner}</SignedProperties>`;
  const infoInner = signedInfoInner(input.files, b64('sha256', canonicalProperties), input.uriEncoding ?? 'java-form');
  const canonicalInfo = `<SignedInfo xmlns="${NS.dsig}">${infoInner}</SignedInfo>`;
  const signatureValue = createSign('RSA-SHA256').update(canonicalInfo).sign(input.signer.keyPem, 'base64');
  const certificates = [input.signer.certPem, ...input.signer.chainPems]
    .map((pem) => `<X509Certificate>${pemToDer(pem).toString('base64')}</X509Certificate>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` +
    `<XAdESSignatures xmlns="${NS.asic}"><Signature xmlns="${NS.dsig}" Id="Signature">` +
    `<SignedInfo>${infoInner}</SignedInfo><SignatureValue>${signatureValue}</SignatureValue>` +
    `<KeyInfo><X509Data>${certificates}</X509Data></KeyInfo>` +
    `<Object><QualifyingProperties xmlns="${NS.xades}" xmlns:ns2="${NS.dsig}" Target="#Signature">` +
    `<SignedProperties Id="SignedProperties">${propertiesInner}</SignedProperties></QualifyingProperties></Object>` +
    `</Signature></XAdESSignatures>`
  );
}

/** A signer's result XAdES: the same profile, signed by the signer's certificate, over the job's documents. */
export function signDocumentsXades(input: {
  documents: { fileName: string; mimeType: string; bytes: Buffer }[];
  signer: KeyPair;
  signingTime: Date;
}): string {
  // the result is checked by people with generic tools (xmlsec1), which need resolvable URIs
  return createXadesSignature({ files: input.documents, signer: input.signer, signingTime: input.signingTime, uriEncoding: 'rfc3986' });
}

// Checks a signer's downloaded XAdES against the documents we sent. xadesjs checks the reference
// digests and the SignatureValue; which certificate may sign, that every document is covered, and
// the path to our trust anchors are checked here, because xadesjs' key-less Verify() accepts any
// certificate an attacker puts into the unsigned KeyInfo (crypto-notes §7.2).
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import * as xpath from 'xpath';
import { createTranslator, verificationText } from '../../../src-shared/i18n';
import type { CertificateHolder, VerificationFindingKey, VerificationReport } from '../../../src-shared/verification';
import { checkChain, errorMessage, holderOfName, parseCertificate, readableName } from './certificates';

export interface XadesVerification {
  ok: boolean;
  /** The full distinguished name (technical); `signer` is how people name the holder. */
  signerSubject?: string;
  signer?: CertificateHolder;
  signingTime?: string;
  /** Technical English; `report` holds the same as a key the UI words. */
  problem?: string;
  /** In English, for logs and `--json`. */
  summary: string;
  report: VerificationReport;
}

export interface XadesDocument {
  fileName: string;
  bytes: Buffer;
}

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
const SIGNED_PROPERTIES_TYPES = new Set(['http://uri.etsi.org/01903#SignedProperties', 'http://uri.etsi.org/01903/v1.3.2#SignedProperties']);
const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
// document references must use a collision-resistant digest; SHA-1 is only accepted for CertDigest
const DOCUMENT_DIGESTS = new Set(['sha256', 'sha384', 'sha512']);
const SIGNATURE_METHODS: Record<string, { kind: 'rsa' | 'ec'; hash: string }> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { kind: 'rsa', hash: 'SHA-256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { kind: 'rsa', hash: 'SHA-384' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { kind: 'rsa', hash: 'SHA-512' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { kind: 'ec', hash: 'SHA-256' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { kind: 'ec', hash: 'SHA-384' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { kind: 'ec', hash: 'SHA-512' },
};

xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
xadesjs.Application.setEngine('NodeJS', webcrypto as unknown as Crypto);

/** A verdict: what is wrong as a finding key (and its parameters), the technical text as message. */
class Invalid extends Error {
  constructor(
    readonly key: VerificationFindingKey,
    message: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
  }
}

interface Found {
  signerSubject?: string;
  signer?: CertificateHolder;
  signingTime?: string;
}

const english = createTranslator('en');

export async function verifyXades(
  xml: string,
  options: { documents: XadesDocument[]; trustedCaPems: string[]; now?: Date },
): Promise<XadesVerification> {
  const found: Found = {};
  const base = () => ({ kind: 'xades' as const, signatures: 1, signers: [found.signer ?? null], ...(found.signingTime ? { signedAt: found.signingTime } : {}) });
  try {
    const documentCount = await verify(xml, options, found);
    const report: VerificationReport = { ...base(), ok: true, documents: documentCount, findings: [] };
    return { ok: true, ...found, summary: verificationText(english, report), report };
  } catch (error) {
    // anything unexpected is still a verdict, never a throw
    const invalid = error instanceof Invalid ? error : new Invalid('unreadable', `The XAdES could not be verified: ${errorMessage(error)}`);
    const report: VerificationReport = {
      ...base(),
      ok: false,
      findings: [{ key: invalid.key, detail: invalid.message, ...(invalid.params ? { params: invalid.params } : {}) }],
    };
    return { ok: false, ...found, problem: invalid.message, summary: verificationText(english, report), report };
  }
}

async function verify(xml: string, options: { documents: XadesDocument[]; trustedCaPems: string[]; now?: Date }, found: Found): Promise<number> {
  const document = parseXml(xml);
  const signatures = descendants(document.documentElement, DSIG_NS, 'Signature', true);
  if (signatures.length !== 1) throw (signatures.length === 0 ? new Invalid('noSignature', 'The file holds no XML signature.') : new Invalid('severalSignatures', 'The file holds more than one XML signature.'));
  const signature = signatures[0];
  const signedInfo = onlyChild(signature, DSIG_NS, 'SignedInfo');
  const methodUri = onlyChild(signedInfo, DSIG_NS, 'SignatureMethod').getAttribute('Algorithm') ?? '';
  const method = SIGNATURE_METHODS[methodUri];
  if (!method) throw new Invalid('unsupportedMethod', `The signature method ${methodUri || '(none)'} is not supported.`);

  const signedProperties = findSignedProperties(document, signature);
  found.signingTime = descendants(signedProperties, XADES_NS, 'SigningTime', false)[0]?.textContent?.trim() || undefined;
  const references = childElements(signedInfo).filter((e) => isElement(e, DSIG_NS, 'Reference'));
  checkSignedPropertiesReference(references, signedProperties);
  const documentReferences = references.filter((r) => !(r.getAttribute('URI') ?? '').startsWith('#'));
  const byReference = checkDocumentReferences(documentReferences, options.documents);

  const keyInfoCertificates = descendants(signature, DSIG_NS, 'X509Certificate', false)
    .filter((e) => hasAncestor(e, DSIG_NS, 'KeyInfo'))
    .map((e) => Buffer.from((e.textContent ?? '').replace(/\s+/g, ''), 'base64'));
  const signingCertificate = findSigningCertificate(signedProperties, keyInfoCertificates);
  const leaf = parseCertificate(signingCertificate);
  found.signerSubject = readableName(leaf.subject);
  found.signer = holderOfName(leaf.subject);

  const signedXml = new xadesjs.SignedXml(document as never);
  signedXml.LoadXml(signature as never);
  signedXml.contentHandler = async (reference) => {
    const bytes = byReference.get(reference.Uri ?? '');
    return bytes ? new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength) : null;
  };
  let valid: boolean;
  try {
    valid = await signedXml.Verify((await publicKeyFor(signingCertificate, method)) as never);
  } catch (error) {
    // xadesjs throws XMLJS0013 on a reference digest mismatch instead of returning false
    const message = errorMessage(error);
    const uri = /XMLJS0013.*?uri '([^']*)'/.exec(message)?.[1];
    throw uri !== undefined
      ? new Invalid('signedPartChanged', `A signed part (${uri}) was changed after signing (digest mismatch).`)
      : new Invalid('signatureValueMismatch', `The signature does not verify: ${message}`);
  }
  if (!valid) throw new Invalid('signatureValueMismatch', 'The signature value does not verify with the certificate named in the signed SigningCertificate.');

  const intermediates = keyInfoCertificates.filter((der) => !der.equals(signingCertificate)).map(parseCertificate);
  const chain = await checkChain(leaf, intermediates, options.trustedCaPems, options.now ?? new Date());
  if (!chain.ok) throw new Invalid('signerNotTrusted', `The signer's certificate is not trusted: ${chain.message}.`);
  return documentReferences.length;
}

function parseXml(xml: string) {
  // no DTDs: entity tricks have no business in a signature file
  if (typeof xml !== 'string' || /<!DOCTYPE/i.test(xml)) throw new Invalid('notXml', 'The file is not an acceptable XML signature (missing, or has a DOCTYPE).');
  let parsed;
  try {
    // errors and warnings become a refusal instead of console noise and a half-built tree
    const onError = (level: string, message: string) => {
      if (level !== 'warning') throw new Error(message);
    };
    parsed = new DOMParser({ onError }).parseFromString(xml, 'application/xml');
  } catch (error) {
    // xmldom wraps what onError threw; its cause carries the readable message
    throw new Invalid('notXml', `The file is not well-formed XML: ${errorMessage((error as { cause?: unknown }).cause ?? error)}`);
  }
  if (!parsed.documentElement) throw new Invalid('notXml', 'The file is not well-formed XML.');
  return parsed;
}

type XmlElement = ReturnType<DOMParser['parseFromString']>['documentElement'] & object;

function findSignedProperties(document: ReturnType<typeof parseXml>, signature: XmlElement): XmlElement {
  const signatureId = signature.getAttribute('Id');
  const qualifying = descendants(signature, XADES_NS, 'QualifyingProperties', false).filter(
    (e) => hasAncestor(e, DSIG_NS, 'Object') && signatureId !== null && e.getAttribute('Target') === `#${signatureId}`,
  );
  if (qualifying.length !== 1) throw new Invalid('notXades', 'The signature has no XAdES QualifyingProperties aimed at it (not XAdES).');
  const signedProperties = onlyChild(qualifying[0], XADES_NS, 'SignedProperties');
  const id = signedProperties.getAttribute('Id');
  if (!id) throw new Invalid('notXades', 'The XAdES SignedProperties has no Id.');
  // a second element with the same Id could make the reference point at something else than what we read
  const sameId = descendants(document.documentElement!, null, null, false).filter((e) => ['Id', 'ID', 'id'].some((a) => e.getAttribute(a) === id));
  if (sameId.length !== 1) throw new Invalid('notXades', `The Id "${id}" of SignedProperties is not unique.`);
  return signedProperties;
}

function checkSignedPropertiesReference(references: XmlElement[], signedProperties: XmlElement): void {
  const target = `#${signedProperties.getAttribute('Id')}`;
  const toProperties = references.filter((r) => r.getAttribute('URI') === target);
  if (toProperties.length !== 1 || !SIGNED_PROPERTIES_TYPES.has(toProperties[0].getAttribute('Type') ?? '')) {
    throw new Invalid('notXades', 'The signature does not cover its XAdES SignedProperties (no SignedProperties reference).');
  }
}

/** Every reference names a provided document with a matching digest, and every provided document is referenced. */
function checkDocumentReferences(references: XmlElement[], documents: XadesDocument[]): Map<string, Buffer> {
  if (references.length === 0) throw new Invalid('coversNoDocument', 'The signature covers no document.');
  const byName = new Map(documents.map((d) => [d.fileName, d.bytes]));
  const byReference = new Map<string, Buffer>();
  const covered = new Set<string>();
  for (const reference of references) {
    const uri = reference.getAttribute('URI') ?? '';
    const name = [decodeUri(uri), uri].find((candidate) => candidate !== undefined && byName.has(candidate));
    if (name === undefined) throw new Invalid('coversUnknownDocument', `The signature covers "${uri}", which is not one of the job's documents.`, { name: uri });
    if (covered.has(name)) throw new Invalid('documentReferencedTwice', `The document "${name}" is referenced more than once.`, { name });
    covered.add(name);
    if (childElements(reference).some((e) => isElement(e, DSIG_NS, 'Transforms'))) {
      throw new Invalid('documentTransformed', `The reference to "${name}" transforms the document instead of signing its bytes.`, { name });
    }
    const digest = DIGESTS[onlyChild(reference, DSIG_NS, 'DigestMethod').getAttribute('Algorithm') ?? ''];
    if (!digest || !DOCUMENT_DIGESTS.has(digest)) throw new Invalid('weakDigest', `The reference to "${name}" uses a weak or unknown digest.`, { name });
    const bytes = byName.get(name)!;
    const expected = (onlyChild(reference, DSIG_NS, 'DigestValue').textContent ?? '').replace(/\s+/g, '');
    if (createHash(digest).update(bytes).digest('base64') !== expected) {
      throw new Invalid('documentDiffers', `The document "${name}" differs from what was signed (digest mismatch).`, { name });
    }
    byReference.set(uri, bytes);
  }
  const uncovered = documents.map((d) => d.fileName).filter((n) => !covered.has(n));
  if (uncovered.length > 0) throw new Invalid('documentsNotCovered', `The signature does not cover: ${uncovered.join(', ')}.`, { names: uncovered.join(', ') });
  return byReference;
}

/** Reference URIs are URL-encoded; the Java profile writes "+" for a space. */
function decodeUri(uri: string): string | undefined {
  try {
    return decodeURIComponent(uri.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function findSigningCertificate(signedProperties: XmlElement, keyInfoCertificates: Buffer[]): Buffer {
  const holders = [
    ...descendants(signedProperties, XADES_NS, 'SigningCertificate', false),
    ...descendants(signedProperties, XADES_NS, 'SigningCertificateV2', false),
  ];
  if (holders.length !== 1) throw new Invalid('signingCertificateUnclear', 'The signed properties must name exactly one SigningCertificate.');
  // the first Cert is the signer's own (XAdES §7.2.2); later ones may describe its issuers
  const cert = childElements(holders[0]).find((e) => isElement(e, XADES_NS, 'Cert'));
  if (!cert) throw new Invalid('signingCertificateUnclear', 'SigningCertificate names no certificate.');
  const certDigest = onlyChild(cert, XADES_NS, 'CertDigest');
  const algorithm = DIGESTS[onlyChild(certDigest, DSIG_NS, 'DigestMethod').getAttribute('Algorithm') ?? ''];
  if (!algorithm) throw new Invalid('signingCertificateUnclear', 'SigningCertificate uses an unknown digest method.');
  const expected = Buffer.from((onlyChild(certDigest, DSIG_NS, 'DigestValue').textContent ?? '').replace(/\s+/g, ''), 'base64');
  const match = keyInfoCertificates.find((der) => createHash(algorithm).update(der).digest().equals(expected));
  if (!match) throw new Invalid('certificateMismatch', 'No certificate in the signature matches the signed SigningCertificate digest.');
  // issuer name spellings differ between producers (posten-api §4.2), so only the serial is compared
  const serial = descendants(cert, DSIG_NS, 'X509SerialNumber', false)[0]?.textContent?.trim();
  if (serial !== undefined) {
    const actual = BigInt(`0x${new X509Certificate(match).serialNumber}`);
    if (!/^\d+$/.test(serial) || BigInt(serial) !== actual) throw new Invalid('certificateMismatch', "The signed IssuerSerial does not match the signer's certificate.");
  }
  return match;
}

async function publicKeyFor(der: Buffer, method: { kind: 'rsa' | 'ec'; hash: string }) {
  const key = new X509Certificate(der).publicKey;
  const spki = key.export({ format: 'der', type: 'spki' });
  if (method.kind === 'rsa') {
    if (key.asymmetricKeyType !== 'rsa') throw new Invalid('certificateMismatch', "The signature method does not fit the signer's key.");
    return webcrypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: method.hash }, true, ['verify']);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const named = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : undefined;
  if (key.asymmetricKeyType !== 'ec' || !named) throw new Invalid('certificateMismatch', "The signature method does not fit the signer's key.");
  return webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: named }, true, ['verify']);
}

function childElements(parent: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) result.push(node as XmlElement);
  return result;
}

function onlyChild(parent: XmlElement, ns: string, localName: string): XmlElement {
  const matches = childElements(parent).filter((e) => isElement(e, ns, localName));
  if (matches.length !== 1) throw new Invalid('notXades', `The signature's ${parent.localName} needs exactly one ${localName}.`);
  return matches[0];
}

/** `includeSelf` lets a bare ds:Signature root count as the signature. */
function descendants(root: XmlElement | null, ns: string | null, localName: string | null, includeSelf: boolean): XmlElement[] {
  const result: XmlElement[] = [];
  if (!root) return result;
  const matches = (e: XmlElement) => ns === null || isElement(e, ns, localName!);
  if (includeSelf && matches(root)) result.push(root);
  const walk = (element: XmlElement) => {
    for (const child of childElements(element)) {
      if (matches(child)) result.push(child);
      walk(child);
    }
  };
  walk(root);
  return result;
}

function hasAncestor(element: XmlElement, ns: string, localName: string): boolean {
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    if (isElement(node as XmlElement, ns, localName)) return true;
  }
  return false;
}

function isElement(element: XmlElement, ns: string, localName: string): boolean {
  return element.namespaceURI === ns && element.localName === localName;
}

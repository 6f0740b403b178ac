import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import * as xpath from 'xpath';

const ASIC_NS = 'http://uri.etsi.org/2918/v1.2.1#';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';
const CERT_DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
xadesjs.Application.setEngine('NodeJS', webcrypto as unknown as Crypto);

export type SignatureCheck =
  | { ok: true; signingCertificateDer: Buffer; keyInfoCertificateDers: Buffer[] }
  | { ok: false; code: 'INVALID_BUNDLE' | 'INVALID_SIGNATURE'; message: string };

class Refusal extends Error {
  constructor(
    readonly code: 'INVALID_BUNDLE' | 'INVALID_SIGNATURE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Verifies an ASiC-E `signatures.xml` over `files` (the zip's non-META-INF entries). The key comes from
 * the certificate that the signed XAdES SigningCertificate names, never from KeyInfo's own choice:
 * KeyInfo is unsigned, and xadesjs' key-less Verify() accepts any certificate put there (crypto-notes §7.2).
 */
export async function verifySignaturesXml(xml: string, files: ReadonlyMap<string, Buffer>): Promise<SignatureCheck> {
  try {
    return await verify(xml, files);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

async function verify(xml: string, files: ReadonlyMap<string, Buffer>): Promise<SignatureCheck> {
  const document = parseXml(xml);
  const root = document.documentElement;
  if (!root || root.namespaceURI !== ASIC_NS || root.localName !== 'XAdESSignatures') {
    throw new Refusal('INVALID_SIGNATURE', 'signatures.xml: the root element is not asic:XAdESSignatures.');
  }
  const signatures = childElements(root).filter((e) => isElement(e, DSIG_NS, 'Signature'));
  if (signatures.length !== 1 || childElements(root).length !== 1) {
    throw new Refusal('INVALID_SIGNATURE', 'signatures.xml must hold exactly one ds:Signature.');
  }
  const signature = signatures[0];
  const signedInfo = onlyChild(signature, DSIG_NS, 'SignedInfo');
  const signatureMethod = onlyChild(signedInfo, DSIG_NS, 'SignatureMethod').getAttribute('Algorithm');
  if (signatureMethod !== RSA_SHA256) throw new Refusal('INVALID_SIGNATURE', `Signature method ${signatureMethod} is not RSA-SHA256.`);

  const signedProperties = findSignedProperties(document, signature);
  const references = childElements(signedInfo).filter((e) => isElement(e, DSIG_NS, 'Reference'));
  checkSignedPropertiesReference(references, signedProperties);
  checkFileReferences(
    references.filter((r) => !(r.getAttribute('URI') ?? '').startsWith('#')),
    files,
  );

  const keyInfoCertificates = descendants(signature, DSIG_NS, 'X509Certificate')
    .filter((e) => ancestorIs(e, DSIG_NS, 'KeyInfo'))
    .map((e) => Buffer.from(textOf(e).replace(/\s+/g, ''), 'base64'));
  const signingCertificate = findSigningCertificate(signedProperties, keyInfoCertificates);

  const signedXml = new xadesjs.SignedXml(document);
  signedXml.LoadXml(signature);
  signedXml.contentHandler = async (reference) => {
    const uri = reference.Uri ?? '';
    if (uri.startsWith('#')) return null;
    const bytes = lookUpEntry(uri, files)?.bytes;
    return bytes ? new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength) : null;
  };
  const publicKey = await webcrypto.subtle.importKey(
    'spki',
    new X509Certificate(signingCertificate).publicKey.export({ format: 'der', type: 'spki' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['verify'],
  );
  let valid: boolean;
  try {
    valid = await signedXml.Verify(publicKey as unknown as CryptoKey);
  } catch (error) {
    // xadesjs throws (XMLJS0013) on a reference digest mismatch instead of returning false.
    throw new Refusal('INVALID_SIGNATURE', `The signature does not verify: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!valid) throw new Refusal('INVALID_SIGNATURE', 'The signature value does not verify with the signing certificate named in SigningCertificate.');
  return { ok: true, signingCertificateDer: signingCertificate, keyInfoCertificateDers: keyInfoCertificates };
}

function parseXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new Refusal('INVALID_SIGNATURE', 'signatures.xml must not contain a DOCTYPE.');
  try {
    return new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
  } catch (error) {
    throw new Refusal('INVALID_SIGNATURE', `signatures.xml is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The XAdES SignedProperties of this signature, and it must be the only element carrying its Id. */
function findSignedProperties(document: Document, signature: Element): Element {
  const signatureId = signature.getAttribute('Id');
  const qualifying = descendants(signature, XADES_NS, 'QualifyingProperties').filter(
    (e) => ancestorIs(e, DSIG_NS, 'Object') && signatureId && e.getAttribute('Target') === `#${signatureId}`,
  );
  if (qualifying.length !== 1) throw new Refusal('INVALID_SIGNATURE', 'signatures.xml needs exactly one XAdES QualifyingProperties targeting the signature.');
  const signedProperties = onlyChild(qualifying[0], XADES_NS, 'SignedProperties');
  const id = signedProperties.getAttribute('Id');
  if (!id) throw new Refusal('INVALID_SIGNATURE', 'SignedProperties has no Id.');
  const sameId = descendants(document.documentElement!, null, null).filter((e) => ['Id', 'ID', 'id'].some((a) => e.getAttribute(a) === id));
  if (sameId.length !== 1) throw new Refusal('INVALID_SIGNATURE', `The Id "${id}" of SignedProperties is not unique.`);
  return signedProperties;
}

function checkSignedPropertiesReference(references: Element[], signedProperties: Element): void {
  const target = `#${signedProperties.getAttribute('Id')}`;
  const toProperties = references.filter((r) => r.getAttribute('URI') === target);
  if (toProperties.length !== 1 || toProperties[0].getAttribute('Type') !== SIGNED_PROPERTIES_TYPE) {
    throw new Refusal('INVALID_SIGNATURE', 'SignedInfo needs exactly one reference of type SignedProperties to the XAdES SignedProperties.');
  }
  const others = references.filter((r) => (r.getAttribute('URI') ?? '').startsWith('#') && r !== toProperties[0]);
  if (others.length > 0) throw new Refusal('INVALID_SIGNATURE', 'SignedInfo references same-document content other than SignedProperties.');
}

/** Every non-META-INF entry is referenced exactly once with its SHA-256, and every reference names an entry. */
function checkFileReferences(references: Element[], files: ReadonlyMap<string, Buffer>): void {
  const referenced = new Set<string>();
  for (const reference of references) {
    const uri = reference.getAttribute('URI') ?? '';
    const entry = lookUpEntry(uri, files);
    if (!entry) throw new Refusal('INVALID_BUNDLE', `The signature references "${uri}", which is not a document entry of the bundle.`);
    if (referenced.has(entry.name)) throw new Refusal('INVALID_SIGNATURE', `The entry "${entry.name}" is referenced more than once.`);
    referenced.add(entry.name);
    if (childElements(reference).some((e) => isElement(e, DSIG_NS, 'Transforms'))) {
      throw new Refusal('INVALID_SIGNATURE', `The reference to "${entry.name}" must not have transforms.`);
    }
    const digestMethod = onlyChild(reference, DSIG_NS, 'DigestMethod').getAttribute('Algorithm');
    if (digestMethod !== SHA256) throw new Refusal('INVALID_SIGNATURE', `The reference to "${entry.name}" does not use SHA-256.`);
    const expected = textOf(onlyChild(reference, DSIG_NS, 'DigestValue')).trim();
    const actual = createHash('sha256').update(entry.bytes).digest('base64');
    if (expected !== actual) throw new Refusal('INVALID_SIGNATURE', `The SHA-256 of "${entry.name}" does not match its signature reference.`);
  }
  const unsigned = [...files.keys()].filter((name) => !referenced.has(name));
  if (unsigned.length > 0) throw new Refusal('INVALID_SIGNATURE', `Bundle entries not covered by the signature: ${unsigned.join(', ')}.`);
}

/** Reference URIs are form-encoded by the Java client (`+` for a space); .NET writes raw names. */
function lookUpEntry(uri: string, files: ReadonlyMap<string, Buffer>): { name: string; bytes: Buffer } | undefined {
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(uri.replace(/\+/g, ' '));
  } catch {
    decoded = undefined;
  }
  for (const name of [decoded, uri]) {
    if (name !== undefined && files.has(name)) return { name, bytes: files.get(name)! };
  }
  return undefined;
}

function findSigningCertificate(signedProperties: Element, keyInfoCertificates: Buffer[]): Buffer {
  const signingCertificate = descendants(signedProperties, XADES_NS, 'SigningCertificate');
  if (signingCertificate.length !== 1) throw new Refusal('INVALID_SIGNATURE', 'SignedProperties needs exactly one SigningCertificate.');
  const certs = childElements(signingCertificate[0]).filter((e) => isElement(e, XADES_NS, 'Cert'));
  if (certs.length === 0) throw new Refusal('INVALID_SIGNATURE', 'SigningCertificate names no certificate.');
  // The first Cert is the signing certificate (XAdES 1.3.2 §7.2.2); later ones may describe its issuers.
  const cert = certs[0];
  const certDigest = onlyChild(cert, XADES_NS, 'CertDigest');
  const algorithm = CERT_DIGESTS[onlyChild(certDigest, DSIG_NS, 'DigestMethod').getAttribute('Algorithm') ?? ''];
  if (!algorithm) throw new Refusal('INVALID_SIGNATURE', 'SigningCertificate uses an unsupported digest method.');
  const expected = Buffer.from(textOf(onlyChild(certDigest, DSIG_NS, 'DigestValue')).trim(), 'base64');
  const match = keyInfoCertificates.find((der) => createHash(algorithm).update(der).digest().equals(expected));
  if (!match) throw new Refusal('INVALID_SIGNATURE', 'No certificate in KeyInfo matches the XAdES SigningCertificate digest.');

  // IssuerName formats differ between clients (crypto-notes, posten-api §4.2), so only the serial is compared.
  const serialElement = descendants(cert, DSIG_NS, 'X509SerialNumber')[0];
  if (serialElement) {
    const stated = textOf(serialElement).trim();
    const actual = BigInt(`0x${new X509Certificate(match).serialNumber}`);
    if (!/^\d+$/.test(stated) || BigInt(stated) !== actual) {
      throw new Refusal('INVALID_SIGNATURE', 'The IssuerSerial serial number does not match the signing certificate.');
    }
  }
  return match;
}

function childElements(parent: Element): Element[] {
  const result: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) result.push(node as Element);
  return result;
}

function onlyChild(parent: Element, ns: string, localName: string): Element {
  const matches = childElements(parent).filter((e) => isElement(e, ns, localName));
  if (matches.length !== 1) throw new Refusal('INVALID_SIGNATURE', `signatures.xml: ${parent.localName} needs exactly one ${localName}.`);
  return matches[0];
}

function descendants(root: Element, ns: string | null, localName: string | null): Element[] {
  const result: Element[] = [];
  const walk = (element: Element) => {
    for (const child of childElements(element)) {
      if (ns === null || isElement(child, ns, localName!)) result.push(child);
      walk(child);
    }
  };
  walk(root);
  return result;
}

function ancestorIs(element: Element, ns: string, localName: string): boolean {
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    if (isElement(node as Element, ns, localName)) return true;
  }
  return false;
}

function isElement(element: Element, ns: string, localName: string): boolean {
  return element.namespaceURI === ns && element.localName === localName;
}

function textOf(element: Element): string {
  return element.textContent ?? '';
}

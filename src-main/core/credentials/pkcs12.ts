import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { FailureReason } from '../../../src-shared/failure';
import { CoreError } from '../errors';

export type Pkcs12FailureReason = 'WRONG_PASSPHRASE' | 'NO_PRIVATE_KEY' | 'NO_CERTIFICATE' | 'UNREADABLE' | 'UNSUPPORTED_KEY';

/** Why a PKCS#12 file could not be used; `reason` lets callers word their own message. */
const FAILURE_REASONS = {
  WRONG_PASSPHRASE: 'certificate.wrongPassphrase',
  NO_PRIVATE_KEY: 'certificate.noPrivateKey',
  NO_CERTIFICATE: 'certificate.noCertificate',
  UNREADABLE: 'certificate.unreadable',
  UNSUPPORTED_KEY: 'certificate.unsupportedKey',
} as const satisfies Record<Pkcs12FailureReason, FailureReason>;

export class Pkcs12Error extends CoreError {
  constructor(
    readonly pkcs12Reason: Pkcs12FailureReason,
    message: string,
  ) {
    super('VALIDATION', message, { reason: FAILURE_REASONS[pkcs12Reason] });
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12KeyMaterial {
  privateKeyPem: string;
  /** Leaf first, then its issuers as far as the file holds them. */
  certificateChainPems: string[];
}

/**
 * Reads a .p12/.pfx with node-forge rather than Node's TLS `pfx` because OpenSSL 3 refuses the
 * legacy RC2-40 encryption that older Norwegian enterprise certificates use (crypto-notes §3).
 */
export function loadPkcs12(bytes: Buffer | Uint8Array, passphrase: string): Pkcs12KeyMaterial {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = readPfx(asn1, passphrase);
  } catch (error) {
    if (error instanceof Pkcs12Error) throw error;
    throw new Pkcs12Error('UNREADABLE', `The file is not a readable PKCS#12 certificate file (${errorMessage(error)}).`);
  }

  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certificatePems = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((bag) => certificateBagToPem(bag))
    .filter((pem): pem is string => pem !== undefined);

  if (keyBags.length === 0) throw new Pkcs12Error('NO_PRIVATE_KEY', 'The certificate file contains no private key.');
  if (certificatePems.length === 0) throw new Pkcs12Error('NO_CERTIFICATE', 'The certificate file contains no certificate.');

  const privateKeyPem = keyBagToPem(keyBags[0]);
  const leaf = certificatePems.find((pem) => publicKeyMatches(pem, privateKeyPem));
  if (!leaf) throw new Pkcs12Error('NO_PRIVATE_KEY', 'The certificate file contains no private key for its certificate.');
  return { privateKeyPem, certificateChainPems: orderChain(leaf, certificatePems) };
}

function readPfx(asn1: forge.asn1.Asn1, passphrase: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const message = errorMessage(error);
    // forge reports a failed MAC check, or garbage after decrypting with the wrong key, in these words.
    if (/MAC could not be verified|Invalid password|Too few bytes to read ASN\.1|Unparsed DER bytes remain|padding/i.test(message)) {
      throw new Pkcs12Error('WRONG_PASSPHRASE', 'The passphrase is wrong for this certificate file.');
    }
    throw error;
  }
}

function keyBagToPem(bag: forge.pkcs12.Bag): string {
  if (bag.key) return forge.pki.privateKeyToPem(bag.key);
  // forge only decodes RSA keys; other algorithms arrive as raw PrivateKeyInfo, which Node can read.
  if (bag.asn1) {
    try {
      const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
    } catch (error) {
      throw new Pkcs12Error('UNSUPPORTED_KEY', `The private key in the certificate file cannot be read (${errorMessage(error)}).`);
    }
  }
  throw new Pkcs12Error('NO_PRIVATE_KEY', 'The certificate file contains no usable private key.');
}

function certificateBagToPem(bag: forge.pkcs12.Bag): string | undefined {
  if (bag.cert) return forge.pki.certificateToPem(bag.cert);
  // forge cannot decode certificates with non-RSA keys; keep their DER as is.
  if (bag.asn1) {
    const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
    try {
      return new X509Certificate(der).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function publicKeyMatches(certificatePem: string, privateKeyPem: string): boolean {
  const fromCertificate = new X509Certificate(certificatePem).publicKey.export({ format: 'der', type: 'spki' });
  const fromKey = createPublicKey(privateKeyPem).export({ format: 'der', type: 'spki' });
  return Buffer.compare(fromCertificate, fromKey) === 0;
}

/** Follows issuer links from the leaf; certificates that are not in the leaf's chain are dropped. */
function orderChain(leafPem: string, pems: string[]): string[] {
  const certificates = pems.map((pem) => ({ pem, x509: new X509Certificate(pem) }));
  const chain = [certificates.find((c) => c.pem === leafPem)!];
  for (;;) {
    const current = chain[chain.length - 1];
    if (current.x509.issuer === current.x509.subject) break;
    const issuer = certificates.find((c) => !chain.includes(c) && current.x509.checkIssued(c.x509));
    if (!issuer) break;
    chain.push(issuer);
  }
  return chain.map((c) => c.pem);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

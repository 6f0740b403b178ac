// Certificate helpers shared by the PAdES and XAdES verifiers: parsing, readable names, and the
// path check to the trust anchors the caller brings (nothing a signed file carries is trusted).
import { webcrypto, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { CertificateHolder } from '../../../src-shared/verification';
import { holderOf } from '../credentials/holder';

export const cryptoEngine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto });

const BASIC_CONSTRAINTS = '2.5.29.19';

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

export function certificateDer(certificate: pkijs.Certificate): Buffer {
  return Buffer.from(certificate.toSchema().toBER(false));
}

/** Most specific attribute first ("CN=Kari Nordmann, O=…, C=NO"), as people read a name. */
export function readableName(name: pkijs.RelativeDistinguishedNames): string {
  return [...name.typesAndValues]
    .reverse()
    .map((attribute) => {
      const value = (attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${typeof value === 'string' ? value : String(value ?? '')}`;
    })
    .join(', ');
}

/** The holder of a name, as people name them: "Kari Nordmann", or the organisation with its number. */
export function holderOfName(name: pkijs.RelativeDistinguishedNames): CertificateHolder {
  return holderOf((oid) =>
    name.typesAndValues
      .filter((attribute) => attribute.type === oid)
      .map((attribute) => (attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value)
      .filter((value): value is string => typeof value === 'string'),
  );
}

export function trustAnchors(trustedCaPems: string[]): pkijs.Certificate[] {
  return trustedCaPems.map((pem) => parseCertificate(pemToDer(pem)));
}

/** pkijs checks signatures and validity along the path; that every issuer on it is a CA is checked here. */
export function issuersAreCas(path: pkijs.Certificate[]): boolean {
  return path.slice(1).every((issuer) => {
    const constraints = issuer.extensions?.find((extension) => extension.extnID === BASIC_CONSTRAINTS)?.parsedValue as
      | pkijs.BasicConstraints
      | undefined;
    return constraints?.cA === true;
  });
}

export async function checkChain(
  leaf: pkijs.Certificate,
  intermediates: pkijs.Certificate[],
  trustedCaPems: string[],
  now: Date,
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (trustedCaPems.length === 0) return { ok: false, message: 'no trusted CA certificates were configured' };
  const leafDer = certificateDer(leaf);
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: trustAnchors(trustedCaPems),
    // pkijs validates the LAST certificate of `certs` as the end entity; with the leaf anywhere else it
    // happily validates an intermediate instead and the leaf is never checked. Its de-duplication
    // drops later copies, so the leaf must not appear twice either.
    certs: [...intermediates.filter((c) => !certificateDer(c).equals(leafDer)), leaf],
    checkDate: now,
  });
  const result = await engine.verify({}, cryptoEngine);
  if (!result.result) return { ok: false, message: result.resultMessage || 'no path to a trusted CA' };
  if (!issuersAreCas(result.certificatePath ?? [])) return { ok: false, message: 'a certificate on the path is not a CA certificate' };
  return { ok: true };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

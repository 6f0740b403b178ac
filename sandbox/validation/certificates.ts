import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';

const BASIC_CONSTRAINTS = '2.5.29.19';
const SERIAL_NUMBER = '2.5.4.5';
const ORGANIZATION_IDENTIFIER = '2.5.4.97';

export function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

function toPkijs(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

/**
 * Whether `leaf` chains to one of `trustedCaPems` through `intermediates` at `now`. pkijs checks the
 * signatures and validity periods on the path; that every issuer on it is a CA is checked here.
 */
export async function checkChain(
  leafDer: Uint8Array,
  intermediateDers: Uint8Array[],
  trustedCaPems: string[],
  now: Date,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const trusted = trustedCaPems.map((pem) => toPkijs(pemToDer(pem)));
  const leaf = toPkijs(leafDer);
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: trusted,
    // pkijs validates the LAST certificate of `certs`: the leaf must come after its intermediates.
    certs: [...intermediateDers.map(toPkijs), leaf],
    checkDate: now,
  });
  const result = await engine.verify();
  if (!result.result) return { ok: false, message: result.resultMessage || 'no path to a trusted CA' };
  const path = result.certificatePath ?? [];
  for (const issuer of path.slice(1)) {
    const constraints = issuer.extensions?.find((extension) => extension.extnID === BASIC_CONSTRAINTS)?.parsedValue as
      | pkijs.BasicConstraints
      | undefined;
    if (!constraints?.cA) return { ok: false, message: 'a certificate on the path is not a CA certificate' };
  }
  return { ok: true };
}

/** The 9-digit organisation number: subject serialNumber (`123456789` or `NTRNO-123456789`) or organizationIdentifier. */
export function organizationNumberOf(certificateDer: Uint8Array): string | undefined {
  const subject = toPkijs(certificateDer).subject.typesAndValues;
  for (const oid of [SERIAL_NUMBER, ORGANIZATION_IDENTIFIER]) {
    for (const attribute of subject.filter((a) => a.type === oid)) {
      const text = String((attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value ?? '');
      const match = /^(?:NTRNO-)?(\d{9})$/.exec(text.trim());
      if (match && (oid === SERIAL_NUMBER || text.trim().startsWith('NTRNO-'))) return match[1];
    }
  }
  return undefined;
}

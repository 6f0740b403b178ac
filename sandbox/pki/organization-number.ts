import { X509Certificate } from 'node:crypto';

const SERIAL_NUMBER = '2.5.4.5';
const ORGANIZATION_IDENTIFIER = '2.5.4.97';

/**
 * Node renders the subject one attribute per line, unknown OIDs by number, e.g. "2.5.4.97=NTRNO-984661185"
 * and "serialNumber=123456789"; this avoids a full DER walk for two string attributes.
 */
function subjectAttributes(certPem: string): { key: string; value: string }[] {
  const cert = new X509Certificate(certPem);
  return cert.subject.split('\n').map((line) => {
    const eq = line.indexOf('=');
    return { key: line.slice(0, eq), value: line.slice(eq + 1) };
  });
}

/** The 9-digit organisation number from subject serialNumber (plain or NTRNO-…) or organizationIdentifier. */
export function organizationNumberOfCertificate(certPem: string): string | undefined {
  const attributes = subjectAttributes(certPem);
  for (const { key, value } of attributes) {
    const isSerial = key === 'serialNumber' || key === SERIAL_NUMBER;
    const isOrgId = key === 'organizationIdentifier' || key === ORGANIZATION_IDENTIFIER;
    if (!isSerial && !isOrgId) continue;
    const match = /^(?:NTRNO-)?(\d{9})$/.exec(value.trim());
    if (match) return match[1];
  }
  return undefined;
}

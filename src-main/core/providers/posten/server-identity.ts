import type { PeerCertificate } from 'node:tls';

/** Posten's own organisation number, carried in the service certificate's subject. */
export const POSTEN_ORGANIZATION_NUMBER = '984661185';

const NINE_DIGITS = /(?:^|\D)(\d{9})(?:\D|$)/;

/** The organisation number in a certificate subject: serialNumber, organizationIdentifier, or a CN starting with it. */
export function organizationNumberInSubject(subject: Record<string, string | string[] | undefined>): string | undefined {
  for (const key of ['serialNumber', 'organizationIdentifier', '2.5.4.97']) {
    const values = [subject[key]].flat().filter((v): v is string => typeof v === 'string');
    for (const value of values) {
      const match = NINE_DIGITS.exec(value);
      if (match) return match[1];
    }
  }
  const commonName = [subject.CN].flat()[0];
  return commonName && /^\d{9}/.test(commonName) ? commonName.slice(0, 9) : undefined;
}

/**
 * The official clients check the service's organisation number instead of the host name
 * (reference §1.3): the CA chain is verified by TLS, this pins who the certificate was issued to.
 */
export function checkServiceOrganization(expected: string) {
  return (_host: string, certificate: PeerCertificate): Error | undefined => {
    const found = organizationNumberInSubject(certificate.subject as unknown as Record<string, string>);
    if (found === expected) return undefined;
    return new Error(
      `The service's certificate belongs to ${found ? `organisation ${found}` : 'no organisation'}, not the expected ${expected}; the connection was not trusted.`,
    );
  };
}

import type { PeerCertificate } from 'node:tls';
import { organizationNumberInSubject } from '../../credentials/organization-number';

export { organizationNumberInSubject };

/** Posten's own organisation number, carried in the service certificate's subject. */
export const POSTEN_ORGANIZATION_NUMBER = '984661185';

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

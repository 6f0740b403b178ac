import 'reflect-metadata';
import { Name } from '@peculiar/x509';
import type { CertificateHolder } from '../../../src-shared/verification';
import { organizationNumberInSubject } from './organization-number';

const OID = { commonName: '2.5.4.3', serialNumber: '2.5.4.5', organization: '2.5.4.10', organizationalUnit: '2.5.4.11', organizationIdentifier: '2.5.4.97' } as const;

/**
 * Who a certificate is issued to, the way a person names them: an enterprise certificate by its
 * organisation and organisation number, a personal one by its common name. The rest of the
 * subject (BankID's "UN:NO-…" serial, OIDs) stays in the full name shown under "Details".
 */
export function holderOf(fieldValues: (oid: string) => string[]): CertificateHolder {
  const first = (oid: string) => fieldValues(oid).map((v) => v.trim()).find(Boolean);
  const organizationNumber =
    organizationNumberInSubject({
      serialNumber: fieldValues(OID.serialNumber),
      organizationIdentifier: fieldValues(OID.organizationIdentifier),
      CN: fieldValues(OID.commonName),
    }) ?? null;
  const organization = first(OID.organization);
  // A common name may start with the organisation number ("123456789 Kontoret"); the number is shown on its own.
  const commonName = first(OID.commonName)?.replace(/^\d{9}\s*[-–:]?\s*/, '').trim() || undefined;
  const name = (organizationNumber && organization ? organization : commonName ?? organization ?? first(OID.organizationalUnit)) ?? '';
  return { name, organizationNumber };
}

/** The holder named by a distinguished name as text ("CN=…, 2.5.4.5=987654321"), e.g. one stored by an older version. */
export function holderOfDistinguishedName(dn: string): CertificateHolder {
  try {
    const name = new Name(dn);
    return holderOf((oid) => name.getField(oid));
  } catch {
    return { name: dn, organizationNumber: null };
  }
}

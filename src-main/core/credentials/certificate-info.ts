import 'reflect-metadata';
import { X509Certificate, KeyUsagesExtension, KeyUsageFlags, ExtendedKeyUsageExtension, ExtendedKeyUsage } from '@peculiar/x509';
import type { CertificateInfo } from '../../../src-shared/contract';
import { organizationNumberInSubject } from './organization-number';
import { CoreError } from '../errors';
import { holderOf } from './holder';

const EXPIRY_WARNING_DAYS = 30;

function subjectFields(certificate: X509Certificate): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [key, oid] of [['serialNumber', '2.5.4.5'], ['organizationIdentifier', '2.5.4.97'], ['CN', '2.5.4.3']] as const) {
    fields[key] = certificate.subjectName.getField(oid);
  }
  return fields;
}

export function describeCertificate(certificatePem: string, now: Date): CertificateInfo {
  const certificate = new X509Certificate(certificatePem);
  const validFrom = certificate.notBefore;
  const validTo = certificate.notAfter;
  const state =
    now < validFrom ? 'not-yet-valid' : now > validTo ? 'expired' : validTo.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * 86_400_000 ? 'expiring' : 'valid';
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    subjectHolder: holderOf((oid) => certificate.subjectName.getField(oid)),
    issuerHolder: holderOf((oid) => certificate.issuerName.getField(oid)),
    organizationNumber: organizationNumberInSubject(subjectFields(certificate) as unknown as Record<string, string[]>) ?? null,
    serialNumber: certificate.serialNumber,
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    state,
  };
}

/**
 * An enterprise certificate must be usable both for the TLS client login and for signing the
 * bundle (reference §1.2): digital signature key usage, and clientAuth if extended usage is set.
 */
export function assertUsableEnterpriseCertificate(certificatePem: string, now: Date): CertificateInfo {
  const certificate = new X509Certificate(certificatePem);
  const keyUsage = certificate.getExtension(KeyUsagesExtension);
  if (keyUsage && !(keyUsage.usages & KeyUsageFlags.digitalSignature)) {
    throw new CoreError('VALIDATION', 'This certificate may not be used for digital signatures; use the enterprise certificate for authentication.', { reason: 'certificate.noDigitalSignature' });
  }
  const extended = certificate.getExtension(ExtendedKeyUsageExtension);
  if (extended && !extended.usages.map(String).includes(ExtendedKeyUsage.clientAuth)) {
    throw new CoreError('VALIDATION', 'This certificate may not be used for client authentication; use the enterprise certificate for authentication.', { reason: 'certificate.noClientAuth' });
  }
  const info = describeCertificate(certificatePem, now);
  if (info.state === 'expired') throw new CoreError('VALIDATION', `The certificate expired on ${info.validTo}.`, { reason: 'certificate.expired', params: { date: info.validTo } });
  if (info.state === 'not-yet-valid') throw new CoreError('VALIDATION', `The certificate is not valid before ${info.validFrom}.`, { reason: 'certificate.notYetValid', params: { date: info.validFrom } });
  return info;
}

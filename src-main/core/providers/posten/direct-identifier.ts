import type { PortalSignerOptions } from '../../jobs/create-job';
import type { SignerRow } from '../../jobs/read';

/** The identifier a direct signer is known by at the service: as the manifest named them. */
export function directIdentifierOf(signer: Pick<SignerRow, 'national_identity_number' | 'options' | 'position'>): string {
  return signer.national_identity_number ?? (JSON.parse(signer.options) as PortalSignerOptions).customIdentifier ?? `signer-${signer.position + 1}`;
}

import { jobStatusOfWord, signerStatusOfWord } from '../domain/status';
import type { MessageKey, Translate } from './index';

/** A job status in words: the common vocabulary, or a word of an earlier version's log read as the common one it meant. */
export function jobStatusWords(t: Translate, status: unknown): string {
  const common = jobStatusOfWord(status);
  return common ? t(`status.${common}`) : String(status);
}

/** The service's own signer words that say more than the common status (why a signer cannot sign, ...). */
const serviceSignerWords: Readonly<Record<string, MessageKey>> = {
  RESERVED: 'signerStatus.RESERVED',
  NOT_APPLICABLE: 'signerStatus.NOT_APPLICABLE',
  BLOCKED: 'signerStatus.BLOCKED',
  CONTACT_INFORMATION_MISSING: 'signerStatus.CONTACT_INFORMATION_MISSING',
  SIGNERS_NAME_NOT_AVAILABLE: 'signerStatus.SIGNERS_NAME_NOT_AVAILABLE',
  failed_documents: 'trident.signerStatus.failedDocuments',
  // Rest PKI Core's session words.
  Processing: 'signerStatus.restpki.Processing',
  UserCancelled: 'signerStatus.restpki.UserCancelled',
  ProcessingError: 'signerStatus.restpki.ProcessingError',
};

/** A signer's status in words: the service's word where it says more, else the common one. */
export function signerStatusWords(t: Translate, status: string, serviceStatus?: string | null): string {
  const specific = serviceSignerWords[serviceStatus ?? status];
  if (specific) return t(specific);
  const common = signerStatusOfWord(status);
  return common ? t(`signerStatus.${common}`) : status.replaceAll('_', ' ').toLowerCase();
}

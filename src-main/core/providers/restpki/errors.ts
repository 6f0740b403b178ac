import type { FailureReason } from '../../../../src-shared/failure';
import { genericFailureReason, ServiceCallError, type ServiceErrorDetails, type ServiceErrorKind } from '../service-error';

/**
 * Rest PKI Core's error codes (reference A10; the list is "not exhaustive"), each with the reason
 * the user reads. A code the app does not know still gets a sentence, from the HTTP status.
 */
export const restPkiErrorReasons: Readonly<Record<string, FailureReason>> = {
  DocumentNotFound: 'restpki.documentNotFound',
  SecurityContextNotFound: 'restpki.securityContextNotFound',
  SignatureSessionNotFound: 'restpki.sessionNotFound',
  BadSignatureSessionOperation: 'restpki.badSessionOperation',
  BackgroundProcessing: 'restpki.backgroundProcessing',
  SignatureSessionTokenRequired: 'restpki.sessionTokenRequired',
  BadSignatureSessionToken: 'restpki.badSessionToken',
  ExpiredSignatureSessionToken: 'restpki.expiredSessionToken',
  PdfAConversionNotAvailable: 'restpki.pdfaNotAvailable',
};

/** Codes the app stores itself for Rest PKI outcomes that are no HTTP error (a session's ProcessingError). */
const OWN_CODES: Readonly<Record<string, FailureReason>> = {
  RESTPKI_PROCESSING_ERROR: 'restpki.processingError',
  RESTPKI_SIGNED_FILE_EXPIRED: 'restpki.signedFileExpired',
  RESTPKI_API_KEY_REJECTED: 'restpki.apiKeyRejected',
};

/** The reason for a stored code: Rest PKI's own, the app's, or a generic one (HTTP status, system code). */
export function restPkiFailureReason(code: string | null | undefined): FailureReason {
  if (!code) return 'service.rejected';
  return restPkiErrorReasons[code] ?? OWN_CODES[code] ?? (code === 'HTTP_401' ? 'restpki.apiKeyRejected' : code === 'HTTP_403' ? 'restpki.notPermitted' : genericFailureReason(code));
}

/** The reason a provider knows for a stored code (registry's `reasonOfCode`): only Rest PKI's own. */
export const restPkiReasonOfCode = (code: string): FailureReason | undefined => restPkiErrorReasons[code] ?? OWN_CODES[code];

/** A call to Rest PKI Core that failed. */
export class RestPkiError extends ServiceCallError {
  constructor(kind: ServiceErrorKind, message: string, details: ServiceErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'RestPkiError';
  }

  /** A known code decides; otherwise the HTTP status (401: the key, 403: the role), then the kind. */
  get reason(): FailureReason {
    const code = this.details.code;
    const byCode = code ? restPkiFailureReason(code) : undefined;
    if (byCode && byCode !== 'service.rejected') return byCode;
    if (this.details.status) return restPkiFailureReason(`HTTP_${this.details.status}`);
    return restPkiFailureReason(this.kind.toUpperCase());
  }
}

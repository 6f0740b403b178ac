import type { FailureReason } from '../../../../src-shared/failure';
import { genericFailureReason, ServiceCallError, type ServiceErrorDetails, type ServiceErrorKind } from '../service-error';

/** Posten's names for the generic kinds, kept for the code that speaks of them. */
export type PostenErrorKind = ServiceErrorKind;
export type { UnknownOutcomeReason } from '../service-error';

/**
 * The service's error codes this client knows (reference §2.8; the real service documents few,
 * the rest are the ones its validation rules (§7.2) are known to answer with), each mapped to the
 * reason the user reads. An unknown code still gets a sentence, from its HTTP status.
 */
export const postenErrorReasons: Readonly<Record<string, FailureReason>> = {
  BROKER_NOT_AUTHORIZED: 'service.brokerNotAuthorized',
  NOT_AUTHORIZED: 'service.notAuthorized',
  INVALID_STATUS_QUERY_TOKEN: 'service.invalidStatusToken',
  SIGNING_CEREMONY_NOT_COMPLETED: 'service.ceremonyNotCompleted',
  SCHEMA_VALIDATION_ERROR: 'service.invalidRequest',
  FEATURE_NOT_AVAILABLE: 'service.featureNotAvailable',
  INTERNAL_ERROR: 'service.internalError',
  TOO_EAGER_POLLING: 'service.pollTooEarly',
  SIGNATURE_JOB_NOT_FOUND: 'service.jobNotFound',
  DOCUMENTS_DELETED: 'service.documentsDeleted',
  DOCUMENTS_NOT_DELETABLE: 'service.documentsNotDeletable',
  DOCUMENT_TOO_LARGE: 'service.documentTooLarge',
  UNSUPPORTED_DOCUMENT_TYPE: 'service.unsupportedDocument',
  INVALID_DOCUMENT: 'service.invalidDocument',
  ENCRYPTED_DOCUMENT: 'service.invalidDocument',
  INVALID_NUMBER_OF_DOCUMENTS: 'service.invalidDocumentCount',
  INVALID_AVAILABLE_SECONDS: 'service.deadlineTooLong',
  INVALID_NOTIFICATIONS: 'service.notificationsNotAllowed',
  INVALID_IDENTIFIER_IN_SIGNED_DOCUMENTS: 'service.identifierNeedsPin',
  DUPLICATE_SIGNER: 'service.duplicateSigner',
  INVALID_BUNDLE: 'service.invalidBundle',
  INVALID_SIGNATURE: 'service.invalidBundle',
  UNTRUSTED_CERTIFICATE: 'service.invalidBundle',
  INVALID_SENDER: 'service.invalidSender',
  REQUEST_TOO_LARGE: 'service.documentTooLarge',
  INVALID_CONTENT_TYPE: 'service.invalidRequest',
  INVALID_MULTIPART: 'service.invalidRequest',
  // E6 for a signer who has signed or refused, or whose job has ended (the sandbox's code; Posten documents none).
  SIGNER_CANNOT_ACT: 'job.signerCannotSign',
};

/** A call to Posten that failed; its codes are worded by Posten's table. */
export class PostenError extends ServiceCallError {
  constructor(kind: ServiceErrorKind, message: string, details: ServiceErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'PostenError';
  }

  /** A known code decides; an unknown one (the service may add codes) falls back on the HTTP status, then the kind. */
  get reason(): FailureReason {
    const code = this.details.code;
    const byCode = code ? postenFailureReason(code) : undefined;
    if (byCode && byCode !== 'service.rejected') return byCode;
    if (this.details.status) return postenFailureReason(`HTTP_${this.details.status}`);
    return postenFailureReason(this.kind.toUpperCase());
  }
}

/**
 * The reason for a stored failure code: a service error code, a system error code (ENOTFOUND,
 * CERT_HAS_EXPIRED), `HTTP_<status>`, or the kind itself (older rows store `NETWORK`, `TRUST`).
 */
export function postenFailureReason(code: string | null | undefined): FailureReason {
  return (code && postenErrorReasons[code]) || genericFailureReason(code);
}

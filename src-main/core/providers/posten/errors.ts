import type { ServiceProblemKind } from '../../../../src-shared/contract';
import { systemFailureReason, type FailureReason } from '../../../../src-shared/failure';

/**
 * What can go wrong talking to Posten, sorted by what the caller should do about it:
 * `retry` (network, 5xx: try again later), `rateLimited` (wait until `retryAt`), `rejected`
 * (a definitive 4xx: show the service's code and message), `unexpected` (garbage answer: retry),
 * `tooLarge` (an answer over its size limit: not read further), `refusedLink` (a link in an answer
 * that is not an HTTPS address under the account's API root: not followed).
 */
export type PostenErrorKind = 'network' | 'server' | 'rateLimited' | 'rejected' | 'unexpected' | 'trust' | 'tooLarge' | 'refusedLink';

/**
 * Why a create request may have reached the service although no usable answer came back: the
 * job is then "outcome unknown" and is never sent again silently.
 */
export type UnknownOutcomeReason = 'no-answer' | 'unreadable-answer' | 'gateway-error';

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
};

export class PostenError extends Error {
  constructor(
    readonly kind: PostenErrorKind,
    /** The service's own message, or what went wrong below it; without any code prefix. */
    message: string,
    readonly details: { status?: number; code?: string; retryAt?: Date; dosFilter?: boolean; unknownOutcome?: UnknownOutcomeReason } = {},
  ) {
    super(message);
    this.name = 'PostenError';
  }

  /** The failure as the UI words it (network, timeout, TLS, 5xx ...); null for a definitive refusal. */
  get problemKind(): ServiceProblemKind | null {
    switch (this.kind) {
      case 'network':
        // By the one table of system codes: undici's and the OS's timeouts, and a TLS alert
        // (a certificate refused) that arrives as a socket error.
        return this.reason === 'network.timeout' ? 'timeout' : this.reason.startsWith('tls.') ? 'tls' : 'network';
      case 'trust':
        return 'tls';
      case 'server':
        return 'server';
      case 'rateLimited':
        return 'busy';
      case 'unexpected':
      // An answer over its size limit, or a link in it that leads outside the service.
      case 'tooLarge':
      case 'refusedLink':
        return 'unreadable';
      case 'rejected':
        return null;
    }
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rateLimited' || this.kind === 'unexpected';
  }

  /** What is stored and shown as the failure's code: the service's or the system's, else the kind. */
  get code(): string {
    return this.details.code ?? (this.details.status ? `HTTP_${this.details.status}` : this.kind.toUpperCase());
  }

  /** The technical text for "Details": code, HTTP status and message, each once. */
  get detail(): string {
    const head = [this.details.code, this.details.status ? `HTTP ${this.details.status}` : undefined].filter(Boolean).join(', ');
    return head ? `${head}: ${this.message}` : this.message;
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
  if (!code) return 'service.rejected';
  const known = postenErrorReasons[code] ?? systemFailureReason(code);
  if (known) return known;
  const status = /^HTTP_(\d{3})$/.exec(code)?.[1];
  if (status === '429') return 'service.rateLimited';
  if (status === '403') return 'service.notAuthorized';
  if (status === '409') return 'service.cancelConflict';
  if (status && Number(status) >= 500) return 'service.internalError';
  switch (code) {
    case 'NETWORK':
      return 'network.failed';
    case 'TRUST':
      return 'tls.failed';
    case 'SERVER':
      return 'service.internalError';
    case 'UNEXPECTED':
      return 'service.unexpectedAnswer';
    case 'RATELIMITED':
      return 'service.rateLimited';
    case 'OUTCOME_UNKNOWN':
      return 'job.outcomeUnknown';
    case 'SERVICE_ORGANIZATION':
      return 'tls.wrongServer';
    default:
      return 'service.rejected';
  }
}

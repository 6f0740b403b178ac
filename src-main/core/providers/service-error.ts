import type { ServiceProblemKind } from '../../../src-shared/contract';
import { systemFailureReason, type FailureReason } from '../../../src-shared/failure';

/**
 * What can go wrong talking to a signing service, sorted by what the caller should do about it:
 * `network` and `server` (try again later), `rateLimited` (wait until `retryAt`), `rejected` (a
 * definitive refusal: show the service's code and message), `unexpected` (garbage answer: retry),
 * `trust` (the service's certificate is not the one expected), `tooLarge` (an answer over its size
 * limit: not read further), `refusedLink` (a link in an answer that leads outside the service: not followed).
 */
export type ServiceErrorKind = 'network' | 'server' | 'rateLimited' | 'rejected' | 'unexpected' | 'trust' | 'tooLarge' | 'refusedLink';

/**
 * Why a create request may have reached the service although no usable answer came back: the
 * job is then "outcome unknown" and is never sent again silently.
 */
export type UnknownOutcomeReason = 'no-answer' | 'unreadable-answer' | 'gateway-error';

export interface ServiceErrorDetails {
  status?: number;
  code?: string;
  retryAt?: Date;
  dosFilter?: boolean;
  unknownOutcome?: UnknownOutcomeReason;
}

/**
 * A failed call to any service. The sync engine, the outbox and the job actions decide from its
 * kind alone; each provider's subclass words the service's own codes (`reason`).
 */
export abstract class ServiceCallError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    /** The service's own message, or what went wrong below it; without any code prefix. */
    message: string,
    readonly details: ServiceErrorDetails = {},
  ) {
    super(message);
  }

  /** The failure as the user reads it, from the service's code, the HTTP status or the kind. */
  abstract get reason(): FailureReason;

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
}

/**
 * The reason for a stored failure code no service table knows: a system error code (ENOTFOUND,
 * CERT_HAS_EXPIRED), `HTTP_<status>`, or the kind itself (older rows store `NETWORK`, `TRUST`).
 */
export function genericFailureReason(code: string | null | undefined): FailureReason {
  if (!code) return 'service.rejected';
  const known = systemFailureReason(code);
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
    // An answer over its size limit, or one whose link leads outside the service: not read, not followed.
    case 'TOOLARGE':
    case 'REFUSEDLINK':
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

import type { ServiceProblemKind } from '../../../../src-shared/contract';

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

export class PostenError extends Error {
  constructor(
    readonly kind: PostenErrorKind,
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
        // undici's connect/headers/body timeouts and the OS's ETIMEDOUT
        return /TIMEOUT|ETIMEDOUT/i.test(this.details.code ?? '') ? 'timeout' : 'network';
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
}

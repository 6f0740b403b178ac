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

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rateLimited' || this.kind === 'unexpected';
  }
}

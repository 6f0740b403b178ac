import type { ServiceProblemKind } from '../../../../src-shared/contract';

/**
 * What can go wrong talking to Posten, sorted by what the caller should do about it:
 * `retry` (network, 5xx: try again later), `rateLimited` (wait until `retryAt`), `rejected`
 * (a definitive 4xx: show the service's code and message), `unexpected` (garbage answer: retry).
 */
export type PostenErrorKind = 'network' | 'server' | 'rateLimited' | 'rejected' | 'unexpected' | 'trust';

export class PostenError extends Error {
  constructor(
    readonly kind: PostenErrorKind,
    message: string,
    readonly details: { status?: number; code?: string; retryAt?: Date; dosFilter?: boolean } = {},
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
        return 'unreadable';
      case 'rejected':
        return null;
    }
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rateLimited' || this.kind === 'unexpected';
  }
}

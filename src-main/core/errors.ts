import type { ErrorCode } from '../../src-shared/result';

/** An expected failure a handler reports; dispatch turns it into an error value. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

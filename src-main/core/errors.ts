import type { ErrorCode } from '../../src-shared/result';

/** An expected failure a handler reports; dispatch turns it into an error value. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field it concerns, so a form can show it there, in its own words for `reason`. */
    readonly field?: { path: string; reason: string },
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

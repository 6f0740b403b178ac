import type { ErrorCode, ErrorValue } from '../../src-shared/result';

/** An expected failure a handler reports; dispatch turns it into an error value. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field(s) the problem concerns, so a form can show it next to the field. */
    readonly issues?: ErrorValue['issues'],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

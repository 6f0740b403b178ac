import type { FailureParams, FailureReason } from '../../src-shared/failure';
import type { ErrorCode, ErrorValue } from '../../src-shared/result';

/** Why a CoreError happened, beyond its code: what the user reads, and where in the input. */
export interface CoreErrorWhy {
  reason?: FailureReason;
  params?: FailureParams;
  cause?: unknown;
  /** The input field(s) the problem concerns, so a form can show it next to the field. */
  issues?: ErrorValue['issues'];
}

/**
 * An expected failure a handler reports; dispatch turns it into an error value. The message is
 * technical English for logs and "Details"; `reason` (with `params`) is what the user reads, worded
 * in their language by the renderer or the CLI.
 */
export class CoreError extends Error {
  readonly reason?: FailureReason;
  readonly params?: FailureParams;
  readonly issues?: ErrorValue['issues'];

  constructor(
    readonly code: ErrorCode,
    message: string,
    why?: CoreErrorWhy,
  ) {
    super(message, why?.cause === undefined ? undefined : { cause: why.cause });
    this.name = 'CoreError';
    this.reason = why?.reason;
    this.params = why?.params;
    this.issues = why?.issues;
  }
}

import type { FailureParams, FailureReason } from '../../src-shared/failure';
import type { ErrorCode } from '../../src-shared/result';

/**
 * An expected failure a handler reports; dispatch turns it into an error value. The message is
 * technical English for logs and "Details"; `reason` (with `params`) is what the user reads, worded
 * in their language by the renderer or the CLI.
 */
export class CoreError extends Error {
  readonly reason?: FailureReason;
  readonly params?: FailureParams;

  constructor(
    readonly code: ErrorCode,
    message: string,
    why?: { reason: FailureReason; params?: FailureParams; cause?: unknown },
  ) {
    super(message, why?.cause === undefined ? undefined : { cause: why.cause });
    this.name = 'CoreError';
    this.reason = why?.reason;
    this.params = why?.params;
  }
}

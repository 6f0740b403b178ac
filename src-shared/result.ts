import type { FailureParams, FailureReason } from './failure';

/**
 * Errors cross every boundary as values, never as thrown exceptions (a thrown error loses its type
 * over IPC). NEEDS_CONFIRMATION: nothing wrong with the input, but it would do something the user
 * should agree to first (see the method's flags). RATE_LIMITED: the web host did not run the call,
 * as the connection made more calls a second than it allows.
 */
export const errorCodes = ['VALIDATION', 'UNKNOWN_METHOD', 'NOT_FOUND', 'CONFLICT', 'NEEDS_CONFIRMATION', 'UNAVAILABLE', 'TRANSPORT', 'RATE_LIMITED', 'INTERNAL'] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorValue {
  code: ErrorCode;
  /** Technical text (English, for logs and the "Details" disclosure); never the sentence a person reads. */
  message: string;
  /** Field-level problems, keyed by a dotted path into the input; `code` names the problem for the UI's own words. */
  issues?: { path: string; message: string; code?: string }[];
  /** Why, more precisely than the code: the renderer and the CLI word it in the user's language. */
  reason?: FailureReason;
  /** What fills the reason's sentence (a date, a file name). */
  params?: FailureParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(
  code: ErrorCode,
  message: string,
  issues?: ErrorValue['issues'],
  why?: { reason?: FailureReason; params?: FailureParams },
): { ok: false; error: ErrorValue } {
  const error: ErrorValue = { code, message };
  if (issues) error.issues = issues;
  if (why?.reason) error.reason = why.reason;
  if (why?.reason && why.params && Object.keys(why.params).length > 0) error.params = why.params;
  return { ok: false, error };
}

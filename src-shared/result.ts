/** Errors cross every boundary as values, never as thrown exceptions (a thrown error loses its type over IPC). */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** Nothing wrong with the input, but it would do something the user should agree to first (see the method's flags). */
  | 'NEEDS_CONFIRMATION'
  | 'UNAVAILABLE'
  | 'TRANSPORT'
  | 'INTERNAL';

export interface ErrorValue {
  code: ErrorCode;
  message: string;
  /** Field-level problems, keyed by a dotted path into the input; `code` names the problem for the UI's own words. */
  issues?: { path: string; message: string; code?: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, issues?: ErrorValue['issues']): { ok: false; error: ErrorValue } {
  return issues ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}

import { isFailureReason, systemFailureReason, type Failure, type FailureReason } from '../../src-shared/failure';
import { DatabaseFromNewerVersionError, DatabaseUnreadableError } from './db/errors';
import { CoreError } from './errors';
import { reasonOfServiceCode } from './providers/registry';
import { genericFailureReason, ServiceCallError } from './providers/service-error';

/** The first system error code (ENOENT, ECONNREFUSED, CERT_HAS_EXPIRED …) along an error's causes. */
function systemCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && systemFailureReason(code)) return code;
  }
  return undefined;
}

/**
 * Whatever was thrown, as a failure the user can read about: a stable reason (and what fills its
 * sentence) plus the raw message as detail. Unknown errors get no reason; their error code's
 * sentence stands in, and the message stays in "Details".
 */
export function describeFailure(error: unknown): Failure & { code?: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof CoreError && error.reason) return { reason: error.reason, params: error.params, detail };
  if (error instanceof ServiceCallError) return { reason: error.reason, detail: error.detail, code: error.code };
  if (error instanceof DatabaseUnreadableError) return { reason: 'database.unreadable', params: { path: error.path }, detail };
  if (error instanceof DatabaseFromNewerVersionError) return { reason: 'database.newerVersion', params: { path: error.path }, detail };
  const code = systemCodeOf(error);
  if (code) return { reason: systemFailureReason(code), detail, code };
  return { detail };
}

/** A stored failure code (a job's, a download's, an account's) as the reason to show. */
export function reasonOfStoredCode(code: string | null | undefined): FailureReason | null {
  if (!code) return null;
  if (isFailureReason(code)) return code;
  const byService = reasonOfServiceCode(code);
  return byService && isFailureReason(byService) ? byService : genericFailureReason(code);
}

/**
 * Failures kept in one text column (an account's last poll error, a download's last error) are
 * stored as JSON `{code, reason, params, detail}`; text written by older versions reads as detail only.
 */
export function encodeStoredFailure(failure: Failure & { code?: string }): string {
  return JSON.stringify({ code: failure.code, reason: failure.reason, params: failure.params, detail: failure.detail ?? '' });
}

export function decodeStoredFailure(text: string | null): (Failure & { detail: string }) | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as { code?: unknown; reason?: unknown; params?: unknown; detail?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.detail === 'string') {
      const reason = isFailureReason(parsed.reason) ? parsed.reason : typeof parsed.code === 'string' ? reasonOfStoredCode(parsed.code) ?? undefined : undefined;
      const params = parsed.params && typeof parsed.params === 'object' ? (parsed.params as Failure['params']) : undefined;
      return { reason, params, detail: parsed.detail };
    }
  } catch {
    // not JSON: a message from before reasons were stored
  }
  return { detail: text };
}

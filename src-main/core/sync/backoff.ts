/** Exponential backoff for retries of network and 5xx failures: 30 s, 1 min, 2 min ... capped at 30 min. */
export function retryDelayMs(attempt: number, baseMs = 30_000, capMs = 30 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

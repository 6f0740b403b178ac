/** Exponential backoff for retries of network and 5xx failures: 30 s, 1 min, 2 min ... capped at 30 min. */
export function retryDelayMs(attempt: number, baseMs = 30_000, capMs = 30 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * When to try again after the `attempt`-th failure, for every kind of retry (sending a job, polling
 * a queue, fetching a file): the time the service named (429, DoSFilter) when it named one, else
 * exponential backoff from `baseMs`, capped at `capMs`.
 */
export function nextAttemptAt(now: Date, attempt: number, options: { serviceRetryAt?: Date; baseMs?: number; capMs?: number } = {}): Date {
  return options.serviceRetryAt ?? new Date(now.getTime() + retryDelayMs(attempt, options.baseMs, options.capMs));
}

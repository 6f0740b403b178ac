import { fail } from '../../src-shared/result';
import type { Dispatcher } from '../../src-shared/rpc';

/**
 * Calls one tab may make per second. The UI makes a handful at a time (a page of the job list per
 * scroll step, a few on start); the cap is there so that a runaway tab cannot keep the core busy.
 */
export const DEFAULT_CALLS_PER_SECOND = 200;

export interface CallRateLimiter {
  /** Takes one call's allowance; false when this second's is spent. */
  take(): boolean;
}

/**
 * A token bucket: `perSecond` calls at once, refilled at `perSecond` a second. `now` (milliseconds)
 * is injectable so a test can move time on without waiting.
 */
export function createCallRateLimiter(perSecond: number, now: () => number = Date.now): CallRateLimiter {
  let tokens = perSecond;
  let last = now();
  return {
    take() {
      const at = now();
      // Math.max: a clock set back must not take away allowance already earned.
      tokens = Math.min(perSecond, tokens + (Math.max(0, at - last) / 1000) * perSecond);
      last = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** The dispatcher one connection sees: a call over its limit is answered RATE_LIMITED and not run. */
export function rateLimitedDispatcher(dispatcher: Dispatcher, limiter: CallRateLimiter, perSecond: number): Dispatcher {
  return {
    dispatch(method, input) {
      if (limiter.take()) return dispatcher.dispatch(method, input);
      return Promise.resolve(fail('RATE_LIMITED', `More than ${perSecond} calls a second from this connection; ${method} was not run.`));
    },
    subscribe: (listener) => dispatcher.subscribe(listener),
  };
}

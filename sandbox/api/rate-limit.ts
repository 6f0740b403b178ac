/**
 * Per-organisation limiter over all API requests, like the Jetty DoSFilter in front of the real
 * service: more than `perSecond` requests within a second blocks the organisation for 30 s.
 */
export class OrganizationRateLimiter {
  private readonly recent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly perSecond: number, private readonly blockMs = 30_000) {}

  /** Returns true when the request may proceed. */
  admit(org: string, nowMs: number): boolean {
    if ((this.blockedUntil.get(org) ?? 0) > nowMs) return false;
    const window = (this.recent.get(org) ?? []).filter((t) => t > nowMs - 1000);
    window.push(nowMs);
    this.recent.set(org, window);
    if (window.length > this.perSecond) {
      this.blockedUntil.set(org, nowMs + this.blockMs);
      this.recent.set(org, []);
      return false;
    }
    return true;
  }
}

/** Where the clock keeps its offset (each sandbox's own store). */
export interface ClockMetaStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string | undefined): void;
}

/**
 * The sandbox's notion of "now": real time plus an offset that `/clock/advance` grows.
 * Poll times, re-delivery, deadlines and rate-limit blocks all read this clock.
 */
export class SandboxClock {
  private offsetMs: number;

  constructor(private readonly store: ClockMetaStore) {
    this.offsetMs = Number(store.getMeta('clockOffsetMs') ?? '0');
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  iso(): string {
    return this.now().toISOString();
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
    this.store.setMeta('clockOffsetMs', String(this.offsetMs));
  }
}

/**
 * Keeps each organisation under the service's 10 requests per second: beyond that the real service
 * blocks the organisation for 30 s. A sliding window of the last `perSecond` start times.
 */
export class RequestPacer {
  readonly #starts: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when a request may start; callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(async () => {
      for (;;) {
        const windowStart = this.now() - 1000;
        while (this.#starts.length && this.#starts[0] <= windowStart) this.#starts.shift();
        if (this.#starts.length < this.perSecond) break;
        await new Promise((resolve) => setTimeout(resolve, this.#starts[0] - windowStart + 1));
      }
      this.#starts.push(this.now());
    });
    this.#queue = turn;
    return turn;
  }
}

const pacers = new Map<string, RequestPacer>();

/** One pacer per organisation for the whole process, shared by every client of that organisation. */
export function pacerFor(organizationNumber: string, perSecond = 9): RequestPacer {
  let pacer = pacers.get(organizationNumber);
  if (!pacer) pacers.set(organizationNumber, (pacer = new RequestPacer(perSecond)));
  return pacer;
}

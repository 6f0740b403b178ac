import { z } from 'zod';

export const faultSchema = z.object({
  match: z.string().regex(/^[A-Z]+ .+$/, 'match must look like "<METHOD> <regex>"'),
  kind: z.enum(['status', 'reset', 'delay', 'garbage']),
  status: z.number().int().min(100).max(599).optional(),
  delayMs: z.number().int().min(0).optional(),
  /** How many requests the fault hits; absent = until DELETE /faults. */
  times: z.number().int().min(1).optional(),
});
export type FaultSpec = z.infer<typeof faultSchema>;

interface ActiveFault extends FaultSpec {
  method: string;
  pattern: RegExp;
  remaining: number;
}

/** Injected failures for API requests; kept in memory on purpose (a restart clears them). */
export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const space = spec.match.indexOf(' ');
    this.faults.push({
      ...spec,
      method: spec.match.slice(0, space),
      pattern: new RegExp(spec.match.slice(space + 1)),
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
    });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ match, kind, status, delayMs, times }) => ({ match, kind, status, delayMs, times }));
  }

  /** Finds the first fault for this request and uses up one of its `times`. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && f.method === method && f.pattern.test(path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }
}

import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../contract';
import type { Result } from '../result';

type AreaOf<M extends string> = M extends `${infer Area}.${string}` ? Area : never;
type ActionOf<M extends string, Area extends string> = M extends `${Area}.${infer Action}` ? Action : never;

/**
 * One named function per contract method, grouped by area: `signingDesk.jobs.saveAgain(input)`.
 * Nothing generic: the page can call what the contract names and nothing else, and there is no
 * channel string for it to choose.
 */
export type PreloadMethods = {
  readonly [Area in AreaOf<MethodName>]: {
    readonly [M in Extract<MethodName, `${Area}.${string}`> as ActionOf<M, Area>]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
  };
};

/** What the Electron preload puts on `window.signingDesk`: the methods, and events by name. */
export type PreloadApi = PreloadMethods & {
  /** Listens to a contract event (by its name, e.g. `jobs.changed`); the listener gets the payload only. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

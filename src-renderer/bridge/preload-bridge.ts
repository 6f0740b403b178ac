import { splitMethodName } from '../../src-shared/contract/names';
import { fail, type Result } from '../../src-shared/result';
import type { Bridge, PreloadApi } from '../../src-shared/rpc';

type NamedFunction = (input: unknown) => Promise<Result<unknown>>;

/** The preload's function for a method (`jobs.saveAgain` -> `api.jobs.saveAgain`), own properties only. */
function functionFor(api: PreloadApi, method: string): NamedFunction | undefined {
  const [area, action] = splitMethodName(method) ?? [];
  if (!area || !action || !Object.hasOwn(api, area)) return undefined;
  const actions = (api as unknown as Record<string, Record<string, unknown>>)[area]!;
  const found = Object.hasOwn(actions, action) ? actions[action] : undefined;
  return typeof found === 'function' ? (found as NamedFunction) : undefined;
}

/** Electron: the preload's named functions, typed through the contract. */
export function createPreloadBridge(api: PreloadApi): Bridge {
  return {
    async call(method, input) {
      const named = functionFor(api, method);
      if (!named) return fail('UNKNOWN_METHOD', `This app has no method ${JSON.stringify(method)}.`) as never;
      try {
        return (await named(input)) as never;
      } catch (error) {
        // Electron passes thrown errors across IPC as bare messages; turn them into a value.
        return fail('TRANSPORT', error instanceof Error ? error.message : String(error));
      }
    },
    on(event, listener) {
      return api.on(event, listener);
    },
  };
}

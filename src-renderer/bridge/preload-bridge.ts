import { channelOf } from '../../src-shared/contract/channels';
import { fail } from '../../src-shared/result';
import type { Bridge, PreloadApi } from '../../src-shared/rpc';

/** Electron: the preload's two generic functions, typed through the contract. */
export function createPreloadBridge(api: PreloadApi): Bridge {
  return {
    async call(method, input) {
      try {
        return (await api.invoke(channelOf(method), input)) as never;
      } catch (error) {
        // Electron passes thrown errors across IPC as bare messages; turn them into a value.
        return fail('TRANSPORT', error instanceof Error ? error.message : String(error));
      }
    },
    on(event, listener) {
      return api.on(channelOf(event), listener as (payload: unknown) => void);
    },
  };
}

// Imported by the sandboxed preload: only zod-free modules (the plain name lists, channel names,
// result helpers) may be reached from here, or the preload bundle grows by the whole contract.
// test/unit/electron-preload-bundle.test.ts checks the built preload's size and content.
import { channelOf } from '../../src-shared/contract/channels';
import { EVENT_NAMES, METHOD_NAMES, splitMethodName } from '../../src-shared/contract/names';
import type { EventName } from '../../src-shared/contract';
import type { PreloadApi } from '../../src-shared/rpc/preload-api';
import { fail, type Result } from '../../src-shared/result';

/** The slice of Electron's ipcRenderer the preload uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.signingDesk`: one named function per contract method (`jobs.saveAgain(input)`
 * sends `sd:jobs.saveAgain`), each taking one object and nothing else, plus `on(event, listener)`
 * for the contract's events. The page never names a channel, so it cannot reach any other ipcMain
 * listener; main checks the sender and validates the input of every call all the same.
 * Listeners receive the payload only, never Electron's event object (which carries `sender`).
 */
export function createPreloadApi(ipc: IpcRendererLike): PreloadApi {
  const areas: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const method of METHOD_NAMES) {
    const [area, action] = splitMethodName(method) ?? [];
    if (!area || !action || area === 'on') throw new Error(`The method name ${method} does not fit window.signingDesk.`);
    const channel = channelOf(method);
    (areas[area] ??= {})[action] = async (input: unknown) => {
      try {
        return (await ipc.invoke(channel, input)) as Result<unknown>;
      } catch (error) {
        // Electron passes a handler's throw across as a bare message; the page gets a value.
        return fail('TRANSPORT', error instanceof Error ? error.message : String(error));
      }
    };
  }
  const events = new Set<string>(EVENT_NAMES);
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`The event ${JSON.stringify(event)} is not part of the contract.`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const channel = channelOf(event);
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };
  const api: Record<string, unknown> = { on };
  for (const [area, actions] of Object.entries(areas)) api[area] = Object.freeze(actions);
  return Object.freeze(api) as unknown as PreloadApi;
}

import { eventChannels, methodChannels } from '../../src-shared/contract';
import type { PreloadApi } from '../../src-shared/rpc';
import { fail, type Result } from '../../src-shared/result';

/** The slice of Electron's ipcRenderer the preload uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.signingDesk`. It is generic (invoke/on by channel) but closed: only channels the
 * contract names get through, so a compromised page cannot reach any other ipcMain listener.
 * Listeners receive the payload only, never Electron's event object (which carries `sender`).
 */
export function createPreloadApi(ipc: IpcRendererLike): PreloadApi {
  const allowedMethods = new Set(methodChannels);
  const allowedEvents = new Set(eventChannels);
  return Object.freeze({
    async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
      if (typeof channel !== 'string' || !allowedMethods.has(channel)) return fail('UNKNOWN_METHOD', `The channel ${JSON.stringify(channel)} is not part of the contract.`);
      try {
        return (await ipc.invoke(channel, input)) as Result<unknown>;
      } catch (error) {
        return fail('TRANSPORT', error instanceof Error ? error.message : String(error));
      }
    },
    on(channel: string, listener: (payload: unknown) => void): () => void {
      if (typeof channel !== 'string' || !allowedEvents.has(channel)) throw new Error(`The event channel ${JSON.stringify(channel)} is not part of the contract.`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  });
}

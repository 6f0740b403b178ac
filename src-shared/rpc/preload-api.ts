import type { Result } from '../result';

/**
 * What the Electron preload puts on `window.signingDesk`: two generic functions that only accept
 * channels from the contract's lists, so the renderer can reach nothing the contract does not name.
 */
export interface PreloadApi {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

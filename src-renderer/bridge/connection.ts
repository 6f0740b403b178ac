/** How the renderer's link to the app is doing; the web transport changes it, Electron never does. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unreachable';

export interface ConnectionStatus {
  get(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

export function createConnectionStatus(initial: ConnectionState): ConnectionStatus & { set(state: ConnectionState): void } {
  let state = initial;
  const listeners = new Set<(state: ConnectionState) => void>();
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener(state);
    },
  };
}

export const alwaysOpen: ConnectionStatus = { get: () => 'open', subscribe: () => () => {} };

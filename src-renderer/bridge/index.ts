import type { Bridge, PreloadApi } from '../../src-shared/rpc';
import { createPortClient } from '../../src-shared/rpc';
import { alwaysOpen, type ConnectionStatus } from './connection';
import { createPreloadBridge } from './preload-bridge';
import { takeToken } from './token';
import { createWebSocketPort } from './websocket-port';

export type { ConnectionState, ConnectionStatus } from './connection';

declare global {
  interface Window {
    signingDesk?: PreloadApi;
  }
}

export type Transport =
  | { kind: 'ready'; bridge: Bridge; connection: ConnectionStatus }
  /** Web host opened without its token: nothing to connect with. */
  | { kind: 'no-token' };

/** Picks the transport once at startup: Electron's preload when present, else the web host's WebSocket. */
export function connectBridge(win: Window = window): Transport {
  if (win.signingDesk) return { kind: 'ready', bridge: createPreloadBridge(win.signingDesk), connection: alwaysOpen };
  const token = takeToken(win);
  if (!token) return { kind: 'no-token' };
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const { port, status } = createWebSocketPort({
    url: `${scheme}://${win.location.host}/rpc?token=${encodeURIComponent(token)}`,
  });
  return { kind: 'ready', bridge: createPortClient(port, { timeoutMs: 60_000 }), connection: status };
}

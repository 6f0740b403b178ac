import type { MessagePort, RpcMessage } from '../../src-shared/rpc';
import { createConnectionStatus, type ConnectionStatus } from './connection';

export interface WebSocketPortOptions {
  url: string;
  /** Delays between reconnect attempts; the last one repeats. */
  backoffMs?: readonly number[];
  /** After this many failed attempts in a row the state becomes 'unreachable' (we keep trying). */
  unreachableAfter?: number;
  createSocket?: (url: string) => WebSocket;
}

/**
 * A MessagePort over a WebSocket that reconnects by itself. Messages sent before the first connection
 * wait for it; once the app has been reached, a send while disconnected throws, which the port client
 * turns into a TRANSPORT error value, so nothing hangs while the "Reconnecting…" banner shows.
 */
export function createWebSocketPort(options: WebSocketPortOptions): {
  port: MessagePort;
  status: ConnectionStatus;
  close(): void;
} {
  const backoff = options.backoffMs ?? [250, 500, 1000, 2000, 4000];
  const unreachableAfter = options.unreachableAfter ?? 6;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const status = createConnectionStatus('connecting');
  const messageListeners = new Set<(message: RpcMessage) => void>();
  const closeListeners = new Set<() => void>();
  let everOpened = false;
  let failures = 0;
  let closed = false;
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let queue: string[] = [];

  const connect = () => {
    const current = createSocket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      everOpened = true;
      failures = 0;
      for (const data of queue) current.send(data);
      queue = [];
      status.set('open');
    });
    current.addEventListener('message', (event: MessageEvent) => {
      let message: RpcMessage;
      try {
        message = JSON.parse(String(event.data)) as RpcMessage;
      } catch {
        return;
      }
      for (const listener of messageListeners) listener(message);
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      queue = [];
      for (const listener of closeListeners) listener();
      if (closed) return;
      failures += 1;
      status.set(failures >= unreachableAfter ? 'unreachable' : everOpened ? 'reconnecting' : 'connecting');
      const delay = backoff[Math.min(failures - 1, backoff.length - 1)];
      retryTimer = setTimeout(connect, delay);
    });
  };

  connect();

  const port: MessagePort = {
    send(message) {
      const data = JSON.stringify(message);
      if (socket?.readyState === WebSocket.OPEN) socket.send(data);
      else if (!everOpened && socket?.readyState === WebSocket.CONNECTING) queue.push(data);
      else throw new Error('Not connected to Signing Desk.');
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };

  return {
    port,
    status,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

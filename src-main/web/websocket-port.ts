import type WebSocket from 'ws';
import { maxRequestBytes } from '../../src-shared/contract';
import type { MessagePort, RpcMessage } from '../../src-shared/rpc';

/** Adapts a server-side WebSocket to the RPC MessagePort. Malformed frames are dropped. */
export function webSocketPort(socket: WebSocket): MessagePort {
  return {
    send(message: RpcMessage) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      const handle = (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return;
        const text = data.toString();
        if (text.length > maxRequestBytes) return;
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          return;
        }
        if (isRpcRequest(message)) listener(message);
      };
      socket.on('message', handle);
      return () => socket.off('message', handle);
    },
    onClose(listener) {
      socket.on('close', listener);
      return () => socket.off('close', listener);
    },
  };
}

function isRpcRequest(value: unknown): value is RpcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { kind?: unknown; id?: unknown; method?: unknown };
  return candidate.kind === 'request' && typeof candidate.id === 'number' && typeof candidate.method === 'string';
}

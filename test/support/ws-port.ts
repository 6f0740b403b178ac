import WebSocket from 'ws';
import type { MessagePort, RpcMessage } from '../../src-shared/rpc';

/** A Node WebSocket client as an RPC MessagePort, for driving the web host from tests. */
export async function connectWebSocketPort(url: string, origin: string): Promise<MessagePort & { close(): void }> {
  const socket = new WebSocket(url, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    send: (message: RpcMessage) => socket.send(JSON.stringify(message)),
    onMessage(listener) {
      const handle = (data: WebSocket.RawData) => listener(JSON.parse(data.toString()) as RpcMessage);
      socket.on('message', handle);
      return () => socket.off('message', handle);
    },
    onClose(listener) {
      socket.on('close', listener);
      return () => socket.off('close', listener);
    },
    close: () => socket.close(),
  };
}

import { createServer, type IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { maxRequestBytes } from '../../src-shared/contract';
import type { Dispatcher } from '../../src-shared/rpc';
import { servePort } from '../../src-shared/rpc';
import { createCallRateLimiter, DEFAULT_CALLS_PER_SECOND, rateLimitedDispatcher } from './call-rate-limit';
import { serveStatic } from './static-files';
import { webSocketPort } from './websocket-port';

export const LOOPBACK = '127.0.0.1';

export interface WebServerOptions {
  dispatcher: Dispatcher;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Calls one connection may make per second (default DEFAULT_CALLS_PER_SECOND). */
  callsPerSecond?: number;
  /** Milliseconds, for the rate limit; tests move it on instead of waiting. */
  now?: () => number;
}

export interface WebServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  /** How many tabs are connected right now. */
  connections(): number;
  /** Calls `listener` each time a tab connects (token and Origin checked); returns the way to stop. */
  onConnection(listener: () => void): () => void;
  close(): Promise<void>;
}

function sameSecret(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves the renderer and the RPC WebSocket on loopback only. The socket needs the per-launch
 * token and our own Origin: any web page the user visits could otherwise reach a localhost port.
 * Every request must also name us in its Host header: a site whose name an attacker re-points at
 * 127.0.0.1 (DNS rebinding) is then same-origin for the browser, but its requests still carry the
 * attacker's name, so they are refused before anything is served.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const callsPerSecond = options.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND;
  // Set once listening, before any request can arrive.
  let ownHost = '';
  const isForUs = (request: IncomingMessage) => request.headers.host?.toLowerCase() === ownHost;
  const server = createServer((request, response) => {
    if (!isForUs(request)) {
      response.writeHead(421, { connection: 'close' }).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(options.rendererDir, new URL(request.url ?? '/', 'http://x').pathname, response);
  });
  // ws refuses a bigger frame before buffering it (close code 1009), so one tab cannot make main hold more.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxRequestBytes });
  let origin = '';
  const connectionListeners = new Set<() => void>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws owns it, a reset on this socket would be an unhandled 'error' that ends the process.
    socket.on('error', () => socket.destroy());
    if (!isForUs(request)) return refuseUpgrade(socket, 421, 'Misdirected Request');
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== '/rpc') return refuseUpgrade(socket, 404, 'Not Found');
    if (!sameSecret(url.searchParams.get('token'), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (request.headers.origin !== origin) return refuseUpgrade(socket, 403, 'Forbidden');
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      // A bad frame (invalid UTF-8, a reserved opcode, too large) is an 'error' on this socket; ws has
      // already sent the close code. Without a listener it would be thrown and end the whole host.
      webSocket.on('error', () => webSocket.terminate());
      // Each connection its own allowance: one busy tab does not slow another.
      const limiter = createCallRateLimiter(callsPerSecond, options.now);
      const stop = servePort(rateLimitedDispatcher(options.dispatcher, limiter, callsPerSecond), webSocketPort(webSocket));
      webSocket.on('close', stop);
      for (const listener of [...connectionListeners]) listener();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ownHost = `${LOOPBACK}:${port}`;
  origin = `http://${ownHost}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    connections: () => sockets.clients.size,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

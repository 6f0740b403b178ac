import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { resolveInside } from '../../src-main/web/static-files';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';
import { createTestCore, tempDir } from '../support/core';
import type { Core } from '../../src-main/core';
import { createPortClient } from '../../src-shared/rpc';
import { connectWebSocketPort } from '../support/ws-port';
import { maxRequestBytes } from '../../src-shared/contract';

const dir = tempDir();
let core: Core;
let server: WebServer;

before(async () => {
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Signing Desk</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer folder');
  core = createTestCore(join(dir.path, 'data'));
  server = await startWebServer({ dispatcher: core, rendererDir });
});
after(async () => {
  await server.close();
  await core.close();
  dir.remove();
});

function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

test('the web host listens on 127.0.0.1 only', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
});

test('a WebSocket with the token and our Origin is accepted', async () => {
  assert.equal(await upgradeStatus(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`, server.origin), 101);
});

test('a WebSocket without the token, or with a wrong one, is refused', async () => {
  assert.equal(await upgradeStatus(`ws://127.0.0.1:${server.port}/rpc`, server.origin), 401);
  assert.equal(await upgradeStatus(`ws://127.0.0.1:${server.port}/rpc?token=${server.token.slice(1)}x`, server.origin), 401);
});

test('a WebSocket from a foreign Origin, or with none, is refused even with the token', async () => {
  const url = `ws://127.0.0.1:${server.port}/rpc?token=${server.token}`;
  assert.equal(await upgradeStatus(url, 'https://evil.example'), 403);
  assert.equal(await upgradeStatus(url, `http://localhost:${server.port}`), 403);
  assert.equal(await upgradeStatus(url), 403);
});

test('each launch gets a different token', async () => {
  const other = await startWebServer({ dispatcher: core, rendererDir: dir.path });
  try {
    assert.notEqual(other.token, server.token);
    assert.ok(other.token.length >= 32);
  } finally {
    await other.close();
  }
});

test('the renderer is served with a CSP, and paths cannot leave its folder', async () => {
  const response = await fetch(`${server.origin}/`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.match(await response.text(), /Signing Desk/);
  const escaped = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // fetch() normalises "..", so send the raw path.
    const req = request({ host: '127.0.0.1', port: server.port, path: '/%2e%2e/secret.txt' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.doesNotMatch(escaped.body, /outside the renderer folder/);
  assert.equal(resolveInside('/app/renderer', '/../secret.txt'), join('/app/renderer', 'secret.txt'));
  assert.equal(resolveInside('/app/renderer', '/%2e%2e/%2e%2e/etc/passwd'), '/app/renderer/etc/passwd');
  assert.equal(resolveInside('/app/renderer', '/a%00b'), undefined);
});

test('requests other than GET are refused', async () => {
  const response = await fetch(`${server.origin}/`, { method: 'POST', body: 'x' });
  assert.equal(response.status, 405);
});

/** An upgraded WebSocket on a plain TCP socket, so a test can send frames no WebSocket library would. */
async function rawWebSocket(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  await once(socket, 'connect');
  socket.write(
    [
      `GET /rpc?token=${server.token} HTTP/1.1`,
      `Host: 127.0.0.1:${server.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Origin: ${server.origin}`,
      '',
      '',
    ].join('\r\n'),
  );
  let head = '';
  while (!head.includes('\r\n\r\n')) head += ((await once(socket, 'data')) as [Buffer])[0].toString('latin1');
  assert.match(head, /^HTTP\/1\.1 101 /);
  return socket;
}

/** A client frame: FIN set, the given opcode, masked as RFC 6455 requires; `declaredLength` may lie. */
function clientFrame(opcode: number, payload: Buffer, declaredLength = payload.length): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  let header: Buffer;
  if (declaredLength < 126) header = Buffer.from([0x80 | opcode, 0x80 | declaredLength]);
  else if (declaredLength < 65536) header = Buffer.from([0x80 | opcode, 0x80 | 126, declaredLength >> 8, declaredLength & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  return Buffer.concat([header, mask, masked]);
}

test('a bad WebSocket frame closes that connection and the web host goes on', async () => {
  const badFrames: Record<string, Buffer> = {
    'invalid UTF-8 in a text frame': clientFrame(0x1, Buffer.from([0xc3, 0x28, 0xff])),
    'a reserved opcode': clientFrame(0x3, Buffer.from('hello')),
    'a frame over the size limit': clientFrame(0x1, Buffer.alloc(0), 1024 * 1024 * 1024),
  };
  for (const [name, frame] of Object.entries(badFrames)) {
    const socket = await rawWebSocket();
    const closed = once(socket, 'close');
    socket.on('error', () => undefined); // the host may reset rather than close politely
    socket.write(frame);
    await closed;
    // The host is still there: a fresh tab connects and a call is answered.
    const port = await connectWebSocketPort(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`, server.origin);
    const client = createPortClient(port);
    const info = await client.call('app.info', {});
    assert.ok(info.ok, `after ${name}`);
    client.close();
    port.close();
  }
});

/** Status of a plain GET that names `host` in its Host header (fetch() would not let a test set it). */
function statusWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Status of a WebSocket upgrade with the token and our Origin, naming `host` in its Host header. */
async function upgradeStatusWithHost(host: string): Promise<number> {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  await once(socket, 'connect');
  socket.write(
    [
      `GET /rpc?token=${server.token} HTTP/1.1`,
      `Host: ${host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Origin: ${server.origin}`,
      '',
      '',
    ].join('\r\n'),
  );
  let head = '';
  while (!head.includes('\r\n')) head += ((await once(socket, 'data')) as [Buffer])[0].toString('latin1');
  socket.destroy();
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
}

test('a request naming another host is refused (DNS rebinding); our own address works', async () => {
  const own = `127.0.0.1:${server.port}`;
  assert.equal(await statusWithHost('/', own), 200);
  assert.equal(await statusWithHost('/', `evil.example:${server.port}`), 421);
  assert.equal(await statusWithHost('/', `localhost:${server.port}`), 421);
  assert.equal(await statusWithHost('/', '127.0.0.1:1'), 421);
  assert.equal(await upgradeStatusWithHost(own), 101);
  assert.equal(await upgradeStatusWithHost(`evil.example:${server.port}`), 421);
});

test('a frame just over the size cap closes the connection with "message too big"', async () => {
  const socket = await rawWebSocket();
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.write(clientFrame(0x1, Buffer.alloc(0), maxRequestBytes + 1));
  await closed;
  // The server's close frame: opcode 8, then the status code (1009: message too big).
  assert.equal(received[0], 0x88);
  assert.equal(received.readUInt16BE(2), 1009);
});

test('calls over the per-connection rate are answered RATE_LIMITED; the next second works again', async () => {
  let now = 1_000_000;
  const limited = await startWebServer({ dispatcher: core, rendererDir: dir.path, callsPerSecond: 5, now: () => now });
  const url = `ws://127.0.0.1:${limited.port}/rpc?token=${limited.token}`;
  const port = await connectWebSocketPort(url, limited.origin);
  const client = createPortClient(port);
  try {
    const burst = await Promise.all(Array.from({ length: 8 }, () => client.call('app.info', {})));
    assert.equal(burst.filter((r) => r.ok).length, 5);
    const refused = burst.filter((r) => !r.ok);
    assert.equal(refused.length, 3);
    for (const result of refused) assert.equal(!result.ok && result.error.code, 'RATE_LIMITED');

    // Another tab has its own allowance.
    const otherPort = await connectWebSocketPort(url, limited.origin);
    const other = createPortClient(otherPort);
    assert.ok((await other.call('app.info', {})).ok);
    other.close();
    otherPort.close();

    // The same connection stays usable: a second later it has its allowance back.
    now += 1000;
    const next = await Promise.all(Array.from({ length: 5 }, () => client.call('app.info', {})));
    assert.ok(next.every((r) => r.ok));
    assert.equal((await client.call('app.info', {})).ok, false);
  } finally {
    client.close();
    port.close();
    await limited.close();
  }
});

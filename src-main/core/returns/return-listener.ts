import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { appendJobEvent } from '../jobs/events-log';
import type { ReturnAddresses, ReturnKind } from '../providers/types';
import { scheduleFastChecks } from '../sync/job-checks';
import { returnPage } from './return-page';

const PORT_KEY = 'returns.port';
const RETURN_KINDS: readonly ReturnKind[] = ['completion', 'rejection', 'error'];
const PATH = /^\/r\/([A-Za-z0-9_-]{22,64})(?:\/(completion|rejection|error))?\/?$/;

/**
 * The words of the page a signer's browser lands on, from the `status` a service adds to a signer's
 * return address (TRIDENT's finish_callback_url: finished, failed, canceled). Untrusted like
 * everything in the request: it picks the page's words and the hint, never a status.
 */
function kindOfStatus(status: string | null): ReturnKind | undefined {
  if (status === 'finished') return 'completion';
  if (status === 'canceled' || status === 'cancelled') return 'rejection';
  if (status === 'failed' || status === 'failed_documents') return 'error';
  return undefined;
}

/** What came back: a job's exit address (Posten direct) or a signer's own (one return each). */
export interface ReturnSeen {
  jobId: string;
  signerId: string | null;
  kind: ReturnKind;
  /** False for a second return to a signer's address, which changes nothing. */
  fresh: boolean;
}

export interface ReturnListener {
  /** The addresses for one job's signers; stable across restarts (port and tokens are stored). */
  addressesFor(jobId: string): ReturnAddresses;
  /** Listens on 127.0.0.1 on the kept port (a new one when it is taken). Idempotent. */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly running: boolean;
}

function readPort(context: CoreContext): number | undefined {
  const row = prepared(context.db, 'SELECT value FROM settings WHERE key = ?').get(PORT_KEY) as { value: string } | undefined;
  const port = row ? Number(JSON.parse(row.value)) : undefined;
  return port && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

function writePort(context: CoreContext, port: number): void {
  prepared(context.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(PORT_KEY, JSON.stringify(port));
}

/** A port nothing listens on now, from the OS. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The loopback listener browsers come back to after signing (RFC 8252 §7.3, §8.3): 127.0.0.1
 * only, one port kept across restarts, an unguessable path per job (Posten's direct flow: its exit
 * URLs belong to the job, so several signers come back to one path) or per signer. It trusts
 * nothing in the request: a return only notes on the job that someone came back and makes the
 * sync engine ask the service as soon as it may; the service's status alone changes the job. It
 * reads no request body, answers only GET, and keeps headers small, so junk costs next to nothing.
 */
export function createReturnListener(context: CoreContext, onReturn: (seen: ReturnSeen) => void): ReturnListener {
  let server: Server | undefined;
  let port = readPort(context);

  function portNow(): number {
    if (port) return port;
    // Chosen once, before the first address is handed out; start() keeps it or moves it if taken.
    // Below every OS's range for outgoing connections (Linux 32768+, Windows and macOS 49152+), so
    // a connection elsewhere on the machine does not take it while the app is closed.
    port = 20000 + (randomBytes(2).readUInt16BE() % 12000);
    writePort(context, port);
    return port;
  }

  function tokenFor(jobId: string, signerId: string | null): string {
    const found = prepared(context.db, "SELECT token FROM return_paths WHERE job_id = ? AND coalesce(signer_id, '') = ?").get(jobId, signerId ?? '') as { token: string } | undefined;
    if (found) return found.token;
    const token = randomBytes(24).toString('base64url');
    prepared(context.db, 'INSERT INTO return_paths (token, job_id, signer_id, created_at) VALUES (?, ?, ?, ?)').run(token, jobId, signerId, context.now().toISOString());
    return token;
  }

  function record(token: string, kind: ReturnKind | undefined, statusKind: ReturnKind | undefined): ReturnSeen | undefined {
    return context.db.transaction((): ReturnSeen | undefined => {
      const row = prepared(context.db, 'SELECT job_id, signer_id, returned_at FROM return_paths WHERE token = ?').get(token) as
        | { job_id: string; signer_id: string | null; returned_at: string | null }
        | undefined;
      if (!row) return undefined;
      // A job's path needs the exit it names; a signer's path is the signer's one return.
      if (!row.signer_id && !kind) return undefined;
      const seenKind = kind ?? statusKind ?? 'completion';
      const fresh = row.signer_id === null || row.returned_at === null;
      if (!fresh) return { jobId: row.job_id, signerId: row.signer_id, kind: seenKind, fresh };
      const at = context.now().toISOString();
      prepared(context.db, 'UPDATE return_paths SET returned_at = coalesce(returned_at, ?) WHERE token = ?').run(at, token);
      const open = prepared(context.db, "SELECT 1 FROM jobs WHERE id = ? AND status = 'in_progress'").get(row.job_id);
      if (open) {
        prepared(context.db, 'UPDATE jobs SET return_hint = ? WHERE id = ?').run(JSON.stringify({ kind: seenKind, at, signerId: row.signer_id }), row.job_id);
        appendJobEvent(context.db, { jobId: row.job_id, at, kind: 'signer-returned', actor: 'app', data: { exit: seenKind, signerId: row.signer_id } });
        scheduleFastChecks(context, row.job_id);
      }
      return { jobId: row.job_id, signerId: row.signer_id, kind: seenKind, fresh: Boolean(open) };
    })();
  }

  function answer(res: ServerResponse, status: number, body?: string): void {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    res.end(body);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // No request here has a body worth reading; none is read.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET');
      answer(res, 405);
      req.destroy();
      return;
    }
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const match = PATH.exec(path);
    if (!match) return answer(res, 404, path === '/favicon.ico' ? undefined : returnPage('unknown'));
    let seen: ReturnSeen | undefined;
    try {
      seen = record(match[1]!, match[2] as ReturnKind | undefined, kindOfStatus(new URLSearchParams(query).get('status')));
    } catch (error) {
      context.ports.logger.warn('A browser return could not be recorded', { message: (error as Error).message });
      return answer(res, 503, returnPage('error'));
    }
    if (!seen) return answer(res, 404, returnPage('unknown'));
    answer(res, 200, returnPage(seen.kind));
    if (seen.fresh) onReturn(seen);
  }

  async function listenOn(candidate: number): Promise<boolean> {
    const next = createServer({ maxHeaderSize: 8 * 1024, requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 1_000 }, handle);
    next.maxConnections = 64;
    const ok = await new Promise<boolean>((resolve, reject) => {
      next.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
      next.listen(candidate, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      next.on('error', (error) => context.ports.logger.warn('The return listener failed', { message: error.message }));
      next.on('clientError', (_error, socket) => socket.destroy());
      server = next;
    }
    return ok;
  }

  return {
    addressesFor(jobId) {
      const base = `http://127.0.0.1:${portNow()}/r`;
      return {
        forJob: (kind) => (RETURN_KINDS.includes(kind) ? `${base}/${tokenFor(jobId, null)}/${kind}` : undefined),
        forSigner: (signerId) => `${base}/${tokenFor(jobId, signerId)}`,
      };
    },
    async start() {
      if (server) return;
      if (await listenOn(portNow())) return;
      // Someone else has the port now: a new one for the addresses handed out from here on. Those
      // handed out before lead nowhere; polling still learns every outcome.
      const moved = await freePort();
      context.ports.logger.warn('The return port was taken; the app listens on another one now', { was: port, now: moved });
      port = moved;
      writePort(context, moved);
      if (!(await listenOn(moved))) throw new Error(`The return listener could not listen on 127.0.0.1:${moved}`);
    },
    async stop() {
      const closing = server;
      server = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    get running() {
      return server !== undefined;
    },
  };
}

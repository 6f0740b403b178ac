import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultSchema, type FaultRegistry } from '../control/faults';
import { readBody } from '../http/respond';
import { TridentError } from './errors';
import type { ProcessRecord } from './model';
import type { TridentService } from './service';

export const CONTROL_PREFIX = '/trident';

const signSchema = z.object({ identity: z.string().max(200).optional(), failDocuments: z.array(z.string().max(200)).max(1000).optional() });
const failSchema = z.object({ message: z.string().max(2000).optional() });
const advanceSchema = z.object({ seconds: z.number().finite() });
const autosignSchema = z.object({ afterSeconds: z.number().min(0).nullable() });
const lifetimeSchema = z.object({ seconds: z.number().int().min(1).max(86_400) });
const identitySchema = z.object({
  id: z.string().regex(/^[\w.-]{1,64}$/),
  name: z.string().min(1).max(200),
  kind: z.enum(['mobile', 'server']),
  labels: z.array(z.string().min(1).max(200)).max(50),
});

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const text = (await readBody(req, 1_000_000)).toString('utf8');
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new TridentError(400, 'INVALID_JSON', 'The body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TridentError(400, 'INVALID_BODY', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

export interface ControlHooks {
  /** Origins whose pages may call the control API (the sandbox's own); tools send no Origin. */
  ownOrigins(): Set<string>;
  /** Persists a changed setting. */
  saveSettings(): void;
  addIdentity(identity: z.infer<typeof identitySchema>): void;
}

/**
 * The TRIDENT part of the control API, under /trident on the sandbox's plain-HTTP control port: act
 * as the person (sign, cancel, fail), inject faults, move the TRIDENT clock, expire tokens, autosign.
 */
export class TridentControl {
  constructor(
    private readonly service: TridentService,
    private readonly faults: FaultRegistry,
    private readonly hooks: ControlHooks,
  ) {}

  describe(process: ProcessRecord): Record<string, unknown> {
    return {
      ...this.service.processView(process),
      createdAt: process.createdAt,
      finishedAt: process.finishedAt ?? null,
      labels: process.labels ?? null,
      uiLocales: process.uiLocales ?? null,
      finishCallbackUrl: process.finishCallbackUrl,
      skipServerId: process.skipServerId,
      identity: process.identityId ?? null,
      matchingIdentities: this.service.matchingIdentities(process).map((i) => i.id),
      taskUrl: this.service.taskUrl(process),
      warnings: process.warnings,
    };
  }

  /** Same rules as the Posten control API: no foreign pages, and bodies only as JSON (which a page cannot send cross-origin unasked). */
  private refuseCrossSite(req: IncomingMessage, method: string): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.hooks.ownOrigins().has(origin)) {
      throw new TridentError(403, 'FOREIGN_ORIGIN', `Requests from ${origin.slice(0, 200)} are not accepted; the control API serves local tools only.`);
    }
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined || req.headers['content-type'] !== undefined;
    const isJson = /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && hasBody && !isJson) {
      throw new TridentError(415, 'UNSUPPORTED_MEDIA_TYPE', 'A request body must be JSON, sent with Content-Type: application/json.');
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
    const service = this.service;
    const send = (status: number, value: unknown) => {
      const body = JSON.stringify(value, null, 2);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    try {
      this.refuseCrossSite(req, method);
      await service.tick();
      let m: RegExpExecArray | null;
      if (method === 'GET' && path === '/') {
        return send(200, {
          baseUrl: service.baseUrl,
          now: service.clock.iso(),
          tokenLifetimeSeconds: service.settings.tokenLifetimeSeconds,
          autosignAfterSeconds: service.settings.autosignAfterSeconds ?? null,
          identities: service.identities,
        });
      }
      if (method === 'GET' && path === '/processes') return send(200, service.store.listProcesses().map((p) => this.describe(p)));
      if (method === 'GET' && (m = /^\/processes\/([^/]+)$/.exec(path))) return send(200, this.describe(service.requireProcess(m[1])));
      if (method === 'POST' && (m = /^\/processes\/([^/]+)\/(sign|cancel|fail)$/.exec(path))) {
        const id = m[1];
        const outcome =
          m[2] === 'sign'
            ? await (async () => {
                const body = await jsonBody(req, signSchema);
                return service.sign(id, { identityId: body.identity, failDocuments: body.failDocuments });
              })()
            : m[2] === 'cancel'
              ? await service.cancel(id)
              : await service.fail(id, (await jsonBody(req, failSchema)).message);
        return send(200, { redirect: outcome.redirect, process: this.describe(outcome.process) });
      }
      if (method === 'POST' && (m = /^\/processes\/([^/]+)\/expire$/.exec(path))) {
        // The process is gone as if it had lived too long: GET 404, /result 410 (B7).
        service.deleteProcess(m[1]);
        return send(200, { expired: m[1] });
      }
      if (method === 'GET' && path === '/identities') return send(200, service.identities);
      if (method === 'POST' && path === '/identities') {
        const identity = await jsonBody(req, identitySchema);
        this.hooks.addIdentity(identity);
        return send(201, service.identities);
      }
      if (method === 'GET' && path === '/clock') return send(200, { now: service.clock.iso() });
      if (method === 'POST' && path === '/clock/advance') {
        service.clock.advance((await jsonBody(req, advanceSchema)).seconds);
        await service.tick();
        return send(200, { now: service.clock.iso() });
      }
      if (method === 'POST' && path === '/tokens/expire') return send(200, { expired: service.store.expireTokens(service.clock.nowMs()) });
      if (path === '/token-lifetime') {
        if (method === 'POST') {
          service.settings.tokenLifetimeSeconds = (await jsonBody(req, lifetimeSchema)).seconds;
          this.hooks.saveSettings();
        } else if (method !== 'GET') throw new TridentError(405, 'METHOD_NOT_ALLOWED', `${method} /token-lifetime`);
        return send(200, { seconds: service.settings.tokenLifetimeSeconds });
      }
      if (path === '/autosign') {
        if (method === 'POST') service.settings.autosignAfterSeconds = (await jsonBody(req, autosignSchema)).afterSeconds ?? undefined;
        else if (method === 'DELETE') service.settings.autosignAfterSeconds = undefined;
        else if (method !== 'GET') throw new TridentError(405, 'METHOD_NOT_ALLOWED', `${method} /autosign`);
        this.hooks.saveSettings();
        await service.tick();
        return send(200, { afterSeconds: service.settings.autosignAfterSeconds ?? null });
      }
      if (path === '/faults') {
        if (method === 'GET') return send(200, this.faults.list());
        if (method === 'POST') {
          const spec = await jsonBody(req, faultSchema);
          try {
            this.faults.add(spec);
          } catch (error) {
            throw new TridentError(400, 'INVALID_BODY', `match: ${(error as Error).message}`);
          }
          return send(201, this.faults.list());
        }
        if (method === 'DELETE') {
          this.faults.clear();
          return send(200, []);
        }
      }
      throw new TridentError(404, 'NOT_FOUND', `No control endpoint ${method} ${CONTROL_PREFIX}${path === '/' ? '' : path}`);
    } catch (error) {
      if (error instanceof TridentError) return send(error.httpStatus, { error: error.error, message: error.description });
      console.error('trident sandbox control error:', error);
      send(500, { error: 'INTERNAL_ERROR', message: (error as Error).message });
    }
  }
}

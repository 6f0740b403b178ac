// The Rest PKI Core API over HTTPS (reference A3): X-Api-Key on every call but file downloads;
// 200 with JSON, 400 ProblemDetails for syntax, 401 for a missing or wrong key, 422 ErrorModelV2
// for meaning, 500 with an exceptionCode. Paths match case-insensitively, as ASP.NET routes do.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../core/errors';
import { readBody } from '../http/respond';
import type { RestPkiContext } from './context';
import { sameSecret } from './engine';
import { HttpProblem, RestPkiError, SyntaxProblem } from './errors';
import { createSessionRequestSchema, jsonPath, multipartUploadEndSchema } from './schemas';
import type { z } from 'zod';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const JSON_TYPES = /^(application\/json|text\/json|application\/[^;\s]+\+json|application\/json-patch\+json)\s*(;|$)/i;
/** inline base64 documents: up to 30 of 25 MB each would not fit; this bounds one request */
const JSON_BODY_LIMIT = 100 * 1024 * 1024;
const UPLOAD_BODY_LIMIT = 26 * 1024 * 1024;

function send(res: ServerResponse, status: number, value: unknown, contentType = 'application/json; charset=utf-8'): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendProblem(res: ServerResponse, status: number, title: string, errors?: Record<string, string[]>): void {
  send(res, status, { type: `https://httpstatuses.io/${status}`, title, status, ...(errors ? { errors } : {}), traceId: randomBytes(8).toString('hex') }, 'application/problem+json; charset=utf-8');
}

/** The API key as the dashboard shows it ("app|secret"), or just the part after "|", which the CLI takes. */
function keyMatches(given: string | undefined, key: string): boolean {
  if (!given) return false;
  return sameSecret(given, key) || (key.includes('|') && sameSecret(given, key.slice(key.indexOf('|') + 1)));
}

export class RestPkiApi {
  constructor(private readonly ctx: RestPkiContext) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const method = req.method ?? 'GET';
    res.setHeader('Date', new Date(this.ctx.clock.nowMs()).toUTCString());
    try {
      if (await this.injectedFault(req, res, method, url.pathname)) return;
      await this.route(req, res, method, url.pathname.replace(/\/+$/, ''));
    } catch (error) {
      if (error instanceof RestPkiError) send(res, 422, error.toModel());
      else if (error instanceof SyntaxProblem) sendProblem(res, 400, 'One or more validation errors occurred.', error.errors);
      else if (error instanceof HttpProblem) sendProblem(res, error.status, error.message);
      else if (error instanceof ApiError && error.httpStatus === 413) sendProblem(res, 413, error.message);
      else {
        const exceptionCode = randomBytes(6).toString('hex').toUpperCase();
        console.error(`restpki sandbox API error ${exceptionCode}:`, error);
        send(res, 500, { message: `An unexpected error occurred in the sandbox: ${(error as Error).message}`, exceptionCode });
      }
    }
  }

  /** Faults from the control API answer before the request is processed (as Posten's sandbox does). */
  private async injectedFault(req: IncomingMessage, res: ServerResponse, method: string, pathname: string): Promise<boolean> {
    const fault = this.ctx.faults.take(method, pathname);
    if (!fault) return false;
    if (fault.kind === 'reset') {
      req.socket.destroy();
      return true;
    }
    if (fault.kind === 'status') {
      const status = fault.status ?? 500;
      const message = `Fault injected by the sandbox control API (${status})`;
      if (status === 422) send(res, 422, { code: 'InjectedFault', message, detail: null, details: null });
      else if (status >= 500) send(res, status, { message, exceptionCode: 'INJECTED' });
      else send(res, status, { message });
      return true;
    }
    if (fault.kind === 'garbage') {
      const junk = '{"this is not JSON \u0000\u0001 garbage from the sandbox fault injector';
      res.writeHead(fault.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(junk) });
      res.end(junk);
      return true;
    }
    // delay: a slow network; if the client gives up meanwhile, the request never arrives
    const clientGone = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), fault.delayMs ?? 0);
      timer.unref();
      res.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    return clientGone;
  }

  private async route(req: IncomingMessage, res: ServerResponse, method: string, pathname: string): Promise<void> {
    const path = pathname.toLowerCase();
    const { engine, uploads } = this.ctx;
    engine.tick();
    let match: RegExpExecArray | null;

    // File links carry their own permission: accepted with or without the key (reference A9).
    if ((match = /^\/api\/files\/([a-z0-9_-]+)$/i.exec(pathname))) {
      if (method !== 'GET') return this.methodNotAllowed(res);
      const { file, bytes } = engine.fileBytes(match[1]);
      const asciiName = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      res.writeHead(200, {
        'Content-Type': file.mimeType,
        'Content-Length': bytes.length,
        'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      });
      res.end(bytes);
      return;
    }

    if (!keyMatches(headerValue(req, 'x-api-key'), this.ctx.apiKey)) {
      send(res, 401, { message: 'API key not provided or invalid (send it in the X-Api-Key header).' });
      return;
    }

    if (path === '/api/signature-sessions') {
      if (method !== 'POST') return this.methodNotAllowed(res);
      const body = this.parse(await this.jsonBody(req), createSessionRequestSchema);
      send(res, 200, await engine.create(body));
      return;
    }
    if ((match = new RegExp(`^/api/signature-sessions/([^/]+)(/when-completed)?$`).exec(path))) {
      if (method !== 'GET') return this.methodNotAllowed(res);
      const id = routeUuid(match[1]);
      if (!match[2]) {
        send(res, 200, engine.sessionModel(engine.requireSession(id)));
        return;
      }
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      const status = await engine.whenCompleted(id, gone.signal);
      if (!res.destroyed) send(res, 200, status);
      return;
    }
    if ((match = /^\/api\/documents\/([^/]+)$/.exec(path))) {
      if (method !== 'GET') return this.methodNotAllowed(res);
      send(res, 200, engine.documentModel(routeUuid(match[1])));
      return;
    }
    if (path === '/api/plain-uploads') {
      if (method !== 'POST') return this.methodNotAllowed(res);
      const bytes = await readBody(req, UPLOAD_BODY_LIMIT);
      const type = headerValue(req, 'content-type')?.split(';')[0].trim() || null;
      const { blobToken, length, mimeType } = uploads.plain(bytes, type === 'application/octet-stream' ? null : type);
      send(res, 200, { mimeType, content: null, blobToken, url: null, name: null, length });
      return;
    }
    if (path === '/api/multipartuploads') {
      if (method !== 'POST') return this.methodNotAllowed(res);
      send(res, 200, uploads.begin());
      return;
    }
    // tokens are case-sensitive: read them from the path as sent
    if ((match = /^\/api\/multipartuploads\/([A-Za-z0-9_-]+)(?:\/([^/]+))?$/i.exec(pathname))) {
      if (method !== 'POST') return this.methodNotAllowed(res);
      const token = match[1];
      if (match[2] !== undefined) {
        if (!/^\d{1,9}$/.test(match[2])) throw SyntaxProblem.at('partNumber', `The value '${match[2].slice(0, 40)}' is not valid.`);
        const etag = uploads.part(token, Number(match[2]), await readBody(req, UPLOAD_BODY_LIMIT), headerValue(req, 'content-md5'));
        res.writeHead(200, { ETag: etag, 'Content-Length': 0 });
        res.end();
        return;
      }
      const body = this.parse(await this.jsonBody(req), multipartUploadEndSchema);
      uploads.end(token, body.partETags, body.completeMD5);
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
      return;
    }
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
  }

  private methodNotAllowed(res: ServerResponse): void {
    res.writeHead(405, { 'Content-Length': 0 });
    res.end();
  }

  private async jsonBody(req: IncomingMessage): Promise<unknown> {
    const type = headerValue(req, 'content-type');
    if (!type || !JSON_TYPES.test(type)) {
      throw new HttpProblem(415, 'Unsupported Media Type: send the body as JSON (Content-Type: application/json).');
    }
    const text = (await readBody(req, JSON_BODY_LIMIT)).toString('utf8');
    if (!text.trim()) throw SyntaxProblem.at('$', 'A non-empty request body is required.');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw SyntaxProblem.at('$', `The JSON value could not be read: ${(error as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw SyntaxProblem.at('$', 'The body must be a JSON object.');
    return value;
  }

  private parse<T>(value: unknown, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[jsonPath(issue.path)] ??= []).push(issue.message);
    throw new SyntaxProblem(errors);
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A route's {id} is a Guid: anything else is a binding error (400), as in ASP.NET. */
function routeUuid(value: string): string {
  if (!new RegExp(`^${UUID}$`).test(value)) throw SyntaxProblem.at('id', `The value '${value.slice(0, 60)}' is not valid.`);
  return value.toLowerCase();
}

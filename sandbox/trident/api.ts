import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRegistry } from '../control/faults';
import { ApiError } from '../core/errors';
import { readBody } from '../http/respond';
import { requireBearer, type TokenEndpoint } from './auth';
import { TridentError, badRequest, notFound, sendJson, sendTridentError } from './errors';
import { formDataBoundary, parseFormData, type FormPart } from './form-data';
import { AUTH_PREFIX, RESOURCES_PREFIX } from './model';
import { parseSignatureDefinition, type TridentService } from './service';
import type { TaskPages } from './ui';

/** Requests carry whole documents; a gateway in front of a real installation would cap them about here (B10). */
export const MAX_REQUEST_BYTES = 50 * 1024 * 1024;

function jsonOf(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('JsonParseException', `${what} is not valid JSON`);
  }
}

const mediaType = (req: IncomingMessage): string => (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
const partType = (part: FormPart): string => (part.declaredType ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();

async function formParts(req: IncomingMessage): Promise<FormPart[] | undefined> {
  const boundary = formDataBoundary(req.headers['content-type']);
  if (!boundary) return undefined;
  const body = await readBody(req, MAX_REQUEST_BYTES);
  try {
    return parseFormData(body, boundary);
  } catch (error) {
    throw badRequest('BadRequestException', `The multipart body cannot be read: ${(error as Error).message}`);
  }
}

function single(parts: FormPart[], name: string): FormPart | undefined {
  const found = parts.filter((p) => p.name === name);
  if (found.length > 1) throw badRequest('BadRequestException', `More than one "${name}" part`);
  return found[0];
}

/** The HTTPS server of the TRIDENT sandbox: token endpoint, eSignSP resources and the browser task pages. */
export class TridentApi {
  constructor(
    private readonly service: TridentService,
    private readonly tokens: TokenEndpoint,
    private readonly pages: TaskPages,
    private readonly faults: FaultRegistry,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const method = req.method ?? 'GET';
    try {
      if (await this.injectFault(req, res, method, url.pathname)) return;
      await this.service.tick();
      const token = new RegExp(`^${AUTH_PREFIX}/([^/]+)/token$`).exec(url.pathname);
      if (token) return await this.tokens.handle(req, res, decodeURIComponent(token[1]));
      if (url.pathname === `${RESOURCES_PREFIX}/ui` || url.pathname.startsWith(`${RESOURCES_PREFIX}/ui/`)) return await this.pages.handle(req, res, url);
      if (url.pathname.startsWith(`${RESOURCES_PREFIX}/`)) {
        requireBearer(req, this.service.store, this.service.clock);
        return await this.resource(req, res, method, url.pathname.slice(RESOURCES_PREFIX.length));
      }
      throw notFound(`${url.pathname.slice(0, 200)}`);
    } catch (error) {
      if (error instanceof TridentError) return sendTridentError(res, error);
      if (error instanceof ApiError) return sendTridentError(res, new TridentError(error.httpStatus, error.httpStatus === 413 ? 'RequestEntityTooLargeException' : 'BadRequestException', error.message));
      console.error('trident sandbox error:', error);
      // An internal error is a bare 500 at TrustedX (B2).
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Length': '0' });
        res.end();
      }
    }
  }

  /** The task pages reached through the control port (browserPagesOnControlPort); no faults there. */
  async handlePages(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    try {
      await this.service.tick();
      await this.pages.handle(req, res, url);
    } catch (error) {
      if (error instanceof TridentError) return sendTridentError(res, error);
      if (error instanceof ApiError) return sendTridentError(res, new TridentError(error.httpStatus, 'BadRequestException', error.message));
      console.error('trident sandbox page error:', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Length': '0' }).end();
    }
  }

  /** Faults from the control API, as sandbox/control/faults.ts describes them; the pattern is searched in the path. */
  private async injectFault(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<boolean> {
    const fault = this.faults.take(method, path);
    if (!fault) return false;
    if (fault.kind === 'reset') {
      req.socket.destroy();
      return true;
    }
    if (fault.kind === 'status') {
      const status = fault.status ?? 500;
      sendTridentError(res, new TridentError(status, 'InjectedFault', `Fault injected by the sandbox control API (${status})`));
      return true;
    }
    if (fault.kind === 'garbage') {
      const junk = '{"this is not JSON \u0000\u0001 garbage from the sandbox fault injector';
      res.writeHead(fault.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(junk) });
      res.end(junk);
      return true;
    }
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

  private async resource(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const service = this.service;
    let m: RegExpExecArray | null;
    const allow = (...methods: string[]): void => {
      if (!methods.includes(method)) throw new TridentError(405, 'NotAllowedException', `${method} is not supported on ${path.slice(0, 200)}`, { Allow: methods.join(', ') });
    };

    if (path === '/signer_processes') {
      allow('POST');
      const process = await this.createProcess(req);
      const self = `${service.resourcesRoot}/signer_processes/${process.id}`;
      return sendJson(res, 201, service.processView(process), { Location: self });
    }
    if ((m = /^\/signer_processes\/([^/]+)$/.exec(path))) {
      allow('GET', 'DELETE');
      if (method === 'DELETE') {
        service.deleteProcess(m[1]);
        return void res.writeHead(204).end();
      }
      return sendJson(res, 200, service.processView(service.requireProcess(m[1])));
    }
    if ((m = /^\/signer_processes\/([^/]+)\/result$/.exec(path))) {
      allow('GET');
      return sendJson(res, 200, service.result(m[1]));
    }
    if ((m = /^\/signer_processes\/([^/]+)\/documents$/.exec(path))) {
      allow('GET');
      return sendJson(res, 200, { documents: service.processDocumentsView(service.requireProcess(m[1])) });
    }
    if (path === '/documents') {
      allow('POST');
      const document = await this.createDocument(req);
      return sendJson(res, 201, service.documentView(document), { Location: `${service.resourcesRoot}/documents/${document.id}` });
    }
    if ((m = /^\/documents\/([^/]+)$/.exec(path))) {
      allow('GET', 'DELETE');
      if (method === 'DELETE') {
        service.deleteDocument(m[1]);
        return void res.writeHead(204).end();
      }
      return sendJson(res, 200, service.documentView(service.requireDocument(m[1])));
    }
    if ((m = /^\/documents\/([^/]+)\/content$/.exec(path))) {
      allow('GET');
      const document = service.requireDocument(m[1]);
      const bytes = service.store.documentContent(document.id) ?? Buffer.alloc(0);
      res.writeHead(200, { 'Content-Type': document.contentType, 'Content-Length': String(bytes.length) });
      return void res.end(bytes);
    }
    throw notFound(path.slice(0, 200));
  }

  /** Multipart (`process` + `document`) for one document, JSON with `documents:[{id}]` for a batch (B5). */
  private async createProcess(req: IncomingMessage) {
    const parts = await formParts(req);
    if (parts) {
      const processPart = single(parts, 'process');
      const documentPart = single(parts, 'document');
      if (!processPart) throw badRequest('ModelValidationException', 'The multipart body has no "process" part');
      if (!documentPart) throw badRequest('ModelValidationException', 'The multipart body has no "document" part');
      // Many clients send `process` as a plain text field (B5); any part type is read as JSON.
      const process = jsonOf(processPart.body.toString('utf8'), 'The process part');
      return this.service.createProcess({ process, document: { bytes: documentPart.body, contentType: partType(documentPart) } });
    }
    if (mediaType(req) === 'application/json') {
      const body = await readBody(req, MAX_REQUEST_BYTES);
      return this.service.createProcess({ process: jsonOf(body.toString('utf8'), 'The body') });
    }
    throw badRequest('NotSupportedException', 'Cannot consume content type');
  }

  /** Multipart (optional `signers` JSON array + `document`), or the raw document with its own Content-Type (B4). */
  private async createDocument(req: IncomingMessage) {
    const parts = await formParts(req);
    if (parts) {
      const documentPart = single(parts, 'document');
      if (!documentPart) throw badRequest('ModelValidationException', 'The multipart body has no "document" part');
      const signersPart = single(parts, 'signers');
      const signers = signersPart ? jsonOf(signersPart.body.toString('utf8'), 'The signers part') : [];
      if (!Array.isArray(signers)) throw badRequest('ModelValidationException', 'The signers part must be a JSON array');
      const definitions = signers.map((s, i) => parseSignatureDefinition(s, `signers[${i}]`));
      return this.service.createDocument(documentPart.body, partType(documentPart), definitions);
    }
    const type = mediaType(req);
    if (!type || type === 'application/json' || type.startsWith('multipart/')) {
      // JSON here is the hash-signing case, which the sandbox does not offer.
      throw badRequest('NotSupportedException', 'Cannot consume content type');
    }
    return this.service.createDocument(await readBody(req, MAX_REQUEST_BYTES), type, []);
  }
}

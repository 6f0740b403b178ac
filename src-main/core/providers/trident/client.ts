import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { TridentError } from './errors';

/**
 * A client for TRIDENT's eSignSP API (reference part B): OAuth client credentials at the
 * installation's authorization server, then signer processes and documents under
 * `/trustedx-resources/esignsp/v2`. Every answer is size-capped while it is read; links are built
 * from ids under the account's own host, never followed from an answer.
 */

export interface TridentConnection {
  /** The installation's host root, e.g. https://trident.example.org (no trailing slash needed). */
  baseUrl: string;
  authorizationServer: string;
  clientId: string;
  clientSecret: string;
  /** The CA certificates (PEM) of a private installation; the public roots when absent. */
  caPems?: string[];
  timeoutMs?: number;
  /** The largest signed file accepted; SIGNED_FILE_MAX_BYTES when absent. */
  signedFileMaxBytes?: number;
}

export const RESOURCES_PATH = '/trustedx-resources/esignsp/v2';
/** The scope every signing call needs (B2). */
export const SIGNING_SCOPE = 'urn:safelayer:eidas:sign:process:document';
/** The process type every known integration uses: the person signs in first, and sees their TRIDENT identities (B3). */
export const PROCESS_TYPE = 'urn:safelayer:eidas:processes:document:sign:esigp';
/** PAdES (B3). */
export const PDF_SIGNATURE_POLICY = 'urn:safelayer:eidas:policies:sign:document:pdf';

/** JSON answers (a process, a token, an error) are small; anything bigger is not read. */
export const JSON_MAX_BYTES = 1024 * 1024;
const ERROR_BODY_MAX_BYTES = 64 * 1024;
export const SIGNED_FILE_MAX_BYTES = 1024 * 1024 * 1024;
/** A token is renewed this long before it runs out (at most a quarter of its life), so no call carries one that expires on the way. */
const TOKEN_RENEW_BEFORE_MS = 30_000;

/** The `process` object of a create (B5); only the fields the app sends. */
export interface ProcessRequest {
  process_type: string;
  signer: { signature_policy_id: string; parameters?: Record<string, unknown> };
  labels?: string[][];
  ui_locales: string[];
  finish_callback_url: string;
  views?: { document_agreement: { document_info: { html_body_content: string } } };
  /** A batch: documents created with POST /documents first. */
  documents?: { id: string }[];
}

export interface CreatedProcess {
  id: string;
  /** Where the person signs: `tasks.pending[0].url`, a UserBrowserTask (B11). */
  taskUrl: string;
  /** The process's documents in the order they were given. */
  documentIds: string[];
}

/** What `/result` says: 404 is "still running" (B7), 410 "no such process". */
export type ProcessResult = { state: 'running' } | { state: 'gone' } | { state: 'done'; status: string; message: string | null };

export interface ProcessDocument {
  id: string;
  status: string | null;
  message: string | null;
}

export interface FileToSend {
  path: string;
  size: number;
  fileName: string;
  mimeType: string;
}

interface Token {
  value: string;
  expiresAt: number;
  lifetimeSeconds: number;
}

/** How far a streamed request body got: a request whose body was not all handed over cannot have been processed. */
interface BodyProgress {
  complete: boolean;
}

interface Body {
  stream: Buffer | Readable;
  length: number;
  contentType: string;
  progress: BodyProgress;
}

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 appendix B): id and secret are encoded so before Basic (B2). */
export function formEncode(value: string): string {
  return new URLSearchParams([['v', value]]).toString().slice(2);
}

/** `Authorization: Basic` for the token endpoint: each of id and secret form-encoded, then base64 (B2). */
export function basicCredentials(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

/** The `error` of a `WWW-Authenticate: Bearer error="…"` header (RFC 6750). */
function bearerError(headers: Dispatcher.ResponseData['headers']): string | undefined {
  const value = headers['www-authenticate'];
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text ? /\berror="?([A-Za-z_]+)"?/.exec(text)?.[1] : undefined;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

function tooLarge(what: string, maxBytes: number): TridentError {
  return new TridentError('tooLarge', `TRIDENT's ${what} was larger than ${formatSize(maxBytes)}, the most the app accepts; it stopped reading it.`);
}

/** A file as a body of its own (POST /documents with the raw document, B4). */
function fileBody(file: FileToSend): Body {
  const progress: BodyProgress = { complete: false };
  async function* chunks() {
    yield* createReadStream(file.path, { highWaterMark: 1024 * 1024 });
    progress.complete = true;
  }
  return { stream: Readable.from(chunks()), length: file.size, contentType: file.mimeType, progress };
}

/** A quoted-string for Content-Disposition: the app's own file names are plain, but nothing may break the header. */
const quoted = (text: string) => `"${text.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`;

/** `multipart/form-data` with the parts `process` (JSON) and `document` (the file, streamed), as B5 shows. */
function processAndDocumentBody(process: ProcessRequest, file: FileToSend): Body {
  const boundary = `signing-desk-${randomBytes(12).toString('hex')}`;
  const processPart = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="process"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(process)}\r\n`,
    'utf8',
  );
  const documentHead = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename=${quoted(file.fileName)}\r\nContent-Type: ${file.mimeType}\r\nContent-Transfer-Encoding: binary\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const progress: BodyProgress = { complete: false };
  async function* chunks() {
    yield processPart;
    yield documentHead;
    yield* createReadStream(file.path, { highWaterMark: 1024 * 1024 });
    // From here on the whole request may be at the service.
    progress.complete = true;
    yield tail;
  }
  return {
    stream: Readable.from(chunks()),
    length: processPart.length + documentHead.length + file.size + tail.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
    progress,
  };
}

function jsonBody(value: unknown): Body {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  const progress: BodyProgress = { complete: false };
  async function* chunks() {
    yield bytes.subarray(0, -1);
    // Asked for the last byte: everything before it is on its way, so the request may arrive whole.
    progress.complete = true;
    yield bytes.subarray(-1);
  }
  return { stream: Readable.from(chunks()), length: bytes.length, contentType: 'application/json', progress };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class TridentClient {
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #signedFileMaxBytes: number;
  readonly #base: URL;
  readonly #resources: string;
  readonly #now: () => Date;
  #token: Token | undefined;
  #pendingToken: Promise<Token> | undefined;

  constructor(
    private readonly connection: TridentConnection,
    options: { now?: () => Date } = {},
  ) {
    this.#timeoutMs = connection.timeoutMs ?? 60_000;
    this.#signedFileMaxBytes = connection.signedFileMaxBytes ?? SIGNED_FILE_MAX_BYTES;
    this.#base = new URL(connection.baseUrl.replace(/\/+$/, '') + '/');
    this.#resources = new URL(RESOURCES_PATH.slice(1), this.#base).href;
    this.#now = options.now ?? (() => new Date());
    this.#agent = new Agent({
      connect: {
        // Without the account's own CA file Node's public roots decide; with it, only that file does.
        ...(connection.caPems?.length ? { ca: connection.caPems } : {}),
        rejectUnauthorized: true,
        timeout: this.#timeoutMs,
      },
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** Where a document's (signed) bytes are fetched (B8), built from its id. */
  contentUrlOf(documentId: string): string {
    return `${this.#resources}/documents/${encodeURIComponent(documentId)}/content`;
  }

  /** The connection test: a fresh token from the authorization server. */
  async probe(): Promise<{ lifetimeSeconds: number }> {
    const token = await this.#currentToken(true);
    return { lifetimeSeconds: token.lifetimeSeconds };
  }

  /** POST /documents with the raw file (B4, batch step 1): the document's id at the service. */
  async createDocument(file: FileToSend): Promise<string> {
    const response = await this.#authorized('POST', `${this.#resources}/documents`, { accept: 'application/json' }, () => fileBody(file));
    const answer = this.#parseJson(await this.#expectOk(response, JSON_MAX_BYTES, 'answer to a new document'), 'answer to a new document');
    if (!isObject(answer) || typeof answer.id !== 'string' || !answer.id) throw new TridentError('unexpected', 'TRIDENT answered a new document without its id.');
    return answer.id;
  }

  /**
   * POST /signer_processes: multipart with the one document (B5), or JSON naming documents created
   * before (a batch). When no usable answer comes back although the request may have reached the
   * service, the error carries `details.unknownOutcome`: the process may exist.
   */
  async createProcess(process: ProcessRequest, document?: FileToSend): Promise<CreatedProcess> {
    let last: Body | undefined;
    const body = () => (last = document ? processAndDocumentBody(process, document) : jsonBody(process));
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#authorized('POST', `${this.#resources}/signer_processes`, { accept: 'application/json' }, body);
    } catch (error) {
      // A request that was not all handed over cannot have been processed; one that was may have been.
      if (!(error instanceof TridentError) || error.kind !== 'network' || !last?.progress.complete) throw error;
      throw new TridentError('network', `The whole request was sent, but no answer came back: ${error.message}`, { ...error.details, unknownOutcome: 'no-answer' });
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      try {
        return this.#readCreated(this.#parseJson(await this.#readCapped(response, JSON_MAX_BYTES, 'answer to the new process'), 'answer to the new process'));
      } catch (error) {
        throw new TridentError('unexpected', `TRIDENT answered HTTP ${status}, but the answer could not be read: ${(error as Error).message}`, { status, unknownOutcome: 'unreadable-answer' });
      }
    }
    const failure = await this.#errorOf(response);
    // A 5xx without TRIDENT's own error body comes from something in between (a proxy), which may
    // have passed the request on: whether the process exists is unknown. 503 says it was not taken.
    if (failure.kind === 'server' && !failure.details.code && status !== 503) {
      throw new TridentError('server', failure.message, { status, unknownOutcome: 'gateway-error' });
    }
    throw failure;
  }

  /** GET /signer_processes/{id}/result: 404 while it runs, 410 when there is no such process (B7). */
  async processResult(processId: string): Promise<ProcessResult> {
    const response = await this.#authorized('GET', `${this.#processUrl(processId)}/result`, { accept: 'application/json' });
    if (response.statusCode === 404 || response.statusCode === 410) {
      // A 404 with TRIDENT's "no such process" would be the same as 410; its plain 404 is "not finished".
      const failure = await this.#errorOf(response);
      if (response.statusCode === 410 || failure.details.code === 'ProcessNotFoundException') return { state: 'gone' };
      return { state: 'running' };
    }
    const answer = this.#parseJson(await this.#expectOk(response, JSON_MAX_BYTES, 'process result'), 'process result');
    if (!isObject(answer) || typeof answer.status !== 'string' || !answer.status) throw new TridentError('unexpected', 'TRIDENT answered a process result without its status.');
    return { state: 'done', status: answer.status, message: messageOf(answer.details) };
  }

  /** GET /signer_processes/{id}/documents: each document's own result (B4). */
  async processDocuments(processId: string): Promise<ProcessDocument[]> {
    const response = await this.#authorized('GET', `${this.#processUrl(processId)}/documents`, { accept: 'application/json' });
    const answer = this.#parseJson(await this.#expectOk(response, JSON_MAX_BYTES, 'list of documents'), 'list of documents');
    const documents = isObject(answer) ? answer.documents : undefined;
    if (!Array.isArray(documents)) throw new TridentError('unexpected', 'TRIDENT answered the process’s documents without a list of them.');
    return documents.map((document: unknown) => {
      if (!isObject(document) || typeof document.id !== 'string') throw new TridentError('unexpected', 'TRIDENT listed a document without its id.');
      const result = isObject(document.result) ? document.result : {};
      return { id: document.id, status: typeof result.status === 'string' ? result.status : null, message: messageOf(result.details) };
    });
  }

  /** DELETE /signer_processes/{id} (also its own document, B8); 'gone' when it was not there (any more). */
  async deleteProcess(processId: string): Promise<'deleted' | 'gone'> {
    return this.#delete(this.#processUrl(processId), 'answer to deleting a process');
  }

  /** DELETE /documents/{id}, for documents created before a batch process (B8). */
  async deleteDocument(documentId: string): Promise<'deleted' | 'gone'> {
    return this.#delete(`${this.#resources}/documents/${encodeURIComponent(documentId)}`, 'answer to deleting a document');
  }

  /**
   * Streams a document's content (B8) to `consume`. Only HTTPS addresses under the account's
   * resources are fetched, and the file is cut off (an error) past its size limit.
   */
  async download<T>(url: string, consume: (chunks: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    const response = await this.#authorized('GET', this.#ownLink(url), { accept: '*/*' });
    if (response.statusCode < 200 || response.statusCode >= 300) throw await this.#errorOf(response);
    const limit = this.#signedFileMaxBytes;
    if (Number(response.headers['content-length']) > limit) {
      response.body.destroy();
      throw tooLarge('signed file', limit);
    }
    async function* capped(): AsyncIterable<Buffer> {
      let size = 0;
      const chunks = (response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw describeNetworkError(error, url);
        }
        if (next.done) return;
        size += next.value.length;
        if (size > limit) throw tooLarge('signed file', limit);
        yield next.value;
      }
    }
    try {
      return await consume(capped());
    } finally {
      if (!response.body.destroyed) response.body.destroy();
    }
  }

  #processUrl(processId: string): string {
    return `${this.#resources}/signer_processes/${encodeURIComponent(processId)}`;
  }

  /** A stored address is fetched only when it is an HTTPS address under this account's resources. */
  #ownLink(link: string): string {
    let url: URL | undefined;
    try {
      url = new URL(link);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || !url.href.startsWith(`${this.#resources}/`) || url.username || url.password) {
      throw new TridentError('refusedLink', `${link.slice(0, 500)} is not an HTTPS address under ${this.#resources}; the app does not fetch it.`);
    }
    return url.href;
  }

  #readCreated(answer: unknown): CreatedProcess {
    if (!isObject(answer) || typeof answer.id !== 'string' || !answer.id) throw new Error('it has no process id');
    const tasks = isObject(answer.tasks) ? answer.tasks.pending : undefined;
    const task = Array.isArray(tasks) ? (tasks as unknown[]).find((candidate) => isObject(candidate) && candidate.type === 'UserBrowserTask') : undefined;
    const taskUrl = isObject(task) && typeof task.url === 'string' ? task.url : undefined;
    if (!taskUrl) throw new Error('it has no UserBrowserTask to send the person to');
    // The address goes to a person's browser: only a web address, never javascript: or file:.
    const parsed = new URL(taskUrl);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`its task address ${taskUrl.slice(0, 200)} is not a web address`);
    const documents = Array.isArray(answer.documents) ? (answer.documents as unknown[]) : [];
    const documentIds = documents.map((document) => (isObject(document) && typeof document.id === 'string' ? document.id : '')).filter(Boolean);
    return { id: answer.id, taskUrl: parsed.href, documentIds };
  }

  async #delete(url: string, what: string): Promise<'deleted' | 'gone'> {
    const response = await this.#authorized('DELETE', url, { accept: 'application/json' });
    if (response.statusCode === 404 || response.statusCode === 410) {
      await response.body.dump();
      return 'gone';
    }
    await this.#expectOk(response, ERROR_BODY_MAX_BYTES, what);
    return 'deleted';
  }

  // ---- Tokens ---------------------------------------------------------------------------------

  /** The cached token while it has time left; a new one (one request at a time) otherwise or when `fresh`. */
  async #currentToken(fresh = false): Promise<Token> {
    const now = this.#now().getTime();
    const cached = this.#token;
    if (!fresh && cached && now < cached.expiresAt - Math.min(TOKEN_RENEW_BEFORE_MS, (cached.lifetimeSeconds * 1000) / 4)) return cached;
    if (fresh) this.#token = undefined;
    this.#pendingToken ??= this.#requestToken().finally(() => (this.#pendingToken = undefined));
    return this.#pendingToken;
  }

  /** Client credentials grant with HTTP Basic (B2). */
  async #requestToken(): Promise<Token> {
    const url = new URL(`trustedx-authserver/oauth/${encodeURIComponent(this.connection.authorizationServer)}/token`, this.#base).href;
    const body = Buffer.from(`grant_type=client_credentials&scope=${formEncode(SIGNING_SCOPE)}`, 'utf8');
    const response = await this.#send('POST', url, {
      accept: 'application/json',
      authorization: basicCredentials(this.connection.clientId, this.connection.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(body.length),
    }, body);
    const answer = this.#parseJson(await this.#expectOk(response, JSON_MAX_BYTES, 'token answer'), 'token answer');
    if (!isObject(answer) || typeof answer.access_token !== 'string' || !answer.access_token) throw new TridentError('unexpected', 'TRIDENT’s authorization server answered without an access token.');
    // One installation writes "bearer" (B2): compared without case.
    if (typeof answer.token_type !== 'string' || answer.token_type.toLowerCase() !== 'bearer') {
      throw new TridentError('unexpected', `TRIDENT’s authorization server gave a token of type ${String(answer.token_type).slice(0, 40)}, not Bearer.`);
    }
    const lifetimeSeconds = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 120;
    const token = { value: answer.access_token, lifetimeSeconds, expiresAt: this.#now().getTime() + lifetimeSeconds * 1000 };
    this.#token = token;
    return token;
  }

  /**
   * A call with the Bearer token; when TRIDENT answers `401 invalid_token` (the token expired or was
   * revoked before its time), once more with a fresh token. The body is made anew for that try.
   */
  async #authorized(method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, body?: () => Body): Promise<Dispatcher.ResponseData> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.#currentToken(attempt > 0);
      const made = body?.();
      const response = await this.#send(
        method,
        url,
        { ...headers, authorization: `Bearer ${token.value}`, ...(made ? { 'content-type': made.contentType, 'content-length': String(made.length) } : {}) },
        made?.stream,
      );
      if (response.statusCode === 401 && attempt === 0 && bearerError(response.headers) === 'invalid_token') {
        await response.body.dump();
        continue;
      }
      return response;
    }
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  async #send(method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, body?: Buffer | Readable): Promise<Dispatcher.ResponseData> {
    try {
      return await request(url, {
        method,
        headers: { 'user-agent': 'signing-desk', ...headers },
        body,
        dispatcher: this.#agent,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
    } catch (error) {
      throw describeNetworkError(error, url);
    }
  }

  #parseJson(body: Buffer, what: string): unknown {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new TridentError('unexpected', `TRIDENT's ${what} is not JSON: ${(error as Error).message}`);
    }
  }

  /** Reads a whole body, stopping (with an error in words) as soon as it passes `maxBytes`. */
  async #readCapped(response: Dispatcher.ResponseData, maxBytes: number, what: string): Promise<Buffer> {
    if (Number(response.headers['content-length']) > maxBytes) {
      response.body.destroy();
      throw tooLarge(what, maxBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          response.body.destroy();
          throw tooLarge(what, maxBytes);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof TridentError) throw error;
      throw describeNetworkError(error, 'the response');
    }
    return Buffer.concat(chunks, size);
  }

  /** The start of a body, for an error message; the rest is dropped unread. */
  async #readPrefix(response: Dispatcher.ResponseData, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) break;
      }
    } catch {
      // An error answer cut short still says what it can.
    } finally {
      if (!response.body.destroyed) response.body.destroy();
    }
    return Buffer.concat(chunks).subarray(0, maxBytes);
  }

  async #expectOk(response: Dispatcher.ResponseData, maxBytes: number, what: string): Promise<Buffer> {
    if (response.statusCode >= 200 && response.statusCode < 300) return this.#readCapped(response, maxBytes, what);
    throw await this.#errorOf(response);
  }

  /**
   * A non-2xx answer as an error: TRIDENT's `{error, error_description}` (B9, and RFC 6749 at the
   * token endpoint), else the `WWW-Authenticate` error (RFC 6750), else the HTTP status.
   */
  async #errorOf(response: Dispatcher.ResponseData): Promise<TridentError> {
    const status = response.statusCode;
    const body = await this.#readPrefix(response, ERROR_BODY_MAX_BYTES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const named = isObject(parsed) && typeof parsed.error === 'string' && parsed.error ? parsed.error.slice(0, 100) : undefined;
    const described = isObject(parsed) && typeof parsed.error_description === 'string' ? parsed.error_description.slice(0, 1000) : undefined;
    const code = named ?? bearerError(response.headers);
    const message = described || (named ? `TRIDENT answered HTTP ${status}` : `TRIDENT answered HTTP ${status}${body.length ? `: ${body.toString('utf8').replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
    if (status === 429) {
      const seconds = Number(response.headers['retry-after']);
      return new TridentError('rateLimited', message, { status, code, retryAt: new Date(this.#now().getTime() + (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 600) : 30) * 1000) });
    }
    if (status >= 500) return new TridentError('server', message, { status, code: named });
    return new TridentError('rejected', message, { status, code });
  }
}

/** `details.message` of a result (B3), where there is one. */
function messageOf(details: unknown): string | null {
  return isObject(details) && typeof details.message === 'string' && details.message.trim() ? details.message.slice(0, 2000) : null;
}

function describeNetworkError(error: unknown, url: string): TridentError {
  if (error instanceof TridentError) return error;
  const code = (error as { code?: string }).code ?? '';
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  const message = (error as Error).message ?? String(error);
  const text = `${message} ${code} ${cause?.message ?? ''} ${cause?.code ?? ''}`;
  if (/certificate|CERT|SELF_SIGNED|UNABLE_TO|self-signed|altname/i.test(text) && !/other side closed/.test(message)) {
    return new TridentError('trust', `Could not establish a trusted connection to ${url}: ${cause?.message ?? message}`, { code: cause?.code ?? (code || undefined) });
  }
  const socketCode = cause?.code && cause.code !== code && /^E[A-Z]+$/.test(cause.code) ? cause.code : code || cause?.code;
  return new TridentError('network', `Could not reach ${url}: ${message}${cause?.message ? ` (${cause.message})` : ''}`, { code: socketCode || undefined });
}

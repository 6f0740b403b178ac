import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { RestPkiError } from './errors';
import {
  CreateSignatureSessionRequest,
  CreateSignatureSessionResponse,
  ErrorModel,
  SessionCompletionStatus,
  SignatureSessionModel,
  UploadAnswer,
  type FileReference,
} from './model';

export interface RestPkiConnection {
  /** The instance's address: https://core.pki.rest, the homologation instance or an on-premises one. */
  endpoint: string;
  apiKey: string;
  /** CA certificates (PEM) the instance's TLS certificate must chain to; the system's roots when absent. */
  caCertificatesPem?: string[];
  timeoutMs?: number;
  /** The largest signed file accepted; SIGNED_FILE_MAX_BYTES when absent. */
  signedFileMaxBytes?: number;
}

/** Session answers are a few kB; anything bigger is not read (a 500 MB answer must not fill the memory). */
export const JSON_ANSWER_MAX_BYTES = 1024 * 1024;
export const SIGNED_FILE_MAX_BYTES = 1024 * 1024 * 1024;
const ERROR_BODY_MAX_BYTES = 64 * 1024;
/** `when-completed` holds an answer for about 15 seconds (reference A3.3); a little more before giving up on it. */
const WHEN_COMPLETED_TIMEOUT_MS = 25_000;
/** A session id nobody has: the connection test asks for it and expects "not found" (the key was accepted). */
const NO_SESSION = '00000000-0000-0000-0000-000000000000';

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

const tooLarge = (what: string, maxBytes: number) =>
  new RestPkiError('tooLarge', `Rest PKI Core's ${what} was larger than ${formatSize(maxBytes)}, the most the app accepts; it stopped reading it.`);

/** How far a streamed request body got: a request whose body was not all handed over cannot have been processed. */
interface BodyProgress {
  complete: boolean;
}

/** A body streamed in chunks, marking the moment its last byte is handed over. */
function trackedBody(bytes: Buffer): { body: Readable; progress: BodyProgress } {
  const progress: BodyProgress = { complete: false };
  const chunkSize = 64 * 1024;
  async function* chunks() {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      // From the last chunk on, the whole request may be at the service.
      if (offset + chunkSize >= bytes.length) progress.complete = true;
      yield bytes.subarray(offset, offset + chunkSize);
    }
  }
  return { body: Readable.from(chunks()), progress };
}

export interface ProbeAnswer {
  /** The key was accepted: the service answered the test question as it answers an unknown session. */
  accepted: true;
}

/**
 * Rest PKI Core's signature-session API (reference A3) over undici: the API key in `X-Api-Key` on
 * every call, TLS trust for an instance with its own CA, timeouts, and every answer size-capped
 * before it is parsed. Failures are `RestPkiError`s sorted by what the caller should do.
 */
export class RestPkiClient {
  readonly #agent: Agent;
  readonly #endpoint: URL;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #signedFileMaxBytes: number;

  constructor(connection: RestPkiConnection) {
    this.#endpoint = new URL(`${connection.endpoint.replace(/\/+$/, '')}/`);
    this.#apiKey = connection.apiKey;
    this.#timeoutMs = connection.timeoutMs ?? 60_000;
    this.#signedFileMaxBytes = connection.signedFileMaxBytes ?? SIGNED_FILE_MAX_BYTES;
    this.#agent = new Agent({
      connect: {
        ...(connection.caCertificatesPem?.length ? { ca: connection.caCertificatesPem } : {}),
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

  /**
   * The connection test: asks for a session that cannot exist. "Not found" (422, or 404 from an
   * older server) means the address, the TLS trust and the key are right; 401 means the key is not.
   */
  async probe(): Promise<ProbeAnswer> {
    const response = await this.#send('GET', this.#api(`api/signature-sessions/${NO_SESSION}`), { accept: 'application/json' });
    if (response.statusCode === 404 || response.statusCode === 200) {
      await response.body.dump();
      return { accepted: true };
    }
    const failure = await this.#errorOf(response);
    if (failure.details.code === 'SignatureSessionNotFound') return { accepted: true };
    throw failure;
  }

  /** Uploads one file in a single request (`POST /api/plain-uploads`, raw bytes) for a document too large to send inline. */
  async upload(path: string, name: string): Promise<FileReference> {
    const size = (await stat(path)).size;
    const response = await this.#send(
      'POST',
      this.#api('api/plain-uploads'),
      { accept: 'application/json', 'content-type': 'application/octet-stream', 'content-length': String(size) },
      createReadStream(path, { highWaterMark: 1024 * 1024 }),
    );
    const answer = this.#parse(await this.#expectOk(response, JSON_ANSWER_MAX_BYTES, 'answer to an upload'), UploadAnswer, 'answer to an upload');
    return { name, mimeType: 'application/pdf', blobToken: answer.blobToken, length: size };
  }

  /**
   * Creates a signature session. When no usable answer comes back although the request may have
   * reached the service, the error carries `details.unknownOutcome`: the session may exist and
   * must not be created again silently.
   */
  async createSession(input: z.input<typeof CreateSignatureSessionRequest>): Promise<CreateSignatureSessionResponse> {
    const body = Buffer.from(JSON.stringify(CreateSignatureSessionRequest.parse(input)), 'utf8');
    const tracked = trackedBody(body);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#send(
        'POST',
        this.#api('api/signature-sessions'),
        { accept: 'application/json', 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) },
        tracked.body,
      );
    } catch (error) {
      // A request that was not all handed over cannot have been processed; one that was may have been.
      if (!tracked.progress.complete || (error instanceof RestPkiError && error.kind === 'trust')) throw error;
      throw new RestPkiError('network', `The whole request was sent, but no answer came back: ${(error as Error).message}`, { unknownOutcome: 'no-answer' });
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      try {
        return this.#parse(await this.#readCapped(response, JSON_ANSWER_MAX_BYTES, 'answer to the new session'), CreateSignatureSessionResponse, 'answer to the new session');
      } catch (error) {
        throw new RestPkiError('unexpected', `Rest PKI Core answered HTTP ${status}, but the answer could not be read: ${(error as Error).message}`, { status, unknownOutcome: 'unreadable-answer' });
      }
    }
    const failure = await this.#errorOf(response);
    // A 5xx without the service's own error body comes from something in between (a proxy, a load
    // balancer), which may have passed the request on: whether the session exists is unknown.
    if (failure.kind === 'server' && !failure.details.code && status !== 503) {
      throw new RestPkiError('server', failure.message, { status, unknownOutcome: 'gateway-error' });
    }
    throw failure;
  }

  /** `GET /api/signature-sessions/{id}`: the session's status, the signer's certificate and its documents. */
  async getSession(sessionId: string): Promise<SignatureSessionModel> {
    const response = await this.#send('GET', this.#api(`api/signature-sessions/${encodeURIComponent(sessionId)}`), { accept: 'application/json' });
    return this.#parse(await this.#expectOk(response, JSON_ANSWER_MAX_BYTES, 'session'), SignatureSessionModel, 'session');
  }

  /**
   * `when-completed`: waits (about 15 seconds at most) for a session in background processing.
   * Only for a session that is Processing: a Pending one is refused (422 BadSignatureSessionOperation).
   */
  async whenCompleted(sessionId: string): Promise<SessionCompletionStatus> {
    const response = await this.#send(
      'GET',
      this.#api(`api/signature-sessions/${encodeURIComponent(sessionId)}/when-completed`),
      { accept: 'application/json' },
      undefined,
      Math.max(this.#timeoutMs, WHEN_COMPLETED_TIMEOUT_MS),
    );
    return this.#parse(await this.#expectOk(response, JSON_ANSWER_MAX_BYTES, 'completion status'), SessionCompletionStatus, 'completion status');
  }

  /**
   * Where a file link of an answer is fetched: relative links resolve against the endpoint. The
   * key goes only to the endpoint's own origin; an absolute HTTPS link elsewhere (a storage
   * service's pre-authorised link) is fetched without it; anything else is not followed.
   */
  fileLink(link: string): { url: string; withKey: boolean } {
    let url: URL | undefined;
    try {
      url = new URL(link, this.#endpoint);
    } catch {
      url = undefined;
    }
    if (!url || url.username || url.password) throw this.#refused(link);
    if (url.origin === this.#endpoint.origin) return { url: url.href, withKey: true };
    if (url.protocol !== 'https:') throw this.#refused(link);
    return { url: url.href, withKey: false };
  }

  /** Streams a file (a signed PDF) to `consume`, cut off (an error) past its size limit. */
  async download<T>(link: string, consume: (chunks: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    const { url, withKey } = this.fileLink(link);
    const response = await this.#send('GET', url, { accept: '*/*' }, undefined, undefined, withKey);
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

  #refused(link: string): RestPkiError {
    return new RestPkiError('refusedLink', `Rest PKI Core's answer pointed to ${link.slice(0, 500)}, which the app does not follow (not HTTPS, or not a plain address).`);
  }

  #api(path: string): string {
    return new URL(path, this.#endpoint).href;
  }

  #parse<S extends z.ZodType>(body: Buffer, schema: S, what: string): z.output<S> {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new RestPkiError('unexpected', `Rest PKI Core's ${what} is not JSON: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RestPkiError('unexpected', `Rest PKI Core's ${what} is not as expected: ${issue?.path.join('.') || '(answer)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  async #send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: Buffer | Readable,
    timeoutMs = this.#timeoutMs,
    withKey = true,
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await request(url, {
        method,
        headers: { 'user-agent': 'signing-desk', ...(withKey ? { 'x-api-key': this.#apiKey } : {}), ...headers },
        body,
        dispatcher: this.#agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      throw describeNetworkError(error, url);
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
      if (error instanceof RestPkiError) throw error;
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
   * A non-2xx answer as an error: `ErrorModelV2`'s code (422, often others too) and its message; a
   * 500's `exceptionCode` counts as the service's own answer. The message is English, for "Details".
   */
  async #errorOf(response: Dispatcher.ResponseData): Promise<RestPkiError> {
    const status = response.statusCode;
    const body = (await this.#readPrefix(response, ERROR_BODY_MAX_BYTES)).toString('utf8');
    let model: z.output<typeof ErrorModel> | undefined;
    try {
      const parsed = ErrorModel.safeParse(JSON.parse(body));
      model = parsed.success ? parsed.data : undefined;
    } catch {
      model = undefined;
    }
    const code = model?.code ?? (model?.exceptionCode ? 'InternalError' : undefined) ?? undefined;
    const said = [model?.message, model?.detail, model?.exceptionCode ? `exception code ${model.exceptionCode}` : undefined].filter(Boolean).join(' ');
    const message = said || `Rest PKI Core answered HTTP ${status}${body.length ? `: ${body.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
    if (status === 429) return new RestPkiError('rateLimited', message, { status, retryAt: retryAfter(response.headers['retry-after']) });
    if (status >= 500) return new RestPkiError('server', message, { status, code });
    return new RestPkiError('rejected', message, { status, code });
  }
}

function retryAfter(header: string | string[] | undefined): Date | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(Date.now() + Math.min(seconds, 600) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

function describeNetworkError(error: unknown, url: string): RestPkiError {
  if (error instanceof RestPkiError) return error;
  const code = (error as { code?: string }).code ?? '';
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  const message = (error as Error).message ?? String(error);
  const text = `${message} ${code} ${cause?.message ?? ''} ${cause?.code ?? ''}`;
  if (/certificate|CERT|SELF_SIGNED|UNABLE_TO|self-signed|altname|ERR_TLS/i.test(text) && !/other side closed/.test(message)) {
    return new RestPkiError('trust', `Could not establish a trusted connection to ${url}: ${cause?.message ?? message}`, { code: cause?.code ?? (code || undefined) });
  }
  const socketCode = cause?.code && cause.code !== code && /^E[A-Z]+$/.test(cause.code) ? cause.code : code || cause?.code;
  return new RestPkiError('network', `Could not reach ${url}: ${message}${cause?.message ? ` (${cause.message})` : ''}`, { code: socketCode || undefined });
}

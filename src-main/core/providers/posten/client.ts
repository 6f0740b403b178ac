import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { PostenError } from './errors';
import { pacerFor, type RequestPacer } from './pacer';
import { checkServiceOrganization, POSTEN_ORGANIZATION_NUMBER } from './server-identity';
import { writeDirectSignerUpdateRequest } from './xml/write';
import {
  readDirectCreateResponse,
  readDirectSignerResponse,
  readDirectStatusChange,
  readPortalCreateResponse,
  readPortalStatusChange,
  readServiceError,
  type DirectCreateResponse,
  type DirectSigner,
  type DirectStatusChange,
  type PortalCreateResponse,
  type PortalStatusChange,
} from './xml/responses';

export interface PostenConnection {
  /** The API root including `/api`, e.g. https://api.signering.posten.no/api */
  apiRoot: string;
  organizationNumber: string;
  privateKeyPem: string;
  /** Leaf first. Passed as key + chain, never as pfx: a pfx widens server trust (crypto notes §5). */
  certificateChainPems: string[];
  trustedCaPems: string[];
  serverOrganizationNumber?: string;
  timeoutMs?: number;
  /** The largest signed file accepted; SIGNED_FILE_MAX_BYTES when absent. */
  signedFileMaxBytes?: number;
}

/** Status documents, create answers and error bodies are small; anything bigger is not read (a 500 MB answer must not fill the memory). */
export const STATUS_XML_MAX_BYTES = 1024 * 1024;
/** Signed files are streamed to disk; beyond this they are refused (overridable per connection). */
export const SIGNED_FILE_MAX_BYTES = 1024 * 1024 * 1024;
const PROBE_MAX_BYTES = 64 * 1024;
const ERROR_BODY_MAX_BYTES = 64 * 1024;

/**
 * The longest the poller waits because the service said so. The service names an absolute time on
 * its own clock; a clock that jumped (or a wrong header) must not stop polling for a day.
 */
export const POLL_WAIT_CAP_MS = 10 * 60_000;
/** The service's `Date` and this machine's clock within this of each other count as the same clock. */
const CLOCK_AGREEMENT_MS = 5_000;
/** A named wait beyond the cap by more than this is shown to the administrator. */
const POLL_WAIT_TOLERANCE_MS = 60_000;

export interface PollTiming {
  /** When to poll next, on this machine's clock. */
  nextPollAt: Date;
  /** The service asked for a wait longer than the cap: what it named (its clock) and how long that was. */
  farAhead?: { requestedUntil: string; requestedWaitMs: number };
}

/** One poll of a queue: at most one change (the service hands out one job per answer), and when to poll next. */
export type QueuePollResult<Change> = ({ kind: 'change'; change: Change } | { kind: 'empty' }) & PollTiming;
export type PollResult = QueuePollResult<PortalStatusChange>;
export type DirectPollResult = QueuePollResult<DirectStatusChange>;

type Flow = 'portal' | 'direct';

const XML = 'application/xml';

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

function tooLarge(what: string, maxBytes: number): PostenError {
  return new PostenError('tooLarge', `The service's ${what} was larger than ${formatSize(maxBytes)}, the most the app accepts; it stopped reading it.`);
}

type PartBody = { bytes: Buffer } | { path: string; size: number };

/** How far a streamed request body got: a request whose body was not all handed over cannot have been processed. */
interface BodyProgress {
  complete: boolean;
}

/**
 * A minimal multipart/mixed writer: undici's FormData only produces multipart/form-data. Parts
 * from files are streamed, so a 200 MB bundle is never held in memory to be sent.
 */
function multipartMixed(parts: { contentType: string; body: PartBody }[]): { contentType: string; length: number; body: Readable; progress: BodyProgress } {
  const boundary = `signing-desk-${randomBytes(12).toString('hex')}`;
  const head = (contentType: string) => Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`);
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length =
    parts.reduce((sum, part) => sum + head(part.contentType).length + ('bytes' in part.body ? part.body.bytes.length : part.body.size) + crlf.length, 0) + tail.length;
  const progress: BodyProgress = { complete: false };
  async function* chunks() {
    for (const part of parts) {
      yield head(part.contentType);
      if ('bytes' in part.body) yield part.body.bytes;
      else yield* createReadStream(part.body.path, { highWaterMark: 1024 * 1024 });
      yield crlf;
    }
    // From here on the whole request may be at the service.
    progress.complete = true;
    yield tail;
  }
  return { contentType: `multipart/mixed; boundary=${boundary}`, length, body: Readable.from(chunks()), progress };
}

export class PostenClient {
  readonly #agent: Agent;
  readonly #pacer: RequestPacer;
  readonly #timeoutMs: number;
  readonly #orgRoot: string;
  readonly #apiRoot: URL;
  readonly #signedFileMaxBytes: number;

  constructor(
    private readonly connection: PostenConnection,
    options: { pacer?: RequestPacer; now?: () => Date } = {},
  ) {
    this.#timeoutMs = connection.timeoutMs ?? 60_000;
    this.#pacer = options.pacer ?? pacerFor(connection.organizationNumber);
    this.#orgRoot = `${connection.apiRoot.replace(/\/+$/, '')}/${connection.organizationNumber}`;
    this.#apiRoot = new URL(`${connection.apiRoot.replace(/\/+$/, '')}/`);
    this.#signedFileMaxBytes = connection.signedFileMaxBytes ?? SIGNED_FILE_MAX_BYTES;
    this.now = options.now ?? (() => new Date());
    this.#agent = new Agent({
      connect: {
        key: connection.privateKeyPem,
        cert: connection.certificateChainPems.join('\n'),
        ca: connection.trustedCaPems,
        rejectUnauthorized: true,
        checkServerIdentity: checkServiceOrganization(connection.serverOrganizationNumber ?? POSTEN_ORGANIZATION_NUMBER),
        timeout: this.#timeoutMs,
      },
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  private readonly now: () => Date;

  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** `GET {root}/{org}`: the service says who it thinks we are. */
  async probe(): Promise<string> {
    const response = await this.#send('GET', this.#orgRoot, { accept: 'text/plain, */*' });
    return (await this.#expectOk(response, PROBE_MAX_BYTES, 'answer to the connection test')).toString('utf8').trim();
  }

  /**
   * Sends the request XML and the bundle, given as bytes or as a file to stream. When no usable
   * answer comes back although the request may have reached the service, the error carries
   * `details.unknownOutcome`: the job may exist at the service and must not be sent again silently.
   */
  async createPortalJob(requestXml: string, bundle: Buffer | { path: string }): Promise<PortalCreateResponse> {
    return this.#createJob('portal', requestXml, bundle, readPortalCreateResponse);
  }

  /** E2, with the same rules as `createPortalJob` for an answer that never came or cannot be read. */
  async createDirectJob(requestXml: string, bundle: Buffer | { path: string }): Promise<DirectCreateResponse> {
    return this.#createJob('direct', requestXml, bundle, readDirectCreateResponse);
  }

  async pollPortal(queue?: string): Promise<PollResult> {
    return this.#pollQueue('portal', queue, readPortalStatusChange);
  }

  /** E4: only jobs created with `status-retrieval-method` POLLING show up here. */
  async pollDirect(queue?: string): Promise<DirectPollResult> {
    return this.#pollQueue('direct', queue, readDirectStatusChange);
  }

  /**
   * E6: a fresh one-time redirect URL for a direct signer, posted to the signer's `href` (from the
   * create answer), not to a redirect URL. The service answers 409 for a signer who can no longer sign.
   */
  async newRedirectUrl(signerUrl: string): Promise<DirectSigner> {
    const body = Buffer.from(writeDirectSignerUpdateRequest(), 'utf8');
    const response = await this.#send(
      'POST',
      this.#serviceLink(signerUrl),
      { accept: XML, 'content-type': `${XML}; charset=UTF-8`, 'content-length': String(body.length) },
      body,
    );
    return this.#parse(await this.#expectOk(response, STATUS_XML_MAX_BYTES, 'new signing address'), readDirectSignerResponse);
  }

  async confirm(confirmationUrl: string): Promise<void> {
    await this.#expectOk(await this.#send('POST', this.#serviceLink(confirmationUrl), { accept: XML }), STATUS_XML_MAX_BYTES, 'answer to a confirmation');
  }

  /** 'finished' when the service says the job can no longer be cancelled (409). */
  async cancel(cancellationUrl: string): Promise<'cancelled' | 'finished'> {
    const response = await this.#send('POST', this.#serviceLink(cancellationUrl), { accept: XML });
    if (response.statusCode === 409) {
      await response.body.dump();
      return 'finished';
    }
    await this.#expectOk(response, STATUS_XML_MAX_BYTES, 'answer to the cancellation');
    return 'cancelled';
  }

  async deleteDocuments(url: string): Promise<void> {
    await this.#expectOk(await this.#send('DELETE', this.#serviceLink(url), { accept: XML }), STATUS_XML_MAX_BYTES, 'answer to deleting the documents');
  }

  /**
   * Streams a signed file (PAdES or XAdES) to `consume`, which stores it. Only HTTPS links under
   * the account's API root are followed, and the file is cut off (an error) past its size limit.
   */
  async download<T>(url: string, consume: (chunks: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    const response = await this.#send('GET', this.#serviceLink(url), { accept: '*/*' });
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

  async #createJob<T>(flow: Flow, requestXml: string, bundle: Buffer | { path: string }, read: (xml: string) => T): Promise<T> {
    const bundleBody: PartBody = Buffer.isBuffer(bundle) ? { bytes: bundle } : { path: bundle.path, size: (await stat(bundle.path)).size };
    const body = multipartMixed([
      { contentType: XML, body: { bytes: Buffer.from(requestXml, 'utf8') } },
      { contentType: 'application/octet-stream', body: bundleBody },
    ]);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#send(
        'POST',
        `${this.#orgRoot}/${flow}/signature-jobs`,
        { accept: XML, 'content-type': body.contentType, 'content-length': String(body.length) },
        body.body,
      );
    } catch (error) {
      // A request that was not all handed over cannot have been processed; one that was may have been.
      if (!body.progress.complete || (error instanceof PostenError && error.kind === 'trust')) throw error;
      throw new PostenError('network', `The whole request was sent, but no answer came back: ${(error as Error).message}`, { unknownOutcome: 'no-answer' });
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      try {
        return this.#parse(await this.#readCapped(response, STATUS_XML_MAX_BYTES, 'answer to the new job'), read);
      } catch (error) {
        throw new PostenError('unexpected', `The service answered HTTP ${status}, but the answer could not be read: ${(error as Error).message}`, { status, unknownOutcome: 'unreadable-answer' });
      }
    }
    const failure = await this.#errorOf(response);
    // A 5xx without the service's own error document comes from something in between (a proxy or
    // a load balancer), which may have passed the request on: whether the job exists is unknown.
    if (failure.kind === 'server' && !failure.details.code && status !== 503) {
      throw new PostenError('server', failure.message, { status, unknownOutcome: 'gateway-error' });
    }
    throw failure;
  }

  /** E3/E4 share every rule: the queue parameter, 204 for an empty queue, the permitted poll time, 429. */
  async #pollQueue<Change>(flow: Flow, queue: string | undefined, read: (xml: string) => Change): Promise<QueuePollResult<Change>> {
    const url = `${this.#orgRoot}/${flow}/signature-jobs${queue ? `?polling_queue=${encodeURIComponent(queue)}` : ''}`;
    const response = await this.#send('GET', url, { accept: XML });
    if (response.statusCode === 204) {
      await response.body.dump();
      return { kind: 'empty', ...this.#pollTiming(response.headers, 60_000) };
    }
    const body = await this.#expectOk(response, STATUS_XML_MAX_BYTES, 'status answer');
    return { kind: 'change', change: this.#parse(body, read), ...this.#pollTiming(response.headers, 0) };
  }

  /** Links from the service's answers are followed only when they are HTTPS addresses under the account's API root. */
  #serviceLink(link: string): string {
    let url: URL | undefined;
    try {
      url = new URL(link);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.origin !== this.#apiRoot.origin || !url.pathname.startsWith(this.#apiRoot.pathname) || url.username || url.password) {
      throw new PostenError('refusedLink', `The service's answer pointed to ${link.slice(0, 500)}, which is not an HTTPS address under ${this.#apiRoot.href}; the app does not follow it.`);
    }
    return url.href;
  }

  /**
   * The wait the service asks for, measured on its own clock: `X-Next-permitted-poll-time` minus the
   * response's `Date` (both are the service's clock, so a jump of either clock cancels out), capped.
   */
  #pollTiming(headers: Dispatcher.ResponseData['headers'], fallbackWaitMs: number): PollTiming {
    const local = this.now().getTime();
    const named = headers['x-next-permitted-poll-time'];
    const requested = typeof named === 'string' ? Date.parse(named) : Number.NaN;
    if (Number.isNaN(requested)) return { nextPollAt: new Date(local + fallbackWaitMs) };
    const date = headers.date;
    const serviceNow = typeof date === 'string' ? Date.parse(date) : Number.NaN;
    // `Date` has whole seconds only: while the two clocks agree, ours measures the wait more finely.
    const clocksAgree = Number.isNaN(serviceNow) || Math.abs(serviceNow - local) <= CLOCK_AGREEMENT_MS;
    const requestedWaitMs = requested - (clocksAgree ? local : serviceNow);
    const waitMs = Math.min(POLL_WAIT_CAP_MS, Math.max(0, requestedWaitMs));
    const farAhead = requestedWaitMs > POLL_WAIT_CAP_MS + POLL_WAIT_TOLERANCE_MS ? { requestedUntil: new Date(requested).toISOString(), requestedWaitMs } : undefined;
    return { nextPollAt: new Date(local + waitMs), ...(farAhead ? { farAhead } : {}) };
  }

  #parse<T>(body: Buffer, read: (xml: string) => T): T {
    try {
      return read(body.toString('utf8'));
    } catch (error) {
      throw new PostenError('unexpected', (error as Error).message);
    }
  }

  async #send(method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, body?: Buffer | Readable): Promise<Dispatcher.ResponseData> {
    await this.#pacer.acquire();
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
      if (error instanceof PostenError) throw error;
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

  /** A non-2xx answer as an error: the service's own code and message when it sent its error document. */
  async #errorOf(response: Dispatcher.ResponseData): Promise<PostenError> {
    const status = response.statusCode;
    const body = await this.#readPrefix(response, ERROR_BODY_MAX_BYTES);
    if (status === 429) {
      const dosFilter = response.headers.dosfilter !== undefined;
      const retryAt = dosFilter ? new Date(this.now().getTime() + 30_000) : this.#pollTiming(response.headers, 30_000).nextPollAt;
      return new PostenError('rateLimited', dosFilter ? 'Too many requests: the service blocks this organisation for 30 seconds.' : 'Polled too early.', { status, retryAt, dosFilter });
    }
    const serviceError = readServiceError(body.toString('utf8'));
    // The code travels in `details` only: PostenError.detail puts it in front of the message once.
    const message = serviceError
      ? serviceError.message
      : `The service answered HTTP ${status}${body.length ? `: ${body.toString('utf8').replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
    if (status >= 500) return new PostenError('server', message, { status, code: serviceError?.code });
    return new PostenError('rejected', message, { status, code: serviceError?.code });
  }
}

function describeNetworkError(error: unknown, url: string): PostenError {
  const code = (error as { code?: string }).code ?? '';
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  const message = (error as Error).message ?? String(error);
  if (/organisation|certificate|CERT|SELF_SIGNED|UNABLE_TO|self-signed/i.test(`${message} ${code} ${cause?.message ?? ''} ${cause?.code ?? ''}`) && !/other side closed/.test(message)) {
    // Our own check of the service's organisation number throws without a code: name it, so the
    // user reads "not the signing service the account expects" rather than a generic TLS failure.
    const trustCode = cause?.code ?? (code || (/service's certificate belongs to/.test(`${cause?.message ?? message}`) ? 'SERVICE_ORGANIZATION' : undefined));
    return new PostenError('trust', `Could not establish a trusted connection to ${url}: ${cause?.message ?? message}`, { code: trustCode });
  }
  const socketCode = cause?.code && cause.code !== code && /^E[A-Z]+$/.test(cause.code) ? cause.code : code || cause?.code;
  return new PostenError('network', `Could not reach ${url}: ${message}${cause?.message ? ` (${cause.message})` : ''}`, { code: socketCode || undefined });
}

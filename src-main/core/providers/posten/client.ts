import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { PostenError } from './errors';
import { pacerFor, type RequestPacer } from './pacer';
import { checkServiceOrganization, POSTEN_ORGANIZATION_NUMBER } from './server-identity';
import { readPortalCreateResponse, readPortalStatusChange, readServiceError, type PortalCreateResponse, type PortalStatusChange } from './xml/responses';

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
}

export type PollResult =
  | { kind: 'change'; change: PortalStatusChange; nextPollAt: Date }
  | { kind: 'empty'; nextPollAt: Date };

const XML = 'application/xml';

function nextPollTime(headers: Dispatcher.ResponseData['headers'], fallback: Date): Date {
  const value = headers['x-next-permitted-poll-time'];
  const parsed = typeof value === 'string' ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : fallback;
}

type PartBody = { bytes: Buffer } | { path: string; size: number };

/**
 * A minimal multipart/mixed writer: undici's FormData only produces multipart/form-data. Parts
 * from files are streamed, so a 200 MB bundle is never held in memory to be sent.
 */
function multipartMixed(parts: { contentType: string; body: PartBody }[]): { contentType: string; length: number; body: Readable } {
  const boundary = `signing-desk-${randomBytes(12).toString('hex')}`;
  const head = (contentType: string) => Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`);
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length =
    parts.reduce((sum, part) => sum + head(part.contentType).length + ('bytes' in part.body ? part.body.bytes.length : part.body.size) + crlf.length, 0) + tail.length;
  async function* chunks() {
    for (const part of parts) {
      yield head(part.contentType);
      if ('bytes' in part.body) yield part.body.bytes;
      else yield* createReadStream(part.body.path, { highWaterMark: 1024 * 1024 });
      yield crlf;
    }
    yield tail;
  }
  return { contentType: `multipart/mixed; boundary=${boundary}`, length, body: Readable.from(chunks()) };
}

export class PostenClient {
  readonly #agent: Agent;
  readonly #pacer: RequestPacer;
  readonly #timeoutMs: number;
  readonly #orgRoot: string;

  constructor(
    private readonly connection: PostenConnection,
    options: { pacer?: RequestPacer; now?: () => Date } = {},
  ) {
    this.#timeoutMs = connection.timeoutMs ?? 60_000;
    this.#pacer = options.pacer ?? pacerFor(connection.organizationNumber);
    this.#orgRoot = `${connection.apiRoot.replace(/\/+$/, '')}/${connection.organizationNumber}`;
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
    return (await this.#expectOk(response)).toString('utf8').trim();
  }

  /** Sends the request XML and the bundle, given as bytes or as a file to stream. */
  async createPortalJob(requestXml: string, bundle: Buffer | { path: string }): Promise<PortalCreateResponse> {
    const bundleBody: PartBody = Buffer.isBuffer(bundle) ? { bytes: bundle } : { path: bundle.path, size: (await stat(bundle.path)).size };
    const body = multipartMixed([
      { contentType: XML, body: { bytes: Buffer.from(requestXml, 'utf8') } },
      { contentType: 'application/octet-stream', body: bundleBody },
    ]);
    const response = await this.#send(
      'POST',
      `${this.#orgRoot}/portal/signature-jobs`,
      { accept: XML, 'content-type': body.contentType, 'content-length': String(body.length) },
      body.body,
    );
    return this.#parse(await this.#expectOk(response), readPortalCreateResponse);
  }

  async pollPortal(queue?: string): Promise<PollResult> {
    const url = `${this.#orgRoot}/portal/signature-jobs${queue ? `?polling_queue=${encodeURIComponent(queue)}` : ''}`;
    const response = await this.#send('GET', url, { accept: XML });
    const fallback = new Date(this.now().getTime() + 60_000);
    if (response.statusCode === 204) {
      await response.body.dump();
      return { kind: 'empty', nextPollAt: nextPollTime(response.headers, fallback) };
    }
    const body = await this.#expectOk(response);
    return { kind: 'change', change: this.#parse(body, readPortalStatusChange), nextPollAt: nextPollTime(response.headers, this.now()) };
  }

  async confirm(confirmationUrl: string): Promise<void> {
    await this.#expectOk(await this.#send('POST', confirmationUrl, { accept: XML }));
  }

  /** 'finished' when the service says the job can no longer be cancelled (409). */
  async cancel(cancellationUrl: string): Promise<'cancelled' | 'finished'> {
    const response = await this.#send('POST', cancellationUrl, { accept: XML });
    if (response.statusCode === 409) {
      await response.body.dump();
      return 'finished';
    }
    await this.#expectOk(response);
    return 'cancelled';
  }

  async deleteDocuments(url: string): Promise<void> {
    await this.#expectOk(await this.#send('DELETE', url, { accept: XML }));
  }

  /** Downloads a signed file (PAdES or XAdES); the caller stores it. */
  async download(url: string): Promise<Buffer> {
    return this.#expectOk(await this.#send('GET', url, { accept: '*/*' }));
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

  async #expectOk(response: Dispatcher.ResponseData): Promise<Buffer> {
    let body: Buffer;
    try {
      body = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw describeNetworkError(error, 'the response');
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) return body;
    if (status === 429) {
      const dosFilter = response.headers.dosfilter !== undefined;
      const retryAt = dosFilter ? new Date(this.now().getTime() + 30_000) : nextPollTime(response.headers, new Date(this.now().getTime() + 30_000));
      throw new PostenError('rateLimited', dosFilter ? 'Too many requests: the service blocks this organisation for 30 seconds.' : 'Polled too early.', { status, retryAt, dosFilter });
    }
    const serviceError = readServiceError(body.toString('utf8'));
    // The code travels in `details` only: PostenError.detail puts it in front of the message once.
    const message = serviceError
      ? serviceError.message
      : `The service answered HTTP ${status}${body.length ? `: ${body.toString('utf8').replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
    if (status >= 500) throw new PostenError('server', message, { status, code: serviceError?.code });
    throw new PostenError('rejected', message, { status, code: serviceError?.code });
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

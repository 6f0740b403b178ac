// Shared by the test/sandbox/trident-*.test.ts files: a sandbox with its TRIDENT half, an HTTPS client
// that trusts the sandbox CA, form-data bodies, a browser stand-in for the task pages, and pdfsig.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Agent, request } from 'undici';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/index';
import type { TridentInfo } from '../../sandbox/trident/index';
import { pemBlocks } from './server-helpers';

const exec = promisify(execFile);

export const RESOURCES = '/trustedx-resources/esignsp/v2';
export const SIGNING_SCOPE = 'urn:safelayer:eidas:sign:process:document';
export const ESIGP = 'urn:safelayer:eidas:processes:document:sign:esigp';
export const PDF_POLICY = 'urn:safelayer:eidas:policies:sign:document:pdf';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  json: Record<string, unknown>;
}

export interface FormField {
  name: string;
  body: Buffer | string;
  contentType?: string;
  fileName?: string;
}

export function formData(fields: FormField[]): { body: Buffer; contentType: string } {
  const boundary = `----tridenttest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const field of fields) {
    const disposition = `form-data; name="${field.name}"${field.fileName ? `; filename="${field.fileName}"` : ''}`;
    const type = field.contentType ? `\r\nContent-Type: ${field.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(field.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** OAuth 2.0's client authentication: each of id and secret form-encoded (UTF-8), then base64 of "id:secret". */
export function basicCredentials(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

export function processJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    process_type: ESIGP,
    signer: { signature_policy_id: PDF_POLICY, parameters: { type: 'pades-bes', default_digest_algorithm: 'sha256', reason: 'Test agreement' } },
    labels: [['sandbox']],
    ui_locales: ['en_US'],
    finish_callback_url: 'http://127.0.0.1:9/callback?job=J42',
    ...overrides,
  };
}

export async function samplePdf(text = 'Agreement to be signed'): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 18, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save()); // object streams, as pdf-lib and many producers write them
}

export class TridentTest {
  readonly agent: Agent;
  private cachedToken?: string;
  private nssDir?: string;

  private constructor(
    readonly sandbox: RunningSandbox,
    readonly dir: string,
  ) {
    this.agent = new Agent({ connect: { ca: pemBlocks(readFileSync(sandbox.info.trident.caCertificate, 'utf8')) } });
  }

  static async start(options: Partial<SandboxOptions> = {}, dir?: string): Promise<TridentTest> {
    const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'trident-test-'));
    return new TridentTest(await startSandbox({ rateLimitPerSecond: 1000, ...options, dataDir }), dataDir);
  }

  get info(): TridentInfo {
    return this.sandbox.info.trident;
  }

  url(pathOrUrl: string): string {
    if (pathOrUrl.startsWith('http')) return pathOrUrl;
    return `${this.info.baseUrl}${pathOrUrl.startsWith('/trustedx') ? '' : RESOURCES}${pathOrUrl}`;
  }

  async http(method: string, pathOrUrl: string, options: { body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<Reply> {
    const res = await request(this.url(pathOrUrl), { method: method as 'GET', body: options.body, headers: options.headers, dispatcher: this.agent });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    let json: Record<string, unknown> = {};
    if (/json/.test(headers['content-type'] ?? '')) {
      try {
        json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        json = {};
      }
    }
    return { status: res.statusCode, headers, body, text: body.toString('utf8'), json };
  }

  tokenRequest(authorization: string | undefined, form: Record<string, string> = { grant_type: 'client_credentials', scope: SIGNING_SCOPE }, authServer = this.info.authServer): Promise<Reply> {
    return this.http('POST', `/trustedx-authserver/oauth/${authServer}/token`, {
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    });
  }

  async newToken(): Promise<string> {
    const reply = await this.tokenRequest(basicCredentials(this.info.clientId, this.info.clientSecret));
    if (reply.status !== 200) throw new Error(`token: ${reply.status} ${reply.text}`);
    return reply.json.access_token as string;
  }

  async token(): Promise<string> {
    return (this.cachedToken ??= await this.newToken());
  }

  async api(method: string, pathOrUrl: string, options: { body?: Buffer | string; headers?: Record<string, string>; token?: string } = {}): Promise<Reply> {
    return this.http(method, pathOrUrl, { body: options.body, headers: { authorization: `Bearer ${options.token ?? (await this.token())}`, ...options.headers } });
  }

  async createSingle(process: Record<string, unknown>, pdf: Buffer): Promise<Reply> {
    const { body, contentType } = formData([
      { name: 'process', body: JSON.stringify(process), contentType: 'application/json' },
      { name: 'document', body: pdf, contentType: 'application/pdf', fileName: 'document.pdf' },
    ]);
    return this.api('POST', '/signer_processes', { body, headers: { 'content-type': contentType } });
  }

  async uploadRaw(pdf: Buffer, contentType = 'application/pdf'): Promise<string> {
    const reply = await this.api('POST', '/documents', { body: pdf, headers: { 'content-type': contentType } });
    if (reply.status !== 201) throw new Error(`upload: ${reply.status} ${reply.text}`);
    return reply.json.id as string;
  }

  async createBatch(documentIds: string[], overrides: Record<string, unknown> = {}): Promise<Reply> {
    const body = JSON.stringify(processJson({ documents: documentIds.map((id) => ({ id })), ...overrides }));
    return this.api('POST', '/signer_processes', { body, headers: { 'content-type': 'application/json' } });
  }

  async control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.info.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  /** pdfsig's report on a PDF, with the sandbox root as the only trusted CA. */
  async pdfsig(pdf: Buffer): Promise<string> {
    if (!this.nssDir) {
      this.nssDir = path.join(this.dir, 'nssdb');
      mkdirSync(this.nssDir, { recursive: true });
      await exec('certutil', ['-N', '-d', `sql:${this.nssDir}`, '--empty-password']);
      await exec('certutil', ['-A', '-d', `sql:${this.nssDir}`, '-n', 'sandbox-root', '-t', 'CT,C,C', '-i', path.join(this.dir, 'pki', 'root.cert.pem')]);
    }
    const file = path.join(this.dir, `check-${randomBytes(4).toString('hex')}.pdf`);
    writeFileSync(file, pdf);
    try {
      const { stdout, stderr } = await exec('pdfsig', ['-nssdir', `sql:${this.nssDir}`, file]);
      return stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
  }

  async dispose(): Promise<void> {
    await this.agent.close();
    await this.sandbox.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The task pages as a browser sees them: GET a page, read its forms, submit one; redirects are not followed. */
export class Browser {
  constructor(
    private readonly t: TridentTest,
    private readonly acceptLanguage = 'en',
  ) {}

  get(url: string): Promise<Reply> {
    return this.t.http('GET', url, { headers: { 'accept-language': this.acceptLanguage } });
  }

  post(action: string, fields: Record<string, string>): Promise<Reply> {
    return this.t.http('POST', action, {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': this.acceptLanguage },
    });
  }

  /** The page's hidden inputs (what a form would send along). */
  static hiddenFields(page: string): Record<string, string> {
    return Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  }

  static identityChoices(page: string): string[] {
    return [...page.matchAll(/<input type="radio" name="identity" value="([^"]+)"/g)].map((m) => m[1]);
  }

  static formActions(page: string): string[] {
    return [...page.matchAll(/(?:action|formaction)="([^"]+)"/g)].map((m) => m[1]);
  }

  /** Chooses an identity on the task page and returns the signing page that follows. */
  async choose(taskUrl: string, identity: string): Promise<Reply> {
    const page = await this.get(taskUrl);
    if (page.status !== 200) throw new Error(`task page: ${page.status} ${page.text}`);
    const origin = new URL(taskUrl).origin;
    const chosen = await this.post(`${origin}${RESOURCES}/ui/identity`, { ...Browser.hiddenFields(page.text), identity });
    if (chosen.status !== 303) throw new Error(`choose: ${chosen.status} ${chosen.text}`);
    return this.get(new URL(chosen.headers.location, origin).href);
  }
}

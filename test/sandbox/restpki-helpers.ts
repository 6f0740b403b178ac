// A Rest PKI Core sandbox for a test file, a client that speaks to it over real HTTPS, and a
// "browser" for its signing page (plain form posts, redirects not followed, so each hop is seen).
// Every API exchange is checked against the vendor's OpenAPI document: an answer (200 or 422) that
// breaks it fails the test, and so does an accepted (200) request that breaks it, unless the test
// sends one on purpose (`offContract: true`, e.g. unknown fields the service ignores).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Agent, request } from 'undici';
import { startRestPkiSandbox, type RestPkiSandboxInfo, type RestPkiSandboxOptions, type RunningRestPkiSandbox } from '../../sandbox/restpki/index';
import { RestPkiContract } from '../support/restpki-openapi';

const exec = promisify(execFile);

export const contract = new RestPkiContract();

export interface JsonReply<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  json: T;
}

export interface ApiOptions {
  body?: unknown;
  /** a raw body (uploads, broken JSON) instead of JSON */
  raw?: Buffer | string;
  headers?: Record<string, string>;
  /** the API key to send; null sends none; default the sandbox's */
  key?: string | null;
  /** the request deliberately steps outside the OpenAPI document (unknown fields, …) */
  offContract?: boolean;
}

export class RestPkiTestSandbox {
  readonly agent: Agent;
  readonly exchanges: { method: string; path: string; status: number }[] = [];

  private constructor(
    readonly running: RunningRestPkiSandbox,
    readonly dir: string,
  ) {
    this.agent = new Agent({ connect: { ca: readFileSync(running.info.caCertificate, 'utf8') } });
  }

  static async start(options: Partial<RestPkiSandboxOptions> = {}, dir?: string): Promise<RestPkiTestSandbox> {
    const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'restpki-test-'));
    return new RestPkiTestSandbox(await startRestPkiSandbox({ whenCompletedWaitSeconds: 15, ...options, dataDir }), dataDir);
  }

  get info(): RestPkiSandboxInfo {
    return this.running.info;
  }

  async api<T = Record<string, unknown>>(method: string, pathOrUrl: string, options: ApiOptions = {}): Promise<JsonReply<T>> {
    const url = new URL(pathOrUrl, this.info.endpoint);
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? this.info.apiKey : options.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | Buffer | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await request(url, { method: method as 'GET', headers, body, dispatcher: this.agent });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const text = bytes.toString('utf8');
    const responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    let json = {} as T;
    if (/json/.test(responseHeaders['content-type'] ?? '') && text) json = JSON.parse(text) as T;
    this.exchanges.push({ method, path: url.pathname, status: res.statusCode });

    if (url.pathname.toLowerCase().startsWith('/api/files/')) return { status: res.statusCode, headers: responseHeaders, body: bytes, text, json };
    const answerErrors = contract.answerErrors(method, url.pathname, res.statusCode, json);
    assert.deepEqual(answerErrors, [], `${method} ${url.pathname} → ${res.statusCode}: the answer breaks the OpenAPI document\n${text.slice(0, 2000)}`);
    if (res.statusCode === 200 && options.body !== undefined && !options.offContract) {
      assert.deepEqual(contract.requestErrors(method, url.pathname, options.body), [], `${method} ${url.pathname}: the test's request breaks the OpenAPI document`);
    }
    return { status: res.statusCode, headers: responseHeaders, body: bytes, text, json };
  }

  async control<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.info.controlUrl}${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  /** POST /api/signature-sessions with one or more PDFs given inline; asserts 200. */
  async createSession(documents: Buffer[], extra: Record<string, unknown> = {}): Promise<{ sessionId: string; redirectUrl: string }> {
    const reply = await this.api<{ sessionId: string; redirectUrl: string }>('POST', '/api/signature-sessions', {
      body: { documents: documents.map((bytes, i) => ({ file: { name: `document-${i + 1}.pdf`, mimeType: 'application/pdf', content: bytes.toString('base64') } })), ...extra },
    });
    assert.equal(reply.status, 200, reply.text);
    return reply.json;
  }

  async session(id: string): Promise<SessionAnswer> {
    const reply = await this.api<SessionAnswer>('GET', `/api/signature-sessions/${id}`);
    assert.equal(reply.status, 200, reply.text);
    return reply.json;
  }

  async download(url: string, key: string | null = this.info.apiKey): Promise<JsonReply> {
    return this.api('GET', url, { key });
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.running.close();
  }

  async dispose(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface FileAnswer {
  url: string;
  location: string;
  name: string;
  length: number;
  mimeType: string;
}

export interface SessionAnswer {
  id: string;
  status: string;
  processingErrorCode: string | null;
  callbackArgument: string | null;
  signerCertificate?: { subjectCommonName: string; subjectDisplayName: string; subjectIdentifier: string; pkiBrazil?: { cpf: string; certificateType: string }; issuer?: { subjectCommonName: string } };
  documents: { id: string; status: string; key: string; formattedKey: string; availableUntil: string; dateSigned: string | null; originalFile: FileAnswer; signedFile?: FileAnswer }[];
}

// ---- the signing page, as a browser without scripts uses it ---------------------------------------

export interface PageReply {
  status: number;
  location?: string;
  html: string;
}

async function fetchPage(url: string, init: RequestInit = {}): Promise<PageReply> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') ?? undefined, html: await res.text() };
}

export function openPage(redirectUrl: string): Promise<PageReply> {
  return fetchPage(redirectUrl);
}

/** The page's form fields: the token and the persons offered (radio values). */
export function formOf(html: string): { action: string; token: string; persons: string[]; cancelAction: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const cancelAction = /formaction="([^"]+)"/.exec(html)?.[1];
  assert.ok(action && token && cancelAction, `no signing form on the page:\n${html.slice(0, 1500)}`);
  return { action, token, cancelAction, persons: [...html.matchAll(/type="radio" name="person" value="([^"]+)"/g)].map((m) => m[1]) };
}

/** Opens the page and presses Sign (with a person chosen) or Cancel, as its form does. */
export async function pressOnPage(redirectUrl: string, button: 'Sign' | 'Cancel', person?: string): Promise<PageReply> {
  const page = await openPage(redirectUrl);
  assert.equal(page.status, 200, page.html);
  const form = formOf(page.html);
  const target = new URL(button === 'Sign' ? form.action : form.cancelAction, redirectUrl);
  const fields = new URLSearchParams({ token: form.token.replace(/&amp;/g, '&') });
  if (button === 'Sign' && person) fields.set('person', person);
  return fetchPage(target.toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
}

// ---- documents and verification -----------------------------------------------------------------

export async function samplePdf(text = 'Contract to be signed', pages = 1): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`${text} (page ${i + 1})`, { x: 72, y: 760, size: 16, font });
  return Buffer.from(await pdf.save()); // default save: object streams and an xref stream, as most clients send
}

/** pdfsig (poppler) with an NSS database that trusts only the sandbox's root CA. */
export class Pdfsig {
  private constructor(private readonly dir: string) {}

  static async trusting(caBundlePath: string, workDir: string): Promise<Pdfsig> {
    const dir = path.join(workDir, 'nssdb');
    mkdirSync(dir, { recursive: true });
    await exec('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
    const root = readFileSync(caBundlePath, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];
    writeFileSync(path.join(dir, 'root.pem'), `${root}\n`);
    await exec('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'sandbox-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
    return new Pdfsig(dir);
  }

  async report(pdf: Buffer, name = `check-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`): Promise<string> {
    const file = path.join(this.dir, name);
    writeFileSync(file, pdf);
    try {
      const { stdout, stderr } = await exec('pdfsig', ['-nssdir', `sql:${this.dir}`, file]);
      return stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
  }
}

/** The signatures pdfsig reports, each with its signer's common name, validity and trust. */
export function signaturesOf(report: string): { commonName: string; valid: boolean; trusted: boolean; whole: boolean }[] {
  return report
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => ({
      commonName: /Signer Certificate Common Name: (.*)$/m.exec(block)?.[1]?.trim() ?? '',
      valid: /Signature Validation: Signature is Valid\./.test(block),
      trusted: /Certificate Validation: Certificate is Trusted\./.test(block),
      whole: /Total document signed/.test(block),
    }));
}

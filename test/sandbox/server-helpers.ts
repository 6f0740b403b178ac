import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Agent, request } from 'undici';
import { startSandbox, type RunningSandbox, type SandboxInfo, type SandboxOptions } from '../../sandbox/index';
import { loadOrCreatePki, type KeyPair, type SandboxPki } from '../../sandbox/pki/index';
import { createDocumentBundle } from '../../src-main/core/providers/posten/bundle/index';

export const EXAMPLES = path.resolve(import.meta.dirname, '../../../shared/spec/posten/examples');
export const example = (relative: string): string => readFileSync(path.join(EXAMPLES, relative), 'utf8');

export interface ClientIdentity {
  key: string;
  cert: string;
}

/** Reads the sender's .p12 with node-forge and hands key + cert (leaf + chain) to undici. */
export function identityFromP12(p12Path: string, password: string): ClientIdentity {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(readFileSync(p12Path).toString('binary')), password);
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (!keyBag?.key) throw new Error('no key in p12');
  const certs = certBags.map((b) => b.cert!).filter(Boolean);
  // leaf first: the certificate whose public key matches the private key
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  certs.sort((a) => ((a.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n) ? -1 : 1));
  return { key: forge.pki.privateKeyToPem(key), cert: certs.map((c) => forge.pki.certificateToPem(c)).join('') };
}

/** Each certificate of a PEM bundle (tolerates a missing newline between blocks; a separate test checks the file). */
export function pemBlocks(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => `${m[0]}\n`);
}

export function mtlsAgent(info: SandboxInfo, identity?: ClientIdentity): Agent {
  return new Agent({
    connect: {
      ...(identity ?? {}),
      ca: pemBlocks(readFileSync(info.caCertificate, 'utf8')),
      checkServerIdentity: () => undefined,
    },
  });
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

export class TestSandbox {
  readonly agent: Agent;
  private constructor(readonly sandbox: RunningSandbox, readonly dir: string, readonly pki: SandboxPki, readonly options: SandboxOptions) {
    this.agent = mtlsAgent(sandbox.info, identityFromP12(sandbox.info.senderCertificate, sandbox.info.senderCertificatePassword));
  }

  static async start(options: Partial<SandboxOptions> = {}, dir?: string): Promise<TestSandbox> {
    const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'sandbox-test-'));
    const full: SandboxOptions = { emptyQueueDelaySeconds: 10, rateLimitPerSecond: 1000, ...options, dataDir };
    const sandbox = await startSandbox(full);
    const pki = await loadOrCreatePki(dataDir);
    return new TestSandbox(sandbox, dataDir, pki, full);
  }

  get info(): SandboxInfo {
    return this.sandbox.info;
  }

  get org(): string {
    return this.info.senderOrganizationNumber;
  }

  url(pathOrUrl: string): string {
    return pathOrUrl.startsWith('http') ? pathOrUrl : `${this.info.apiRoot}${pathOrUrl}`;
  }

  async api(method: string, pathOrUrl: string, options: { body?: Buffer | string; headers?: Record<string, string>; agent?: Agent } = {}): Promise<Reply> {
    const res = await request(this.url(pathOrUrl), { method: method as 'GET', body: options.body, headers: { accept: 'application/xml', ...options.headers }, dispatcher: options.agent ?? this.agent });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    return { status: res.statusCode, headers, body, text: body.toString('utf8') };
  }

  async control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.info.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  async bundle(manifestXml: string, documents: { fileName: string; mimeType?: string; bytes: Buffer }[], key: KeyPair = this.pki.sender): Promise<Buffer> {
    return createDocumentBundle({
      documents: documents.map((d) => ({ fileName: d.fileName, mimeType: d.mimeType ?? 'application/pdf', bytes: d.bytes })),
      manifestXml,
      key: { privateKeyPem: key.keyPem, certificateChainPems: [key.certPem, ...key.chainPems] },
      signingTime: new Date(),
    });
  }

  /** POSTs a create request; parts in the given order. */
  async create(flow: 'portal' | 'direct', requestXml: string, bundle: Buffer, options: { reverse?: boolean } = {}): Promise<Reply> {
    const { body, contentType } = multipartMixed(
      [
        { contentType: 'application/xml', body: Buffer.from(requestXml) },
        { contentType: 'application/octet-stream', body: bundle },
      ],
      options.reverse,
    );
    return this.api('POST', `/${this.org}/${flow}/signature-jobs`, { body, headers: { 'content-type': contentType } });
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.sandbox.close();
  }

  async dispose(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function multipartMixed(parts: { contentType: string; body: Buffer }[], reverse = false): { body: Buffer; contentType: string } {
  const boundary = `b-${randomBytes(8).toString('hex')}`;
  const ordered = reverse ? [...parts].reverse() : parts;
  const chunks: Buffer[] = [];
  for (const part of ordered) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${part.contentType}\r\n\r\n`), part.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` };
}

export async function samplePdf(text = 'Agreement to be signed'): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 72, y: 760, size: 18, font });
  return Buffer.from(await pdf.save());
}

/** Replaces the sender organisation number of an official example with the sandbox's. */
export function withSender(xml: string, org: string): string {
  return xml.replace(/<organization-number>\d{9}<\/organization-number>/, `<organization-number>${org}</organization-number>`);
}

export function directRequestXml(options: { polling?: boolean; queue?: string; reference?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?><direct-signature-job-request xmlns="http://signering.posten.no/schema/v1">${options.reference ? `<reference>${options.reference}</reference>` : ''}<exit-urls><completion-url>https://sender.example/done</completion-url><rejection-url>https://sender.example/rejected</rejection-url><error-url>https://sender.example/error</error-url></exit-urls>${options.polling ? '<status-retrieval-method>POLLING</status-retrieval-method>' : ''}${options.queue ? `<polling-queue>${options.queue}</polling-queue>` : ''}</direct-signature-job-request>`;
}

export function portalRequestXml(options: { queue?: string; reference?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?><portal-signature-job-request xmlns="http://signering.posten.no/schema/v1">${options.reference ? `<reference>${options.reference}</reference>` : ''}${options.queue ? `<polling-queue>${options.queue}</polling-queue>` : ''}</portal-signature-job-request>`;
}

export function portalManifestXml(org: string, options: { signers?: string[]; orders?: number[]; availableSeconds?: number; documents?: string[] } = {}): string {
  const pins = options.signers ?? ['12345678910'];
  const signers = pins
    .map((pin, i) => `<signer${options.orders ? ` order="${options.orders[i]}"` : ''}><personal-identification-number>${pin}</personal-identification-number><notifications><email address="s${i}@example.com"/></notifications></signer>`)
    .join('');
  const docs = (options.documents ?? ['document.pdf']).map((href, i) => `<document href="${href}" mime="application/pdf"><title>Document ${i + 1}</title></document>`).join('');
  const availability = options.availableSeconds === undefined ? '' : `<availability><available-seconds>${options.availableSeconds}</available-seconds></availability>`;
  return `<?xml version="1.0" encoding="UTF-8"?><portal-signature-job-manifest xmlns="http://signering.posten.no/schema/v1"><signers>${signers}</signers><sender><organization-number>${org}</organization-number></sender><title>Test job</title><documents>${docs}</documents>${availability}</portal-signature-job-manifest>`;
}

export function directManifestXml(org: string, identifiers: string[] = ['12345678910']): string {
  const signers = identifiers.map((id) => (/^\d{11}$/.test(id) ? `<signer><personal-identification-number>${id}</personal-identification-number></signer>` : `<signer><signer-identifier>${id}</signer-identifier></signer>`)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><direct-signature-job-manifest xmlns="http://signering.posten.no/schema/v1">${signers}<sender><organization-number>${org}</organization-number></sender><title>Direct test job</title><documents><document href="document.pdf" mime="application/pdf"><title>The document</title></document></documents></direct-signature-job-manifest>`;
}

/** Text of the first element with this local name (namespace-agnostic, enough for assertions). */
export function xmlValue(xml: string, name: string): string | undefined {
  return new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</`).exec(xml)?.[1]?.trim();
}
export function xmlValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</`, 'g'))].map((m) => m[1].trim());
}

/** Rebuilds a zip with some entries changed, keeping the (now stale) signature. */
export async function rezip(zip: Buffer, mutate: (name: string, bytes: Buffer) => Buffer): Promise<Buffer> {
  const { readZipEntries } = await import('../../sandbox/validation/zip-entries');
  const yazl = (await import('yazl')).default;
  const entries = await readZipEntries(zip, { maxTotalBytes: 100_000_000 });
  const out = new yazl.ZipFile();
  for (const e of entries) out.addBuffer(mutate(e.name, e.bytes), e.name);
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Asserts that an XML reply validates against direct-and-portal.xsd and returns its text. */
export async function validXml(reply: Reply): Promise<string> {
  const { validateAgainstPostenSchema } = await import('../../sandbox/validation/xsd');
  const result = await validateAgainstPostenSchema(reply.text);
  if (!result.valid) throw new Error(`response (${reply.status}) does not validate: ${result.errors.join('; ')}\n${reply.text}`);
  if (!/^application\/xml/.test(reply.headers['content-type'] ?? '')) throw new Error(`content-type is ${reply.headers['content-type']}`);
  return reply.text;
}

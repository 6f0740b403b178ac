// A small HTTPS server that stands between the app and the sandbox and misbehaves in ways the
// sandbox cannot: it answers after the sandbox has acted (then loses or garbles the answer),
// reorders queue deliveries, rewrites links and clock headers, or streams endless bodies. It
// presents the sandbox's own server certificate (Posten's organisation number, the sandbox CA), so
// the app trusts it exactly as it trusts the sandbox; by default it forwards every request.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { RunningSandbox } from '../../sandbox';
import { createCertificate, createKeyPair, exportPrivateKeyPem, importPrivateKeyPem } from '../../sandbox/pki/certificates';
import { loadOrCreatePki, type SandboxPki } from '../../sandbox/pki/index';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** The path without the query. */
  path: string;
  /** Sends the request on to the sandbox (reading the body first if nobody has) and returns its answer, links pointing here. */
  forward(): Promise<Answer>;
  /** Sends an answer to the app. */
  reply(answer: Answer): void;
}

export type Tamper = (exchange: Exchange) => Promise<void> | void;

export interface HostileService {
  /** Use this as the account's API root. */
  apiRoot: string;
  /** Handles the next `times` requests matching `METHOD pathRegex` (until cleared without `times`). */
  tamper(match: string, handler: Tamper, times?: number): void;
  clear(): void;
  /** "METHOD /path" of every request, in order. */
  readonly seen: string[];
  /**
   * Presents a server certificate from the sandbox CA for another organisation (TLS trusts it, the
   * app's check of the service's organisation must not), or the sandbox's own again without one.
   * Connections open now are closed, so the next request meets the certificate.
   */
  presentOrganization(organizationNumber?: string): Promise<void>;
  close(): Promise<void>;
}

/** A server certificate like the sandbox's, issued by the sandbox's CA, for another organisation. */
async function serverCertificateFor(pki: SandboxPki, organizationNumber: string): Promise<{ key: string; cert: string }> {
  const keys = await createKeyPair();
  const { certPem } = await createCertificate({
    subject: [{ C: ['NO'] }, { O: ['Not Posten AS'] }, { '2.5.4.97': [`NTRNO-${organizationNumber}`] }, { '2.5.4.5': [`NTRNO-${organizationNumber}`] }, { CN: ['sandbox'] }],
    publicKey: keys.publicKey,
    signingKey: await importPrivateKeyPem(readFileSync(join(pki.dir, 'intermediate.key.pem'), 'utf8')),
    issuerCertPem: pki.intermediateCertPem,
    notAfter: new Date(Date.now() + 86_400_000 * 365),
    profile: { kind: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
  });
  return { key: await exportPrivateKeyPem(keys.privateKey), cert: [certPem, pki.intermediateCertPem].join('\n') };
}

/**
 * `keepAlive: false` closes every connection after its answer: the app opens a new one for each
 * request, so a certificate changed meanwhile meets the next request, not a stale connection.
 */
export async function startHostileService(sandbox: RunningSandbox, options: { keepAlive?: boolean } = {}): Promise<HostileService> {
  const pki = await loadOrCreatePki(dirname(dirname(sandbox.info.caCertificate)));
  const upstream = new Agent({
    connect: {
      key: pki.sender.keyPem,
      cert: [pki.sender.certPem, ...pki.sender.chainPems].join('\n'),
      ca: [pki.rootCertPem, pki.intermediateCertPem],
      checkServerIdentity: () => undefined,
    },
  });
  const rules: { method: string; pattern: RegExp; handler: Tamper; remaining: number }[] = [];
  const seen: string[] = [];
  let apiRoot = '';
  const sandboxRoot = sandbox.info.apiRoot;

  const rewrite = (body: Buffer, contentType: string) =>
    /xml|text/.test(contentType) ? Buffer.from(body.toString('utf8').replaceAll(sandboxRoot, apiRoot)) : body;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'https://hostile.invalid');
    seen.push(`${method} ${url.pathname}`);
    let requestBody: Promise<Buffer> | undefined;
    const readRequest = () =>
      (requestBody ??= (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      })());
    const exchange: Exchange = {
      req,
      res,
      method,
      path: url.pathname,
      async forward() {
        const body = await readRequest();
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'accept', 'user-agent']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
        const target = `${sandboxRoot}${(req.url ?? '').slice('/api'.length)}`;
        const answer = await request(target, { method: method as 'GET', headers, body: body.length ? body : undefined, dispatcher: upstream });
        const raw = Buffer.from(await answer.body.arrayBuffer());
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string' && !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) answerHeaders[name] = value;
        return { status: answer.statusCode, headers: answerHeaders, body: rewrite(raw, answerHeaders['content-type'] ?? '') };
      },
      reply(answer) {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        res.end(answer.body);
      },
    };
    const rule = rules.find((r) => r.remaining > 0 && r.method === method && r.pattern.test(url.pathname));
    if (rule) {
      rule.remaining -= 1;
      await rule.handler(exchange);
      return;
    }
    exchange.reply(await exchange.forward());
  }

  const tlsOptions = {
    key: pki.server.keyPem,
    cert: [pki.server.certPem, ...pki.server.chainPems].join('\n'),
    ca: [pki.rootCertPem, pki.intermediateCertPem],
    requestCert: true,
    rejectUnauthorized: true,
  };
  const otherCertificates = new Map<string, Promise<{ key: string; cert: string }>>();
  let presenting: string | undefined;
  const server = https.createServer(
    tlsOptions,
    (req, res) => {
      if (options.keepAlive === false) res.shouldKeepAlive = false;
      void handle(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`hostile service failed: ${error.message}`);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiRoot = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  return {
    apiRoot,
    seen,
    tamper(match, handler, times) {
      const space = match.indexOf(' ');
      rules.push({ method: match.slice(0, space), pattern: new RegExp(match.slice(space + 1)), handler, remaining: times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      rules.length = 0;
    },
    async presentOrganization(organizationNumber) {
      if (organizationNumber === presenting) return;
      presenting = organizationNumber;
      let identity = { key: tlsOptions.key, cert: tlsOptions.cert };
      if (organizationNumber) {
        let issued = otherCertificates.get(organizationNumber);
        if (!issued) otherCertificates.set(organizationNumber, (issued = serverCertificateFor(pki, organizationNumber)));
        identity = await issued;
      }
      server.setSecureContext({ ...tlsOptions, ...identity });
      server.closeAllConnections();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

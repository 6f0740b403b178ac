import { writeFileSync, mkdirSync } from 'node:fs';
import { FILE_MODE, FOLDER_MODE } from './core/private-files';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadOrCreatePki, POSTEN_ORGANIZATION_NUMBER } from './pki/index';
import { ApiRouter } from './api/router';
import { JobUrls } from './api/xml-responses';
import { SandboxClock } from './core/clock';
import type { SandboxContext } from './core/context';
import { JobEngine } from './core/engine';
import { SandboxStore } from './core/store';
import { FaultRegistry } from './control/faults';
import { handleControl } from './control/router';
import { handleWeb } from './web/router';
import { startRestPkiSandbox, type RestPkiSandboxInfo, type RestPkiSandboxOptions } from './restpki/index';

export interface SandboxOptions {
  dataDir: string;
  /** TLS API port; 0 (default) = a free port. */
  port?: number;
  /** Plain-HTTP port for the control API and the signer pages; 0 (default) = a free port. */
  controlPort?: number;
  emptyQueueDelaySeconds?: number;
  redeliverySeconds?: number;
  rateLimitPerSecond?: number;
  senderOrganizationNumber?: string;
  /** Rest PKI Core's sandbox, started beside Posten's on ports of its own (sandbox/restpki). */
  restpki?: Omit<RestPkiSandboxOptions, 'dataDir' | 'pki'>;
}

/** What `DIR/sandbox.json` holds; every path is absolute. */
export interface SandboxInfo {
  apiRoot: string;
  webRoot: string;
  controlUrl: string;
  caCertificate: string;
  senderCertificate: string;
  senderCertificatePassword: string;
  senderOrganizationNumber: string;
  serverOrganizationNumber: string;
  /** Rest PKI Core signature sessions: endpoint, API key, control address, CA to trust */
  restpki: RestPkiSandboxInfo;
}

export interface RunningSandbox {
  info: SandboxInfo;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE });
  const pki = await loadOrCreatePki(dataDir, { senderOrganizationNumber: options.senderOrganizationNumber });
  const store = new SandboxStore(dataDir);
  const clock = new SandboxClock(store);
  const engine = new JobEngine(store, clock, pki);

  // Handlers read ctx lazily, so the URLs can be filled in once the ports are known.
  const ctx = {
    store,
    clock,
    engine,
    pki,
    faults: new FaultRegistry(),
    settings: {
      emptyQueueDelaySeconds: options.emptyQueueDelaySeconds ?? 10,
      redeliverySeconds: options.redeliverySeconds ?? 600,
      rateLimitPerSecond: options.rateLimitPerSecond ?? 10,
    },
  } as SandboxContext;
  const api = new ApiRouter(ctx);

  const apiServer = https.createServer(
    {
      key: pki.server.keyPem,
      cert: [pki.server.certPem, ...pki.server.chainPems].join('\n'),
      ca: [pki.rootCertPem, pki.intermediateCertPem],
      requestCert: true,
      // A client without a certificate from the sandbox CA fails the handshake: no HTTP answer at all.
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => void api.handle(req, res),
  );
  const webServer = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    void (pathname === '/web' || pathname.startsWith('/web/') ? handleWeb(ctx, req, res) : handleControl(ctx, req, res));
  });

  let apiPort: number;
  let webPort: number;
  try {
    apiPort = await listen(apiServer, options.port ?? 0);
    webPort = await listen(webServer, options.controlPort ?? 0);
  } catch (error) {
    await Promise.all([closeServer(apiServer), closeServer(webServer)]);
    store.close();
    throw error;
  }
  let restpki: Awaited<ReturnType<typeof startRestPkiSandbox>>;
  try {
    restpki = await startRestPkiSandbox({ ...options.restpki, dataDir, pki });
  } catch (error) {
    await Promise.all([closeServer(apiServer), closeServer(webServer)]);
    store.close();
    throw error;
  }
  ctx.apiRoot = `https://${HOST}:${apiPort}/api`;
  ctx.webRoot = `http://${HOST}:${webPort}/web`;
  ctx.urls = new JobUrls(ctx.apiRoot, ctx.webRoot);

  // Auto-signing and deadlines must progress even when nobody calls the sandbox.
  const ticker = setInterval(() => void engine.tick().catch((e) => console.error('sandbox tick failed:', e)), 1000);
  ticker.unref();

  const info: SandboxInfo = {
    apiRoot: ctx.apiRoot,
    webRoot: ctx.webRoot,
    controlUrl: `http://${HOST}:${webPort}`,
    caCertificate: path.resolve(pki.caCertificatePath),
    senderCertificate: path.resolve(pki.sender.p12Path),
    senderCertificatePassword: pki.sender.password,
    senderOrganizationNumber: pki.sender.organizationNumber,
    serverOrganizationNumber: POSTEN_ORGANIZATION_NUMBER,
    restpki: restpki.info,
  };
  writeFileSync(path.join(dataDir, 'sandbox.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: FILE_MODE });

  let closed = false;
  return {
    info,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      await Promise.all([closeServer(apiServer), closeServer(webServer), restpki.close()]);
      // Let a signing in progress finish before the database goes away.
      await engine.exclusive(() => undefined);
      store.close();
    },
  };
}

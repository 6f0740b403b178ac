// A local stand-in for Lacuna Software's Rest PKI Core signature sessions (API 2.2.2): the HTTPS API
// with X-Api-Key, a signing page that signs for real (PAdES, sandbox PKI, ICP-Brasil-style person
// certificates with a CPF), and a control API. Independent of the app: it imports nothing from src-*.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SandboxClock } from '../core/clock';
import { FaultRegistry } from '../control/faults';
import { loadOrCreatePki, type SandboxPki } from '../pki/index';
import { RestPkiApi } from './api';
import type { RestPkiContext } from './context';
import { handleRestPkiControl } from './control';
import { SANDBOX_SECURITY_CONTEXT_ID, SessionEngine, type RestPkiSettings } from './engine';
import { SigningPages } from './page';
import { describePerson, TEST_PERSONS } from './persons';
import { RestPkiStore } from './store';
import { Uploads } from './uploads';

export { SANDBOX_SECURITY_CONTEXT_ID } from './engine';
export { TEST_PERSONS } from './persons';

export interface RestPkiSandboxOptions {
  /** the sandbox's data dir; Rest PKI keeps its own files in <dataDir>/restpki and shares <dataDir>/pki */
  dataDir: string;
  /** the sandbox PKI when the caller has loaded it already */
  pki?: SandboxPki;
  /** HTTPS API port; 0 (default) = a free port */
  port?: number;
  /** plain-HTTP port of the signing pages and the control API; 0 (default) = a free port */
  controlPort?: number;
  /** the API key clients must send; default: one generated on first start and kept in the data dir */
  apiKey?: string;
  /** sandbox seconds that background processing takes (default 5); null = until the control API ends it */
  processingSeconds?: number | null;
  /** how long when-completed holds a call (default 15, as the real service) */
  whenCompletedWaitSeconds?: number;
  /** how long documents stay downloadable (availableUntil), from the session's creation; default 7 days */
  documentRetentionSeconds?: number;
}

/** What sandbox.json holds under `restpki`. */
export interface RestPkiSandboxInfo {
  /** the API's base address: requests go to {endpoint}/api/… */
  endpoint: string;
  apiKey: string;
  /** the control API; the signing pages live on the same port */
  controlUrl: string;
  /** PEM bundle (root + issuing CA) to trust for the endpoint's TLS certificate */
  caCertificate: string;
  /** the one security context the sandbox knows (optional in a session) */
  securityContextId: string;
  /** the test persons whose certificates the signing page offers */
  persons: Record<string, string>[];
}

export interface RunningRestPkiSandbox {
  info: RestPkiSandboxInfo;
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

export async function startRestPkiSandbox(options: RestPkiSandboxOptions): Promise<RunningRestPkiSandbox> {
  const dataDir = path.resolve(options.dataDir);
  const pki = options.pki ?? (await loadOrCreatePki(dataDir));
  const store = new RestPkiStore(path.join(dataDir, 'restpki'));
  const clock = new SandboxClock(store);
  let apiKey = options.apiKey ?? store.getMeta('apiKey');
  if (!apiKey) {
    // the form the dashboard shows: "application|secret"
    apiKey = `signing-desk-sandbox|${randomBytes(24).toString('hex')}`;
    store.setMeta('apiKey', apiKey);
  }
  const settings: RestPkiSettings = {
    processingSeconds: options.processingSeconds === undefined ? 5 : options.processingSeconds,
    whenCompletedWaitMs: Math.round((options.whenCompletedWaitSeconds ?? 15) * 1000),
    fileUrls: 'absolute',
    documentRetentionSeconds: options.documentRetentionSeconds ?? 7 * 24 * 3600,
  };
  const urls = { endpoint: '', pageRoot: '' };
  const engine = new SessionEngine(store, clock, pki, settings, urls);
  // handlers read the addresses lazily, so they can be filled in once the ports are known
  const ctx: RestPkiContext = { store, clock, engine, uploads: new Uploads(store, clock), pki, faults: new FaultRegistry(), apiKey, endpoint: '', controlUrl: '' };
  const api = new RestPkiApi(ctx);
  const pages = new SigningPages(ctx);

  const apiServer = https.createServer(
    { key: pki.server.keyPem, cert: [pki.server.certPem, ...pki.server.chainPems].join('\n'), minVersion: 'TLSv1.2' },
    (req, res) => void api.handle(req, res),
  );
  const controlServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    void pages
      .handle(req, res, url)
      .then((handled) => (handled ? undefined : handleRestPkiControl(ctx, req, res, url)))
      .catch((error: unknown) => {
        console.error('restpki sandbox page error:', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The sandbox failed; see its log.');
      });
  });

  let apiPort: number;
  let controlPort: number;
  try {
    apiPort = await listen(apiServer, options.port ?? 0);
    controlPort = await listen(controlServer, options.controlPort ?? 0);
  } catch (error) {
    await Promise.all([closeServer(apiServer), closeServer(controlServer)]);
    store.close();
    throw error;
  }
  ctx.endpoint = urls.endpoint = `https://${HOST}:${apiPort}`;
  ctx.controlUrl = urls.pageRoot = `http://${HOST}:${controlPort}`;

  // expiry and the end of background processing happen even when nobody calls
  const ticker = setInterval(() => {
    try {
      engine.tick();
    } catch (error) {
      console.error('restpki sandbox tick failed:', error);
    }
  }, 1000);
  ticker.unref();

  const info: RestPkiSandboxInfo = {
    endpoint: ctx.endpoint,
    apiKey,
    controlUrl: ctx.controlUrl,
    caCertificate: path.resolve(pki.caCertificatePath),
    securityContextId: SANDBOX_SECURITY_CONTEXT_ID,
    persons: TEST_PERSONS.map(describePerson),
  };
  let closed = false;
  return {
    info,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      await Promise.all([closeServer(apiServer), closeServer(controlServer)]);
      // let a signing in progress finish before the database goes away
      await engine.exclusive(() => undefined);
      store.close();
    },
  };
}

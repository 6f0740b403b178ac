import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SandboxClock } from '../core/clock';
import { FaultRegistry } from '../control/faults';
import type { SandboxPki } from '../pki/index';
import { TridentApi } from './api';
import { TokenEndpoint } from './auth';
import { TridentControl, CONTROL_PREFIX } from './control';
import { DEFAULT_IDENTITIES, RESOURCES_PREFIX, type SigningIdentity } from './model';
import { TridentService } from './service';
import { TridentStore } from './store';
import { TaskPages } from './ui';

export { CONTROL_PREFIX as TRIDENT_CONTROL_PREFIX } from './control';
export const TRIDENT_PAGES_PATH = `${RESOURCES_PREFIX}/ui`;
export type { SigningIdentity } from './model';

export interface TridentOptions {
  /** HTTPS port of the token endpoint, the resources and the task pages; 0 (default) = a free one. */
  port?: number;
  /** `{as}` of the token endpoint; default `esignsp` (the authorization server TRIDENT's example sets aside for signing). */
  authServer?: string;
  clientId?: string;
  /** Default: generated once per data dir, with characters that only survive when form-encoded before base64. */
  clientSecret?: string;
  /** expires_in of new tokens; default 120 (TrustedX's default), or the last value set through the control API. */
  tokenLifetimeSeconds?: number;
  /**
   * Task URLs on the plain-HTTP control port instead of the HTTPS one, so that a browser which does
   * not trust the sandbox CA (the demo's "Sign on this PC") opens them without a certificate warning.
   */
  browserPagesOnControlPort?: boolean;
  /** Extra signing identities besides the built-in ones (same id: replaces it). */
  identities?: SigningIdentity[];
}

/** The `trident` entry of sandbox.json. */
export interface TridentInfo {
  /** The host root; resources live under /trustedx-resources/esignsp/v2, the token endpoint under /trustedx-authserver. */
  baseUrl: string;
  authServer: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** The control API's root for TRIDENT (`<controlUrl>/trident`). */
  controlUrl: string;
  caCertificate: string;
  /** A labels filter (OR of ANDs) that every built-in identity matches. */
  labels: string[][];
  identities: SigningIdentity[];
}

export interface RunningTrident {
  info: TridentInfo;
  handleControl(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The task pages, for the control port (same paths as on the HTTPS port). */
  handlePages(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts the TRIDENT (eSignSP) sandbox on its own HTTPS port, state in `<dataDir>/trident`. Its control
 * API is served by the caller's control port (`handleControl` for paths under /trident).
 */
export async function startTrident(options: TridentOptions & { dataDir: string; pki: SandboxPki; controlUrl: string }): Promise<RunningTrident> {
  const store = new TridentStore(path.join(options.dataDir, 'trident'));
  const clock = new SandboxClock(store);
  const client = {
    authServer: options.authServer ?? 'esignsp',
    clientId: options.clientId ?? 'signing-desk-sandbox',
    clientSecret: options.clientSecret ?? store.getMeta('clientSecret') ?? `${randomBytes(12).toString('base64url')}+/:%& æ`,
  };
  if (!options.clientSecret) store.setMeta('clientSecret', client.clientSecret);
  const savedLifetime = Number(store.getMeta('tokenLifetimeSeconds'));
  const savedAutosign = store.getMeta('autosignAfterSeconds');
  const identities = [...DEFAULT_IDENTITIES.filter((d) => !options.identities?.some((i) => i.id === d.id)), ...(options.identities ?? [])];
  for (const extra of JSON.parse(store.getMeta('identities') ?? '[]') as SigningIdentity[]) {
    if (!identities.some((i) => i.id === extra.id)) identities.push(extra);
  }
  const service = new TridentService(store, clock, options.pki, identities, {
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? (savedLifetime > 0 ? savedLifetime : 120),
    autosignAfterSeconds: savedAutosign === undefined ? undefined : Number(savedAutosign),
  });
  const faults = new FaultRegistry();
  const pages = new TaskPages(service);
  const api = new TridentApi(service, new TokenEndpoint(store, clock, client, () => service.settings.tokenLifetimeSeconds), pages, faults);
  const control = new TridentControl(service, faults, {
    ownOrigins: () => new Set([new URL(options.controlUrl).origin, new URL(service.baseUrl).origin]),
    saveSettings: () => {
      store.setMeta('tokenLifetimeSeconds', String(service.settings.tokenLifetimeSeconds));
      store.setMeta('autosignAfterSeconds', service.settings.autosignAfterSeconds === undefined ? undefined : String(service.settings.autosignAfterSeconds));
    },
    addIdentity: (identity) => {
      const at = service.identities.findIndex((i) => i.id === identity.id);
      if (at >= 0) service.identities[at] = identity;
      else service.identities.push(identity);
      const saved = (JSON.parse(store.getMeta('identities') ?? '[]') as SigningIdentity[]).filter((i) => i.id !== identity.id);
      store.setMeta('identities', JSON.stringify([...saved, identity]));
    },
  });

  const server = https.createServer(
    {
      key: options.pki.server.keyPem,
      cert: [options.pki.server.certPem, ...options.pki.server.chainPems].join('\n'),
      minVersion: 'TLSv1.2',
    },
    (req, res) => void api.handle(req, res),
  );
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }
  service.baseUrl = `https://${HOST}:${port}`;
  if (options.browserPagesOnControlPort) service.pagesBaseUrl = options.controlUrl;

  // Autosign must progress even when nobody calls the sandbox.
  const ticker = setInterval(() => void service.tick().catch((e) => console.error('trident sandbox tick failed:', e)), 1000);
  ticker.unref();

  const info: TridentInfo = {
    baseUrl: service.baseUrl,
    authServer: client.authServer,
    tokenUrl: `${service.baseUrl}/trustedx-authserver/oauth/${client.authServer}/token`,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: 'urn:safelayer:eidas:sign:process:document',
    controlUrl: `${options.controlUrl}${CONTROL_PREFIX}`,
    caCertificate: path.resolve(options.pki.caCertificatePath),
    labels: [['sandbox']],
    identities: service.identities,
  };

  let closed = false;
  return {
    info,
    handleControl: (req, res) => control.handle(req, res),
    handlePages: (req, res) => api.handlePages(req, res),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // A signing in progress finishes before the database goes away.
      await service.exclusive(() => undefined);
      store.close();
    },
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxInfo } from '../../sandbox';
import type { Core } from '../core';
import { anyAccountEverAdded, listAccounts } from '../core/db/repositories/accounts';
import { makePrivateFolder } from '../core/private-files';
import type { AddPostenAccountInput, AddRestPkiAccountInput, AddTridentAccountInput } from '../../src-shared/contract';
import { catalogues, createTranslator } from '../../src-shared/i18n';
import { languageOf } from '../core/language';

/** The demo account is named in the language chosen when it is created: "Demo (lokal testtjeneste)". */
export const demoAccountName = (core: Core) => catalogues[languageOf(core.context)]['accounts.demoName'];
export const demoRestPkiAccountName = (core: Core) => catalogues[languageOf(core.context)]['restpki.demoName'];

/** The demo's signers sign by themselves this long after their step starts, as the README promises. */
export const DEMO_AUTOSIGN_AFTER_SECONDS = 30;

/** What the data folder's sandbox wrote when it last started: its addresses, which the demo account uses. */
function keptSandboxInfo(sandboxDir: string): SandboxInfo | undefined {
  const file = join(sandboxDir, 'sandbox.json');
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as SandboxInfo;
    // Both must be addresses, or the ports cannot be reused.
    new URL(info.apiRoot);
    new URL(info.controlUrl);
    return info;
  } catch {
    return undefined;
  }
}

/**
 * The data folder's sandbox run by another process (the app, next to a CLI command): it answers on
 * the kept control address with the very addresses sandbox.json names.
 */
async function answeringSandbox(kept: SandboxInfo): Promise<SandboxInfo | undefined> {
  try {
    const response = await fetch(`${kept.controlUrl}/`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return undefined;
    const answer = (await response.json()) as { apiRoot?: unknown; webRoot?: unknown };
    return answer.apiRoot === kept.apiRoot && answer.webRoot === kept.webRoot ? kept : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One sandbox address per data folder, kept across launches so the demo account's API root and the
 * sandbox's links stay valid. When the kept ports are busy, an app (long-lived) moves its sandbox to
 * new ports, kept from then on (a command's sandbox there ends with the command). A command
 * (short-lived) never moves the account to its own sandbox, which is gone when it ends: it uses the
 * data folder's sandbox that another process (the app) runs there, or refuses.
 */
async function startOnKeptPorts(core: Core, sandboxDir: string, shortLived: boolean): Promise<RunningSandbox> {
  // TRIDENT's signing pages on the plain-HTTP control port: a person's own browser does not trust the sandbox's CA.
  const options = { dataDir: sandboxDir, emptyQueueDelaySeconds: 3, trident: { browserPagesOnControlPort: true } };
  const kept = keptSandboxInfo(sandboxDir);
  try {
    // TRIDENT's and Rest PKI Core's ports too, so their demo accounts' addresses (and a signing
    // address handed out, which names its page's port) stay valid; older sandbox.json files have none.
    const keptTrident = kept?.trident?.baseUrl ? { trident: { ...options.trident, port: Number(new URL(kept.trident.baseUrl).port) } } : {};
    const keptRestPki = kept?.restpki ? { restpki: { port: Number(new URL(kept.restpki.endpoint).port), controlPort: Number(new URL(kept.restpki.controlUrl).port) } } : {};
    return await startSandbox({ ...options, ...(kept ? { port: Number(new URL(kept.apiRoot).port), controlPort: Number(new URL(kept.controlUrl).port), ...keptTrident, ...keptRestPki } : {}) });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE' || !kept) throw error;
    if (!shortLived) return startSandbox(options);
    const running = await answeringSandbox(kept);
    // The other process's sandbox: not this command's to close.
    if (running) return { info: running, close: async () => undefined };
    throw new Error(createTranslator(languageOf(core.context))('demo.portTaken', { address: kept.apiRoot }));
  }
}

/** Adds a Posten account that talks to a running sandbox, as a user would configure it. */
export function addAccountForSandbox(core: Core, info: SandboxInfo, extra: Partial<AddPostenAccountInput> & { name: string }) {
  return core.dispatch('accounts.add', {
    environment: 'custom',
    apiRoot: info.apiRoot,
    organizationNumber: info.senderOrganizationNumber,
    certificate: { fileBase64: readFileSync(info.senderCertificate).toString('base64'), passphrase: info.senderCertificatePassword },
    caCertificatesPem: readFileSync(info.caCertificate, 'utf8'),
    serverOrganizationNumber: info.serverOrganizationNumber,
    ...extra,
  } satisfies AddPostenAccountInput);
}

/** Adds a Rest PKI Core account that talks to a running sandbox's Rest PKI Core, as a user would configure it. */
export function addRestPkiAccountForSandbox(core: Core, info: SandboxInfo['restpki'], extra: Partial<AddRestPkiAccountInput> & { name: string }) {
  return core.dispatch('accounts.add', {
    service: 'restpki',
    endpoint: info.endpoint,
    apiKey: info.apiKey,
    caCertificatesPem: readFileSync(info.caCertificate, 'utf8'),
    ...extra,
  } satisfies AddRestPkiAccountInput);
}

/** Adds a TRIDENT account that talks to a running sandbox's TRIDENT half, as a user would configure it. */
export function addTridentAccountForSandbox(core: Core, info: SandboxInfo, extra: Partial<AddTridentAccountInput> & { name: string }) {
  return core.dispatch('accounts.add', {
    service: 'trident',
    baseUrl: info.trident.baseUrl,
    authorizationServer: info.trident.authServer,
    clientId: info.trident.clientId,
    clientSecret: info.trident.clientSecret,
    caCertificatesPem: readFileSync(info.trident.caCertificate, 'utf8'),
    labels: info.trident.labels,
    ...extra,
  } satisfies AddTridentAccountInput);
}

/** Sets the running demo sandbox's autosign delay (null: off); the sandbox keeps it. */
export async function setDemoAutosign(info: SandboxInfo, afterSeconds: number | null): Promise<void> {
  const response = await fetch(`${info.controlUrl}/autosign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ afterSeconds }) });
  if (!response.ok) throw new Error(`Could not set up the demo's automatic signing: ${await response.text()}`);
}

export interface DemoSandbox {
  info: SandboxInfo;
  /** The demo account of the service asked for (`service`, Posten by default), else any demo account. */
  accountId: string;
  /** Every demo account, by service. */
  accountIds: Partial<Record<DemoService, string>>;
  close(): Promise<void>;
}

/** The services the sandbox stands in for, each with a demo account of its own. */
export type DemoService = 'posten' | 'restpki' | 'trident';
/** What the app (Electron, `npm start`) adds on a first start: a demo account for each service. */
export const DEMO_SERVICES: readonly DemoService[] = ['posten', 'restpki', 'trident'];

/** The TRIDENT demo account's name: "Demo TRIDENT (lokal testtjeneste)". */
export const tridentDemoAccountName = (core: Core) => catalogues[languageOf(core.context)]['trident.demoName'];

/** Sets the TRIDENT sandbox's autosign delay (null: off): a process signs itself that long after it was created. */
export async function setTridentDemoAutosign(info: SandboxInfo, afterSeconds: number | null): Promise<void> {
  const response = await fetch(`${info.trident.controlUrl}/autosign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ afterSeconds }) });
  if (!response.ok) throw new Error(`Could not set up the TRIDENT demo's automatic signing: ${await response.text()}`);
}

/** Adds one service's demo account to the running sandbox and turns its autosign on. */
async function addDemoAccount(core: Core, info: SandboxInfo, service: DemoService, autosignAfterSeconds: number | null): Promise<string> {
  const result =
    service === 'trident'
      ? await addTridentAccountForSandbox(core, info, { name: tridentDemoAccountName(core), isDemo: true })
      : service === 'restpki'
        ? await addRestPkiAccountForSandbox(core, info.restpki, { name: demoRestPkiAccountName(core), isDemo: true })
        : await addAccountForSandbox(core, info, { name: demoAccountName(core), isDemo: true });
  if (!result.ok) throw new Error(`Could not add the demo account: ${result.error.message}`);
  const accountId = (result.value as { id: string }).id;
  // Rest PKI Core's signers sign on its signing page, choosing a person's certificate: no autosign.
  if (service === 'trident') await setTridentDemoAutosign(info, autosignAfterSeconds);
  else if (service === 'posten') await setDemoAutosign(info, autosignAfterSeconds);
  return accountId;
}

/**
 * The out-of-the-box experience: on a first start (no account was ever added), or whenever a demo
 * account exists, run the local sandbox in-process and keep ready accounts pointed at it: one for
 * each of `services` (Posten's alone unless told; the app's hosts ask for TRIDENT's too, DEMO_SERVICES). Once every demo account is removed the sandbox stops,
 * and it is not started again (a removed account still counts as "an account was added");
 * `accounts add demo [--service trident]` (force, `service`) brings one back.
 *
 * Adding an account turns on the sandbox's autosign (`autosignAfterSeconds`, default 30; null: off),
 * which the sandbox keeps in its own data and judges by its clock whenever it is called, so a job
 * also signs "by itself" when the sandbox only runs inside each CLI command.
 */
export async function startDemoIfWanted(
  core: Core,
  /** shortLived: the sandbox lives only as long as this process (a CLI command), never long enough to move the account to. */
  options: { force?: boolean; service?: DemoService; services?: readonly DemoService[]; autosignAfterSeconds?: number | null; shortLived?: boolean } = {},
): Promise<DemoSandbox | undefined> {
  const demos = listAccounts(core.db).filter((account) => account.isDemo);
  const firstStart = demos.length === 0 && !anyAccountEverAdded(core.db);
  if (demos.length === 0 && !firstStart && !options.force) return undefined;

  const sandboxDir = join(core.config.dataDir, 'demo-sandbox');
  makePrivateFolder(sandboxDir);
  const sandbox = await startOnKeptPorts(core, sandboxDir, options.shortLived ?? false);
  const { info } = sandbox;
  const accountIds: Partial<Record<DemoService, string>> = {};
  for (const demo of demos) if (demo.provider === 'posten' || demo.provider === 'restpki' || demo.provider === 'trident') accountIds[demo.provider] ??= demo.id;
  // A first start gets Posten's and Rest PKI Core's (the app's hosts ask for every service, DEMO_SERVICES).
  const wanted: readonly DemoService[] = options.force ? [options.service ?? 'posten'] : firstStart ? (options.services ?? ['posten', 'restpki']) : [];
  try {
    for (const service of wanted) {
      if (accountIds[service]) continue;
      accountIds[service] = await addDemoAccount(core, info, service, options.autosignAfterSeconds === undefined ? DEMO_AUTOSIGN_AFTER_SECONDS : options.autosignAfterSeconds);
    }
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  // The app's sandbox had to move to other ports (kept from now on), or the kept ones were lost.
  for (const [service, id] of Object.entries(accountIds)) {
    const root = service === 'trident' ? info.trident.baseUrl : service === 'restpki' ? info.restpki.endpoint : info.apiRoot;
    const moved = core.db.prepare('UPDATE accounts SET api_root = ? WHERE id = ? AND api_root IS NOT ?').run(root, id, root).changes > 0;
    if (moved) await core.sync.forgetClient(id);
  }
  const accountId = accountIds[options.service ?? 'posten'] ?? Object.values(accountIds)[0];
  if (!accountId) {
    await sandbox.close();
    return undefined;
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= sandbox.close());
  const demoAccountIds = new Set(Object.values(accountIds));
  const stopWatching = core.events.subscribe((event) => {
    if (event !== 'accounts.changed' || !core.db.open || listAccounts(core.db).some((account) => demoAccountIds.has(account.id))) return;
    stopWatching();
    void close();
  });
  return {
    info,
    accountId,
    accountIds,
    close: () => {
      stopWatching();
      return close();
    },
  };
}

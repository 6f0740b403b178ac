import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxInfo } from '../../sandbox';
import type { Core } from '../core';
import { anyAccountEverAdded, listAccounts } from '../core/db/repositories/accounts';
import { makePrivateFolder } from '../core/private-files';
import type { AddPostenAccountInput, AddRestPkiAccountInput } from '../../src-shared/contract';
import { catalogues, createTranslator } from '../../src-shared/i18n';
import { languageOf } from '../core/language';

/** The demo account is named in the language chosen when it is created: "Demo (lokal testtjeneste)". */
export const demoAccountName = (core: Core) => catalogues[languageOf(core.context)]['accounts.demoName'];
export const demoRestPkiAccountName = (core: Core) => catalogues[languageOf(core.context)]['restpki.demoName'];

/** The services a demo account can be for: each has its stand-in in the one sandbox. */
export type DemoService = 'posten' | 'restpki';

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
  const options = { dataDir: sandboxDir, emptyQueueDelaySeconds: 3 };
  const kept = keptSandboxInfo(sandboxDir);
  // Rest PKI Core's stand-in keeps its ports too (a signing address handed out names its page's port);
  // a sandbox.json of a version before it has none.
  const keptRestPki = kept?.restpki ? { port: Number(new URL(kept.restpki.endpoint).port), controlPort: Number(new URL(kept.restpki.controlUrl).port) } : undefined;
  try {
    return await startSandbox({
      ...options,
      ...(kept ? { port: Number(new URL(kept.apiRoot).port), controlPort: Number(new URL(kept.controlUrl).port) } : {}),
      ...(keptRestPki ? { restpki: keptRestPki } : {}),
    });
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

/** Sets the running demo sandbox's autosign delay (null: off); the sandbox keeps it. */
export async function setDemoAutosign(info: SandboxInfo, afterSeconds: number | null): Promise<void> {
  const response = await fetch(`${info.controlUrl}/autosign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ afterSeconds }) });
  if (!response.ok) throw new Error(`Could not set up the demo's automatic signing: ${await response.text()}`);
}

export interface DemoSandbox {
  info: SandboxInfo;
  /** The demo account of the service asked for (Posten's unless `service` said otherwise). */
  accountId: string;
  /** Every demo account the sandbox serves, by service. */
  accountIds: Partial<Record<DemoService, string>>;
  close(): Promise<void>;
}

/**
 * The out-of-the-box experience: on a first start (no account was ever added), or whenever a demo
 * account exists, run the local sandbox in-process and keep ready accounts pointed at it: Posten's
 * and, beside it, Rest PKI Core's (both stand-ins run in the one sandbox). Once every demo account
 * is removed the sandbox stops, and it is not started again (a removed account still counts as "an
 * account was added"); `accounts add demo [--service restpki]` (force) brings one back.
 *
 * Adding the Posten account turns on the sandbox's autosign (`autosignAfterSeconds`, default 30; null: off),
 * which the sandbox keeps in its own data and judges by its clock against each step's start whenever
 * it is called, so a job also signs "by itself" when the sandbox only runs inside each CLI command.
 * Rest PKI Core's signers sign on its signing page (a person's certificate is chosen there).
 */
export async function startDemoIfWanted(
  core: Core,
  /** shortLived: the sandbox lives only as long as this process (a CLI command), never long enough to move the account to. */
  options: { force?: boolean; service?: DemoService; autosignAfterSeconds?: number | null; shortLived?: boolean } = {},
): Promise<DemoSandbox | undefined> {
  const demos = listAccounts(core.db).filter((account) => account.isDemo);
  const firstStart = !anyAccountEverAdded(core.db);
  if (demos.length === 0 && !firstStart && !options.force) return undefined;
  const wanted = options.service ?? 'posten';

  const sandboxDir = join(core.config.dataDir, 'demo-sandbox');
  makePrivateFolder(sandboxDir);
  const sandbox = await startOnKeptPorts(core, sandboxDir, options.shortLived ?? false);
  const { info } = sandbox;
  const accountIds: Partial<Record<DemoService, string>> = {};
  for (const account of demos) if (account.provider === 'posten' || account.provider === 'restpki') accountIds[account.provider] ??= account.id;
  // `force` (asked for by name) adds the one asked for when it is missing; a host's first start gets both.
  const toAdd: DemoService[] = options.force ? (accountIds[wanted] ? [] : [wanted]) : firstStart ? ['posten', 'restpki'] : [];
  try {
    for (const service of toAdd) {
      if (service === 'posten') {
        const result = await addAccountForSandbox(core, info, { name: demoAccountName(core), isDemo: true });
        if (!result.ok) throw new Error(`Could not add the demo account: ${result.error.message}`);
        accountIds.posten = (result.value as { id: string }).id;
        await setDemoAutosign(info, options.autosignAfterSeconds === undefined ? DEMO_AUTOSIGN_AFTER_SECONDS : options.autosignAfterSeconds);
      } else {
        const result = await addRestPkiAccountForSandbox(core, info.restpki, { name: demoRestPkiAccountName(core), isDemo: true });
        if (!result.ok) throw new Error(`Could not add the Rest PKI Core demo account: ${result.error.message}`);
        accountIds.restpki = (result.value as { id: string }).id;
      }
    }
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  // The app's sandbox had to move to other ports (kept from now on), or the kept ones were lost.
  const addresses: Record<DemoService, string> = { posten: info.apiRoot, restpki: info.restpki.endpoint };
  for (const service of ['posten', 'restpki'] as const) {
    const id = accountIds[service];
    if (!id || toAdd.includes(service)) continue;
    const moved = core.db.prepare('UPDATE accounts SET api_root = ? WHERE id = ? AND api_root IS NOT ?').run(addresses[service], id, addresses[service]).changes > 0;
    if (moved) await core.sync.forgetClient(id);
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= sandbox.close());
  const served = Object.values(accountIds);
  const stopWatching = core.events.subscribe((event) => {
    if (event !== 'accounts.changed' || !core.db.open) return;
    const remaining = listAccounts(core.db).map((account) => account.id);
    if (served.some((id) => remaining.includes(id))) return;
    stopWatching();
    void close();
  });
  const accountId = accountIds[wanted] ?? accountIds.posten ?? accountIds.restpki;
  if (!accountId) {
    stopWatching();
    await close();
    return undefined;
  }
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

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxInfo } from '../../sandbox';
import type { Core } from '../core';
import { anyAccountEverAdded, listAccounts } from '../core/db/repositories/accounts';
import { makePrivateFolder } from '../core/private-files';
import type { AddPostenAccountInput } from '../../src-shared/contract';
import { catalogues } from '../../src-shared/i18n';
import { languageOf } from '../core/language';

/** The demo account is named in the language chosen when it is created: "Demo (lokal testtjeneste)". */
export const demoAccountName = (core: Core) => catalogues[languageOf(core.context)]['accounts.demoName'];

/** The demo's signers sign by themselves this long after their step starts, as the README promises. */
export const DEMO_AUTOSIGN_AFTER_SECONDS = 30;

/** Reuse last launch's ports so the demo account's API root and the sandbox's links stay valid. */
function previousPorts(sandboxDir: string): { port?: number; controlPort?: number } {
  const file = join(sandboxDir, 'sandbox.json');
  if (!existsSync(file)) return {};
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as SandboxInfo;
    return { port: Number(new URL(info.apiRoot).port), controlPort: Number(new URL(info.controlUrl).port) };
  } catch {
    return {};
  }
}

async function startOnPreviousPorts(sandboxDir: string): Promise<RunningSandbox> {
  const options = { dataDir: sandboxDir, emptyQueueDelaySeconds: 3 };
  try {
    return await startSandbox({ ...options, ...previousPorts(sandboxDir) });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    return startSandbox(options);
  }
}

/** Adds a Posten account that talks to a running sandbox, as a user would configure it. */
export function addAccountForSandbox(core: Core, info: SandboxInfo, extra: Partial<AddPostenAccountInput> & { name: string }) {
  return core.dispatch('accounts.addPosten', {
    environment: 'custom',
    apiRoot: info.apiRoot,
    organizationNumber: info.senderOrganizationNumber,
    certificate: { fileBase64: readFileSync(info.senderCertificate).toString('base64'), passphrase: info.senderCertificatePassword },
    caCertificatesPem: readFileSync(info.caCertificate, 'utf8'),
    serverOrganizationNumber: info.serverOrganizationNumber,
    ...extra,
  } satisfies AddPostenAccountInput);
}

/** Sets the running demo sandbox's autosign delay (null: off); the sandbox keeps it. */
export async function setDemoAutosign(info: SandboxInfo, afterSeconds: number | null): Promise<void> {
  const response = await fetch(`${info.controlUrl}/autosign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ afterSeconds }) });
  if (!response.ok) throw new Error(`Could not set up the demo's automatic signing: ${await response.text()}`);
}

export interface DemoSandbox {
  info: SandboxInfo;
  accountId: string;
  close(): Promise<void>;
}

/**
 * The out-of-the-box experience: on a first start (no account was ever added), or whenever the demo
 * account exists, run the local sandbox in-process and keep a ready account pointed at it. Once the
 * demo account is removed the sandbox stops, and it is not started again (a removed account still
 * counts as "an account was added"); `accounts add demo` (force) brings it back.
 *
 * Adding the account turns on the sandbox's autosign (`autosignAfterSeconds`, default 30; null: off),
 * which the sandbox keeps in its own data and judges by its clock against each step's start whenever
 * it is called, so a job also signs "by itself" when the sandbox only runs inside each CLI command.
 */
export async function startDemoIfWanted(core: Core, options: { force?: boolean; autosignAfterSeconds?: number | null } = {}): Promise<DemoSandbox | undefined> {
  const existing = listAccounts(core.db).find((account) => account.isDemo);
  if (!existing && anyAccountEverAdded(core.db) && !options.force) return undefined;

  const sandboxDir = join(core.config.dataDir, 'demo-sandbox');
  makePrivateFolder(sandboxDir);
  const sandbox = await startOnPreviousPorts(sandboxDir);
  const { info } = sandbox;
  let accountId = existing?.id;
  if (!accountId) {
    const result = await addAccountForSandbox(core, info, { name: demoAccountName(core), isDemo: true });
    if (!result.ok) {
      await sandbox.close();
      throw new Error(`Could not add the demo account: ${result.error.message}`);
    }
    accountId = (result.value as { id: string }).id;
    try {
      await setDemoAutosign(info, options.autosignAfterSeconds === undefined ? DEMO_AUTOSIGN_AFTER_SECONDS : options.autosignAfterSeconds);
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  } else {
    // The sandbox may have had to move to another port.
    core.db.prepare('UPDATE accounts SET api_root = ? WHERE id = ?').run(info.apiRoot, accountId);
    await core.sync.forgetClient(accountId);
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= sandbox.close());
  const demoAccountId = accountId;
  const stopWatching = core.events.subscribe((event) => {
    if (event !== 'accounts.changed' || !core.db.open || listAccounts(core.db).some((account) => account.id === demoAccountId)) return;
    stopWatching();
    void close();
  });
  return {
    info,
    accountId,
    close: () => {
      stopWatching();
      return close();
    },
  };
}

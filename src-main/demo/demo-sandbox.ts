import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxInfo } from '../../sandbox';
import type { Core } from '../core';
import { listAccounts } from '../core/db/repositories/accounts';
import { makePrivateFolder } from '../core/private-files';
import type { AddPostenAccountInput } from '../../src-shared/contract';

export const DEMO_ACCOUNT_NAME = 'Demo (local sandbox)';

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

export interface DemoSandbox {
  info: SandboxInfo;
  accountId: string;
  close(): Promise<void>;
}

/**
 * The out-of-the-box experience: on a first start with no accounts, or whenever the demo account
 * exists, run the local sandbox in-process and keep a ready account pointed at it.
 */
export async function startDemoIfWanted(core: Core, options: { force?: boolean; autosignAfterSeconds?: number } = {}): Promise<DemoSandbox | undefined> {
  const accounts = listAccounts(core.db);
  const existing = accounts.find((account) => account.isDemo);
  if (!existing && accounts.length > 0 && !options.force) return undefined;

  const sandboxDir = join(core.config.dataDir, 'demo-sandbox');
  makePrivateFolder(sandboxDir);
  const sandbox = await startOnPreviousPorts(sandboxDir);
  const { info } = sandbox;
  let accountId = existing?.id;
  if (!accountId) {
    const result = await addAccountForSandbox(core, info, { name: DEMO_ACCOUNT_NAME, isDemo: true });
    if (!result.ok) {
      await sandbox.close();
      throw new Error(`Could not add the demo account: ${result.error.message}`);
    }
    accountId = (result.value as { id: string }).id;
    if (options.autosignAfterSeconds !== undefined) {
      await fetch(`${info.controlUrl}/autosign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ afterSeconds: options.autosignAfterSeconds }) });
    }
  } else {
    // The sandbox may have had to move to another port.
    core.db.prepare('UPDATE accounts SET api_root = ? WHERE id = ?').run(info.apiRoot, accountId);
    await core.sync.forgetClient(accountId);
  }
  return { info, accountId, close: () => sandbox.close() };
}

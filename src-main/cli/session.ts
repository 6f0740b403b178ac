import { join } from 'node:path';
import { createCore, type Core } from '../core';
import { listAccounts } from '../core/db/repositories/accounts';
import { appVersion, osLanguage } from '../core/host/app-paths';
import { defaultSaveFolder } from '../core/filing/save-folder';
import { createFileSecretStore } from '../core/host/file-secret-store';
import { makePrivateFolder } from '../core/private-files';
import { createConsoleLogger, createRecordingNotifier, systemClock, type Logger } from '../core/ports';
import { startDemoIfWanted, type DemoSandbox } from '../demo/demo-sandbox';

const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface Session {
  core: Core;
  close(): Promise<void>;
}

/**
 * The core on the same database and secret file as the web host. The core's log stays quiet
 * unless SIGNING_DESK_LOG asks for it, so a failure is the one line the CLI prints.
 */
export async function openSession(dataDir: string, env: NodeJS.ProcessEnv, options: { talksToService: boolean }): Promise<Session> {
  makePrivateFolder(dataDir);
  const level = env.SIGNING_DESK_LOG;
  const core = createCore(
    {
      secrets: createFileSecretStore(join(dataDir, 'secrets.insecure.json')),
      notifier: createRecordingNotifier(),
      saveTarget: { defaultFolder: (language) => defaultSaveFolder(dataDir, language) },
      clock: systemClock,
      logger: level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? createConsoleLogger(level) : quietLogger,
    },
    { dataDir, host: 'cli', version: appVersion(), osLanguage: osLanguage(env) },
  );
  let demo: DemoSandbox | undefined;
  try {
    // A demo account's sandbox lives inside the process, so every command that talks to the
    // service starts it again; the CLI never adds the demo account on its own.
    if (options.talksToService && listAccounts(core.db).some((account) => account.isDemo)) demo = await startDemoIfWanted(core, { shortLived: true });
  } catch (error) {
    await core.close();
    throw error;
  }
  return {
    core,
    async close() {
      await core.close();
      await demo?.close();
    },
  };
}

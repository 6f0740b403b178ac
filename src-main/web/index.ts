import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCore, type Core } from '../core';
import { appVersion, findAppRoot, osLanguage } from '../core/host/app-paths';
import { defaultSaveFolder } from '../core/filing/save-folder';
import { createFileSecretStore } from '../core/host/file-secret-store';
import { createConsoleLogger, createRecordingNotifier, systemClock, type Logger } from '../core/ports';
import { startWebServer } from './server';
import { startDemoIfWanted, type DemoSandbox, type DemoService } from '../demo/demo-sandbox';

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  logger?: Logger;
  /** Where the built renderer lives; defaults to `<app root>/dist/renderer`. */
  rendererDir?: string;
  /** Start the local sandbox with a demo account on a first start (default true). */
  demo?: boolean;
  /** Which services get a demo account on a first start (default Posten's alone; `npm start` asks for every one). */
  demoServices?: readonly DemoService[];
  /** Background outbox/poll/download passes (default true). */
  backgroundSync?: boolean;
}

export interface WebHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  core: Core;
  /** Calls `listener` each time a tab connects; returns the way to stop. */
  onConnection(listener: () => void): () => void;
  demo?: DemoSandbox;
  notifications: ReturnType<typeof createRecordingNotifier>;
  close(): Promise<void>;
}

/**
 * The web host runs on the user's own machine, so "show in folder" can still open the desktop's
 * file manager when there is a desktop; the browser itself cannot. It opens the folder that holds
 * the file, never the file itself: xdg-open on a file would run its default application.
 */
async function openContainingFolder(file: string): Promise<boolean> {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const folder = dirname(file);
  if (!hasDisplay || !statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return false;
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  return new Promise((resolve) => {
    const child = spawn(command, [folder], { detached: true, stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/** The same core as the Electron app, served to a browser tab over a token-protected loopback WebSocket. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const root = findAppRoot();
  const notifications = createRecordingNotifier();
  const core = createCore(
    {
      secrets: createFileSecretStore(join(options.dataDir, 'secrets.insecure.json')),
      notifier: notifications,
      saveTarget: { defaultFolder: (language) => defaultSaveFolder(options.dataDir, language), showInFolder: openContainingFolder },
      clock: systemClock,
      logger: options.logger ?? createConsoleLogger('warn'),
    },
    { dataDir: options.dataDir, host: 'web', version: appVersion(root), osLanguage: osLanguage(), backgroundSync: options.backgroundSync ?? true },
  );
  let demo: DemoSandbox | undefined;
  try {
    if (options.demo ?? true) demo = await startDemoIfWanted(core, { autosignAfterSeconds: 30, services: options.demoServices });
    const server = await startWebServer({
      dispatcher: core,
      rendererDir: options.rendererDir ?? join(root, 'dist', 'renderer'),
      port: options.port,
    });
    return {
      url: server.url,
      origin: server.origin,
      token: server.token,
      port: server.port,
      onConnection: (listener) => server.onConnection(listener),
      core,
      demo,
      notifications,
      async close() {
        await server.close();
        await core.close();
        await demo?.close();
      },
    };
  } catch (error) {
    await core.close();
    await demo?.close();
    throw error;
  }
}

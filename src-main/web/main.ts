import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/host/app-paths';
import { makePrivateFolder } from '../core/private-files';
import { appWindowArguments, installedChromium, writeLaunchPage, type LaunchPage } from './app-window';
import { startWebHost, type WebHost } from './index';

/** Entry point of the web host: `node dist/web/main.mjs [--data-dir DIR] [--port N] [--no-open]`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
    },
  });
  const dataDir = resolveDataDir(values['data-dir']);
  makePrivateFolder(dataDir);
  const host = await startWebHost({ dataDir, port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`Signing Desk is running at ${host.url}\nData folder: ${dataDir}\n`);
  const launchPage = values['no-open'] ? undefined : openAppWindow(host, dataDir);

  const stop = async () => {
    launchPage?.remove();
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** A Chromium `--app` window looks like a desktop app; only when there is a display to show it on. */
function openAppWindow(host: WebHost, dataDir: string): LaunchPage | undefined {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) {
    process.stdout.write('No display found: open the address above in a browser.\n');
    return undefined;
  }
  const chromium = installedChromium();
  if (!chromium) {
    process.stdout.write('No Chromium found: open the address above in a browser.\n');
    return undefined;
  }
  const launchPage = writeLaunchPage(dataDir, host.url, host.onConnection);
  const child = spawn(chromium, appWindowArguments(launchPage.file, dataDir), { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stdout.write('Could not open Chromium: open the address above in a browser.\n'));
  child.unref();
  return launchPage;
}

main().catch((error: unknown) => {
  process.stderr.write(`Signing Desk could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

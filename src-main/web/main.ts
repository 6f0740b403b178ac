import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createTranslator, resolveLanguage, type Translate } from '../../src-shared/i18n';
import { osLanguage, resolveDataDir } from '../core/host/app-paths';
import { languageOf } from '../core/language';
import { makePrivateFolder } from '../core/private-files';
import { appWindowArguments, installedChromium, writeLaunchPage, type LaunchPage } from './app-window';
import { startWebHost } from './index';
import { DEMO_SERVICES } from '../demo/demo-sandbox';

const say = (line: string) => process.stdout.write(`${line}\n`);

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
  const host = await startWebHost({ dataDir, port: values.port ? Number(values.port) : 0, demoServices: DEMO_SERVICES });
  const t = createTranslator(languageOf(host.core.context));

  // The address with its token is the key to this session. A terminal shows it to the user alone;
  // output that goes to a file, a pipe or a service's journal is a log, which is kept and may be read
  // by others. There the address is printed without the token, and the launch page (private to the
  // user, see app-window.ts) carries it instead.
  const toTerminal = process.stdout.isTTY === true;
  const wantsWindow = !values['no-open'];
  const launchPage = wantsWindow || !toTerminal ? writeLaunchPage(dataDir, host.url, host.onConnection) : undefined;
  const howToOpen = () => (launchPage && !toTerminal ? t('webHost.openLaunchPage', { page: pathToFileURL(launchPage.file).href }) : t('webHost.openAddress'));
  say(t('webHost.running', { address: toTerminal ? host.url : `${host.origin}/` }));
  say(t('webHost.dataFolder', { folder: dataDir }));
  if (launchPage && wantsWindow) openAppWindow(launchPage, dataDir, t, howToOpen);
  else if (!toTerminal) say(howToOpen());

  const stop = async () => {
    launchPage?.remove();
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** A Chromium `--app` window looks like a desktop app; only when there is a display to show it on. */
function openAppWindow(launchPage: LaunchPage, dataDir: string, t: Translate, howToOpen: () => string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) {
    say(`${t('webHost.noDisplay')} ${howToOpen()}`);
    return;
  }
  const chromium = installedChromium();
  if (!chromium) {
    say(`${t('webHost.noChromium')} ${howToOpen()}`);
    return;
  }
  const child = spawn(chromium, appWindowArguments(launchPage.file, dataDir), { detached: true, stdio: 'ignore' });
  child.on('error', () => say(`${t('webHost.chromiumFailed')} ${howToOpen()}`));
  child.unref();
}

main().catch((error: unknown) => {
  const t = createTranslator(resolveLanguage('system', osLanguage()));
  process.stderr.write(`${t('webHost.couldNotStart', { reason: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});

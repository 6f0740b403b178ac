// The Electron host: the shipped desktop app. It owns windows, the app:// protocol, the tray and
// the OS integrations, and serves the same core as the web host over sender-checked IPC. Every
// decision that can be made without Electron lives in a sibling module with its own tests.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, safeStorage, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { channelOf, type Settings } from '../../src-shared/contract';
import { createCore, type Core } from '../core';
import { createConsoleLogger, systemClock, type Ports } from '../core/ports';
import { DEMO_SERVICES, startDemoIfWanted, type DemoSandbox } from '../demo/demo-sandbox';
import { APP_SCHEME, resolveAppRequest } from './app-protocol';
import { createAppWindow, revealWindow } from './app-window';
import { securityHeaders } from './csp';
import { createEncryptedFileSecretStore, keychainWarning } from './encrypted-secret-store';
import { createInvokeHandler, methodChannelMap } from './ipc-guard';
import { chooseDataDir } from './launch-options';
import { buildMenuTemplate, menuLanguageOf } from './menu-template';
import { installSessionGuards, installWebContentsGuards, openExternalIfAllowed } from './security';
import type { SenderInfo } from './sender-check';
import { TrayNotifier } from './tray';

const APP_NAME = 'Signing Desk';
const HELP_URL = 'https://signering-docs.readme.io/';

const logger = createConsoleLogger(process.env.SIGNING_DESK_LOG_LEVEL === 'debug' ? 'debug' : 'info');
const isDevelopment = !app.isPackaged;

app.setName(APP_NAME);
// Every renderer (popups included) runs in the OS sandbox, whatever a window's own settings say.
app.enableSandbox();

const dataDir = chooseDataDir({ argv: process.argv, env: process.env, userDataDir: app.getPath('userData') });
if (dataDir !== app.getPath('userData')) {
  // A separate data dir gets its own Chromium profile, and with it its own single-instance lock:
  // two launches on two data dirs (tests, a second account set) do not fold into one.
  app.setPath('userData', join(dataDir, 'chromium-profile'));
}

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
installWebContentsGuards(logger);

const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');
const preloadPath = join(appRoot, 'dist', 'electron', 'preload.cjs');
const iconDir = app.isPackaged ? join(process.resourcesPath, 'tray') : join(appRoot, 'resources', 'tray');
const windowIconPath = join(appRoot, 'resources', 'icons', '256x256.png');

let mainWindow: BrowserWindow | undefined;
let core: Core | undefined;
let demo: DemoSandbox | undefined;
const ownWebContentsIds = new Set<number>();
let language: 'nb' | 'en' = 'en';

/** Tray click, notification click or a second launch: show the window, reopening it if closed. */
function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) revealWindow(mainWindow);
  else if (core) openMainWindow();
}

const tray = new TrayNotifier({ iconDir, appName: APP_NAME, logger, onOpen: showMainWindow, onQuit: () => app.quit() });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.error('[app] could not start', { error: error instanceof Error ? error.stack : message });
  dialog.showErrorBox(`${APP_NAME} could not start`, message);
  app.exit(1);
}

function senderInfoOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame !== undefined && frame.parent === null,
    webContentsId: event.sender.id,
    knownWebContentsIds: ownWebContentsIds,
  };
}

function createPorts(): Ports {
  const secretsPath = join(dataDir, 'secrets.enc.json');
  return {
    secrets: createEncryptedFileSecretStore(secretsPath, safeStorage),
    notifier: tray,
    saveTarget: {
      defaultFolder: () => {
        try {
          return join(app.getPath('documents'), APP_NAME);
        } catch {
          return join(dataDir, 'saved');
        }
      },
      async chooseFolder(defaultPath) {
        const options = { defaultPath, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled ? undefined : result.filePaths[0];
      },
      // Selects the file in the file manager; shell.openPath would run the file's default application.
      async showInFolder(file) {
        if (!existsSync(file)) return false;
        shell.showItemInFolder(file);
        return true;
      },
    },
    clock: systemClock,
    logger,
  };
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const headers = securityHeaders();
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
    const resolved = resolveAppRequest(request.url, rendererDir);
    if (resolved.kind !== 'file') {
      logger.warn('[protocol] refused a request', { url: request.url.slice(0, 200), reason: resolved.reason });
      return new Response('Not found', { status: resolved.kind === 'forbidden' ? 403 : 404, headers });
    }
    try {
      const body = await readFile(resolved.path);
      return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'content-type': resolved.contentType } });
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
  });
}

function registerIpc(dispatcher: Core): void {
  for (const [channel, method] of methodChannelMap()) {
    const handle = createInvokeHandler(dispatcher, method, logger);
    ipcMain.handle(channel, (event, input: unknown) => handle(senderInfoOf(event), input));
  }
  dispatcher.subscribe((event, payload) => {
    const channel = channelOf(event);
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed() && ownWebContentsIds.has(window.webContents.id)) window.webContents.send(channel, payload);
    }
  });
}

function applyMenu(): void {
  const template = buildMenuTemplate({
    platform: process.platform,
    appName: APP_NAME,
    language,
    isDevelopment,
    actions: {
      openDataFolder: () => void shell.openPath(dataDir),
      openHelp: () => openExternalIfAllowed(HELP_URL, logger),
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function applySettings(settings: Settings, osLanguage: string): void {
  language = menuLanguageOf(settings.language, osLanguage);
  nativeTheme.themeSource = settings.theme;
  tray.setLanguage(language);
  applyMenu();
}

function openMainWindow(): BrowserWindow {
  const window = createAppWindow({
    preloadPath,
    windowStatePath: join(dataDir, 'window-state.json'),
    ...(existsSync(windowIconPath) ? { iconPath: windowIconPath } : {}),
    isDevelopment,
    logger,
  });
  const id = window.webContents.id;
  ownWebContentsIds.add(id);
  window.on('closed', () => {
    ownWebContentsIds.delete(id);
    if (mainWindow === window) mainWindow = undefined;
  });
  mainWindow = window;
  return window;
}

async function start(): Promise<void> {
  installSessionGuards(logger);
  serveRenderer();

  if (process.platform === 'linux') {
    const warning = keychainWarning('linux', safeStorage.getSelectedStorageBackend());
    if (warning) logger.warn(`[secrets] ${warning}`);
  }

  const osLanguage = app.getPreferredSystemLanguages()[0] ?? app.getLocale();
  tray.show();
  try {
    core = createCore(createPorts(), { dataDir, host: 'electron', version: app.getVersion(), osLanguage, backgroundSync: true });
  } catch (error) {
    fatal(error);
    return;
  }
  logger.info('[app] started', { dataDir, version: app.getVersion() });
  registerIpc(core);

  const settings = await core.dispatch('settings.get', {});
  if (settings.ok) applySettings(settings.value as Settings, osLanguage);
  else applyMenu();
  core.subscribe((event, payload) => {
    if (event === 'settings.changed') applySettings(payload as Settings, osLanguage);
  });

  openMainWindow();
  // The window does not wait for the demo sandbox; its account appears (accounts.changed) when ready.
  startDemoIfWanted(core, { autosignAfterSeconds: 30, services: DEMO_SERVICES }).then(
    (started) => (demo = started),
    (error: unknown) => logger.error('[demo] the local sandbox could not start', { error: error instanceof Error ? error.message : String(error) }),
  );
  app.on('activate', () => {
    if (!mainWindow) openMainWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  tray.destroy();
  void core?.close().then(() => demo?.close());
});

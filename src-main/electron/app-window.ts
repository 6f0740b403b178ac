import { BrowserWindow, nativeTheme, screen } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/ports';
import { APP_ENTRY_URL } from './app-protocol';
import { clampWindowState, MIN_HEIGHT, MIN_WIDTH, parseWindowState, serializeWindowState, type WindowState } from './window-state';
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../core/private-files';

export interface AppWindowOptions {
  preloadPath: string;
  windowStatePath: string;
  iconPath?: string;
  isDevelopment: boolean;
  logger: Logger;
}

function readState(path: string): WindowState | undefined {
  try {
    return existsSync(path) ? parseWindowState(readFileSync(path, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

function writeState(path: string, state: WindowState, logger: Logger): void {
  try {
    makePrivateFolder(dirname(path));
    writeFileSync(`${path}.tmp`, serializeWindowState(state), { mode: PRIVATE_FILE_MODE });
    renameSync(`${path}.tmp`, path);
  } catch (error) {
    logger.warn('[window] could not save the window position', { error: String(error) });
  }
}

/** The main window: locked-down web preferences, geometry restored from (and saved to) the data dir. */
export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays().filter((d) => d.id !== screen.getPrimaryDisplay().id)];
  const state = clampWindowState(readState(options.windowStatePath), displays);

  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Signing Desk',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111827' : '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.isDevelopment,
    },
  });

  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    writeState(options.windowStatePath, { bounds: window.getNormalBounds(), maximized: window.isMaximized() }, options.logger);
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', saveSoon);
  window.on('close', () => {
    clearTimeout(saveTimer);
    save();
  });

  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Brings an existing window to the front (second instance, tray click, notification click). */
export function revealWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}

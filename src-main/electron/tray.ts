import { app, Menu, nativeImage, nativeTheme, Notification, Tray } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, NotificationRequest, Notifier } from '../core/ports';
import { badgeCount, trayIconFileName, trayTooltip } from './tray-model';

export interface TrayPresenterOptions {
  iconDir: string;
  appName: string;
  logger: Logger;
  onOpen(): void;
  onQuit(): void;
}

/**
 * The Notifier port in Electron: OS notifications plus a tray icon and badge that show how many
 * jobs need attention. Counts that arrive before the tray exists are kept and shown on creation.
 */
export class TrayNotifier implements Notifier {
  #tray: Tray | undefined;
  #count = 0;
  #language: 'nb' | 'en' = 'en';
  readonly #options: TrayPresenterOptions;

  constructor(options: TrayPresenterOptions) {
    this.#options = options;
  }

  /** Call after `ready`. A desktop without a tray (some Linux shells) just gets no icon. */
  show(): void {
    try {
      this.#tray = new Tray(this.#image());
      this.#tray.on('click', () => this.#options.onOpen());
      nativeTheme.on('updated', () => this.#refresh());
      this.#refresh();
    } catch (error) {
      this.#options.logger.warn('[tray] no tray icon on this desktop', { error: String(error) });
    }
  }

  setLanguage(language: 'nb' | 'en'): void {
    this.#language = language;
    this.#refresh();
  }

  setAttentionCount(count: number): void {
    this.#count = count;
    this.#refresh();
  }

  notify(notification: NotificationRequest): void {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notification.title, body: notification.body });
    shown.on('click', () => this.#options.onOpen());
    shown.show();
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = undefined;
  }

  #image() {
    const file = join(this.#options.iconDir, trayIconFileName({ darkPanel: nativeTheme.shouldUseDarkColors, attentionCount: this.#count }, process.platform));
    if (!existsSync(file)) this.#options.logger.warn('[tray] icon file missing', { file });
    const image = nativeImage.createFromPath(file);
    if (process.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }

  #refresh(): void {
    app.setBadgeCount(badgeCount(this.#count));
    if (!this.#tray || this.#tray.isDestroyed()) return;
    this.#tray.setImage(this.#image());
    this.#tray.setToolTip(trayTooltip(this.#options.appName, this.#count, this.#language));
    const open = this.#language === 'nb' ? 'Åpne Signing Desk' : 'Open Signing Desk';
    const quit = this.#language === 'nb' ? 'Avslutt' : 'Quit';
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: open, click: () => this.#options.onOpen() },
        { type: 'separator' },
        { label: quit, click: () => this.#options.onQuit() },
      ]),
    );
  }
}

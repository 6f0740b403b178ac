/**
 * The application menu as plain data, so it can be checked without Electron. The shapes are a
 * subset of Electron's MenuItemConstructorOptions; main.ts hands the result to Menu.buildFromTemplate.
 */

export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front';

export interface MenuItemSpec {
  id?: string;
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export type MenuLanguage = 'nb' | 'en';

export interface MenuActions {
  openDataFolder(): void;
  openHelp(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  language: MenuLanguage;
  /** Reload and developer tools only appear in unpackaged builds. */
  isDevelopment: boolean;
  actions: MenuActions;
}

const labels = {
  en: { file: 'File', edit: 'Edit', view: 'View', window: 'Window', help: 'Help', openDataFolder: 'Show Data Folder', help_: 'Signing Desk Help', about: 'About Signing Desk' },
  nb: { file: 'Fil', edit: 'Rediger', view: 'Vis', window: 'Vindu', help: 'Hjelp', openDataFolder: 'Vis datamappen', help_: 'Hjelp for Signing Desk', about: 'Om Signing Desk' },
} as const;

const separator: MenuItemSpec = { type: 'separator' };

export function buildMenuTemplate(options: MenuOptions): MenuItemSpec[] {
  const t = labels[options.language];
  const mac = options.platform === 'darwin';
  const template: MenuItemSpec[] = [];

  if (mac) {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
    });
  }

  template.push({
    id: 'file',
    label: t.file,
    submenu: [
      { id: 'open-data-folder', label: t.openDataFolder, click: () => options.actions.openDataFolder() },
      separator,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });

  template.push({
    id: 'edit',
    label: t.edit,
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, separator, { role: 'selectAll' }],
  });

  template.push({
    id: 'view',
    label: t.view,
    submenu: [
      ...(options.isDevelopment ? [{ role: 'reload' as const }, { role: 'forceReload' as const }, { role: 'toggleDevTools' as const }, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });

  template.push({
    id: 'window',
    label: t.window,
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });

  template.push({
    id: 'help',
    label: t.help,
    submenu: [
      { id: 'open-help', label: t.help_, click: () => options.actions.openHelp() },
      ...(mac ? [] : [separator, { role: 'about' as const, label: t.about }]),
    ],
  });

  return template;
}

/** The menu follows the app's language setting; "system" resolves through the OS language. */
export function menuLanguageOf(setting: string | undefined, osLanguage: string): MenuLanguage {
  if (setting === 'nb' || setting === 'en') return setting;
  return /^(nb|no|nn)\b/i.test(osLanguage) ? 'nb' : 'en';
}

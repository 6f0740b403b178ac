import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMenuTemplate, menuLanguageOf, type MenuItemSpec, type MenuOptions } from '../../src-main/electron/menu-template';
import { badgeCount, trayIconFileName, trayTooltip } from '../../src-main/electron/tray-model';

function options(overrides: Partial<MenuOptions> = {}) {
  const clicked: string[] = [];
  const base: MenuOptions = {
    platform: 'linux',
    appName: 'Signing Desk',
    language: 'en',
    isDevelopment: false,
    actions: { openDataFolder: () => void clicked.push('data'), openHelp: () => void clicked.push('help') },
    ...overrides,
  };
  return { options: base, clicked };
}

const flatten = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
const roles = (items: MenuItemSpec[]) => flatten(items).map((i) => i.role).filter(Boolean);

test('Windows/Linux menu: File, Edit, View, Window, Help with quit in File', () => {
  const { options: o } = options();
  const menu = buildMenuTemplate(o);
  assert.deepEqual(menu.map((m) => m.label), ['File', 'Edit', 'View', 'Window', 'Help']);
  assert.ok(menu[0]!.submenu!.some((i) => i.role === 'quit'));
  assert.ok(roles(menu).includes('about'));
});

test('macOS menu starts with the app menu and keeps quit there', () => {
  const { options: o } = options({ platform: 'darwin' });
  const menu = buildMenuTemplate(o);
  assert.equal(menu[0]!.label, 'Signing Desk');
  assert.ok(menu[0]!.submenu!.some((i) => i.role === 'quit'));
  assert.ok(!menu[1]!.submenu!.some((i) => i.role === 'quit'), 'File has Close, not Quit, on macOS');
  assert.equal(roles(menu).filter((r) => r === 'about').length, 1);
});

test('developer tools and reload only in development builds', () => {
  assert.ok(!roles(buildMenuTemplate(options().options)).includes('toggleDevTools'));
  assert.ok(!roles(buildMenuTemplate(options().options)).includes('reload'));
  assert.ok(roles(buildMenuTemplate(options({ isDevelopment: true }).options)).includes('toggleDevTools'));
});

test('custom items call their actions', () => {
  const { options: o, clicked } = options();
  const items = flatten(buildMenuTemplate(o));
  items.find((i) => i.id === 'open-data-folder')!.click!();
  items.find((i) => i.id === 'open-help')!.click!();
  assert.deepEqual(clicked, ['data', 'help']);
});

test('Norwegian labels, and every item has either a role, a label or is a separator', () => {
  const menu = buildMenuTemplate(options({ language: 'nb' }).options);
  assert.deepEqual(menu.map((m) => m.label), ['Fil', 'Rediger', 'Vis', 'Vindu', 'Hjelp']);
  for (const item of flatten(menu)) assert.ok(item.role || item.label || item.type === 'separator', JSON.stringify(item));
});

test('menu language follows the setting, then the OS', () => {
  assert.equal(menuLanguageOf('nb', 'en-US'), 'nb');
  assert.equal(menuLanguageOf('en', 'nb-NO'), 'en');
  assert.equal(menuLanguageOf('system', 'nb-NO'), 'nb');
  assert.equal(menuLanguageOf('system', 'no'), 'nb');
  assert.equal(menuLanguageOf('system', 'nn-NO'), 'nb');
  assert.equal(menuLanguageOf('system', 'de-DE'), 'en');
  assert.equal(menuLanguageOf(undefined, 'sv-SE'), 'en');
});

test('tray icon file follows panel colour, attention and platform', () => {
  assert.equal(trayIconFileName({ darkPanel: false, attentionCount: 0 }, 'linux'), 'tray-light.png');
  assert.equal(trayIconFileName({ darkPanel: true, attentionCount: 0 }, 'win32'), 'tray-dark.png');
  assert.equal(trayIconFileName({ darkPanel: true, attentionCount: 3 }, 'linux'), 'tray-dark-attention.png');
  assert.equal(trayIconFileName({ darkPanel: true, attentionCount: 0 }, 'darwin'), 'trayTemplate.png');
  assert.equal(trayIconFileName({ darkPanel: false, attentionCount: 1 }, 'darwin'), 'trayAttentionTemplate.png');
});

test('tray tooltip and badge', () => {
  assert.equal(trayTooltip('Signing Desk', 0, 'en'), 'Signing Desk');
  assert.equal(trayTooltip('Signing Desk', 1, 'en'), 'Signing Desk – 1 job needs attention');
  assert.equal(trayTooltip('Signing Desk', 4, 'en'), 'Signing Desk – 4 jobs need attention');
  assert.equal(trayTooltip('Signing Desk', 4, 'nb'), 'Signing Desk – 4 oppdrag trenger oppfølging');
  assert.equal(badgeCount(-1), 0);
  assert.equal(badgeCount(5), 5);
  assert.equal(badgeCount(1000), 99);
});

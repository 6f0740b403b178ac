// The web host opens its UI in a Chromium `--app` window. The per-launch token must not be on
// Chromium's command line: /proc/<pid>/cmdline, and so `ps`, shows every process's arguments to
// every user of the PC. A one-time code on the command line would not help either: another user
// watching `ps` could redeem it before Chromium does.
//
// So Chromium opens a small page in the data folder instead, which only this user can read (0600
// in the 0700 data folder, like the database and the secrets beside it). The page sends the window
// on to the app's address with the token; the renderer then takes the token out of the address
// bar (src-renderer/bridge/token.ts). The page is deleted as soon as a tab has connected, and when
// the host stops.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { keepPrivate, PRIVATE_FILE_MODE } from '../core/private-files';

export const LAUNCH_PAGE_NAME = 'open-signing-desk.html';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface LaunchPage {
  file: string;
  /** Deletes the page (again is fine). */
  remove(): void;
}

/** Writes the launch page for `appUrl` (the address with its token); removed once `onConnection` fires. */
export function writeLaunchPage(dataDir: string, appUrl: string, onConnection: (listener: () => void) => () => void): LaunchPage {
  const file = join(dataDir, LAUNCH_PAGE_NAME);
  rmSync(file, { force: true }); // a page left by a crash: never write into a file someone else may have made
  const html = [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${escapeHtml(appUrl)}">`,
    '<title>Signing Desk</title>',
    '',
  ].join('\n');
  writeFileSync(file, html, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  keepPrivate(file, 'file');
  let stop = () => {};
  const remove = () => {
    stop();
    rmSync(file, { force: true });
  };
  stop = onConnection(remove);
  return { file, remove };
}

/** Chromium's arguments for the app window: the launch page's file URL, never the token. */
export function appWindowArguments(launchPage: string, dataDir: string): string[] {
  return [
    `--app=${pathToFileURL(launchPage).href}`,
    `--user-data-dir=${join(dataDir, 'browser-profile')}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export const installedChromium = (): string | undefined =>
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => existsSync(path));

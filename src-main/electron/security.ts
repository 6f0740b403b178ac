import { app, session, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/ports';
import { allowedExternalUrl } from './external-links';

/** Hands an allowlisted https link to the system browser; anything else is dropped and logged. */
export function openExternalIfAllowed(url: string, logger: Logger): void {
  const safe = allowedExternalUrl(url);
  if (!safe) {
    logger.warn('[security] refused to open a link', { url: url.slice(0, 200) });
    return;
  }
  void shell.openExternal(safe);
}

function lockDownContents(contents: WebContents, logger: Logger): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('[security] blocked a <webview>');
  });
  // The renderer routes inside the page; any real navigation would replace our own document
  // (and with it the preload's trust), so it never happens. Allowlisted links go to the browser.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    logger.info('[security] blocked a navigation', { url: event.url.slice(0, 200) });
    openExternalIfAllowed(event.url, logger);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    logger.warn('[security] blocked a redirect', { url: event.url.slice(0, 200) });
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url, logger);
    return { action: 'deny' };
  });
}

function denyAllPermissions(target: Session, logger: Logger): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.info('[security] denied a permission request', { permission });
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}

/** Must run before `ready`, so no window can exist without these guards. */
export function installWebContentsGuards(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, logger));
}

/** Needs `ready` (sessions exist only then). */
export function installSessionGuards(logger: Logger): void {
  denyAllPermissions(session.defaultSession, logger);
}

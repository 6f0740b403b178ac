const STORAGE_KEY = 'signing-desk.token';

/**
 * The web host's per-launch token arrives as `?token=` in the URL. Keep it for this tab only
 * (sessionStorage survives a reload, not a new browser session) and take it out of the address bar
 * so it does not end up in bookmarks, history or screenshots.
 */
export function takeToken(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

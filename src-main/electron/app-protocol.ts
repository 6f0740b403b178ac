import * as nodePath from 'node:path';

/** The renderer lives at app://signing-desk/…; a standard, secure scheme instead of file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'signing-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppRequestResolution =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'not-found'; reason: string }
  | { kind: 'forbidden'; reason: string };

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return contentTypes[nodePath.extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// request URL to a file under the renderer folder, or says why not.
 * WHATWG URL parsing already folds `..` segments, but percent-encoded separators (`%2F`, `%5C`)
 * survive it and only turn into separators when decoded, so the decoded path is checked again
 * against the root. `pathApi` is injectable so the Windows rules can be tested on Linux.
 */
export function resolveAppRequest(requestUrl: string, rootDir: string, pathApi: nodePath.PlatformPath = nodePath): AppRequestResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'forbidden', reason: 'unparsable URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:`) return { kind: 'forbidden', reason: `wrong scheme ${url.protocol}` };
  if (url.host !== APP_HOST) return { kind: 'forbidden', reason: `unknown host ${url.host}` };

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { kind: 'forbidden', reason: 'NUL in path' };

  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = pathApi.resolve(rootDir);
  const target = pathApi.resolve(root, relativePath);
  const fromRoot = pathApi.relative(root, target);
  if (fromRoot === '' || fromRoot.startsWith('..') || pathApi.isAbsolute(fromRoot)) {
    return { kind: 'forbidden', reason: 'path escapes the renderer folder' };
  }
  // The renderer routes in the page itself: an extension-less path is a client route, not a file.
  if (pathApi.extname(target) === '') {
    const index = pathApi.join(root, 'index.html');
    return { kind: 'file', path: index, contentType: contentTypeOf(index) };
  }
  return { kind: 'file', path: target, contentType: contentTypeOf(target) };
}

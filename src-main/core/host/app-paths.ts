import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_NAME = 'Signing Desk';
export const DATA_DIR_ENV = 'SIGNING_DESK_DATA_DIR';

/** The per-user app data folder, the same one Electron's `app.getPath('userData')` picks. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** `--data-dir DIR` wins, then the environment variable, then the platform default. */
export function resolveDataDir(flag: string | undefined, env = process.env): string {
  return resolve(flag ?? env[DATA_DIR_ENV] ?? defaultDataDir(process.platform, env));
}

/**
 * The folder holding package.json. Found by walking up, because the same code runs from source
 * (tsx) and from the bundles in dist/, at different depths.
 */
export function findAppRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'signing-desk') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the Signing Desk folder above ${from}`);
    dir = parent;
  }
}

export function appVersion(root = findAppRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export function osLanguage(env = process.env): string {
  const fromEnv = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const tag = fromEnv?.split('.')[0]?.replace('_', '-');
  return tag && tag !== 'C' && tag !== 'POSIX' ? tag : Intl.DateTimeFormat().resolvedOptions().locale;
}

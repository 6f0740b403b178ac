// What the app keeps on disk (identity numbers and e-mails in the database, signed documents, the
// demo certificate's password) is for the user who runs it only: folders 0700, files 0600,
// whatever the umask. Windows keeps the per-user profile private already and has no such modes,
// so nothing is chmod-ed there. Every place the app creates a folder or a file goes through here.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const hasUnixModes = process.platform !== 'win32';

/** Creates `folder` and any missing parents, readable by the user only; returns the first folder it created. */
export function makePrivateFolder(folder: string): string | undefined {
  // mkdir applies the mode (less the umask, which only ever removes bits) to every folder it creates.
  return mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

export function makePrivateFolderAsync(folder: string): Promise<string | undefined> {
  return mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/**
 * Narrows what an older version (or a umask) left readable to others. Best effort: a folder the
 * user does not own (a shared /tmp given as data folder) keeps its mode.
 */
export function keepPrivate(path: string, kind: 'folder' | 'file'): void {
  if (!hasUnixModes) return;
  try {
    chmodSync(path, kind === 'folder' ? PRIVATE_FOLDER_MODE : PRIVATE_FILE_MODE);
  } catch {
    // missing, or not ours: see above
  }
}

export async function keepPrivateAsync(path: string, kind: 'folder' | 'file'): Promise<void> {
  if (!hasUnixModes) return;
  await chmod(path, kind === 'folder' ? PRIVATE_FOLDER_MODE : PRIVATE_FILE_MODE).catch(() => undefined);
}

/** Creates an empty file readable by the user only, when there is none (SQLite then keeps that mode). */
export function createPrivateFileIfMissing(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

// The web host's save dialog has no native picker: it checks what the user types and may create
// the one missing folder at the end of it. Never a whole path (mkdir -p): a typo in the middle of
// a path should show as "missing", not quietly grow a tree of folders.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderCheck } from '../../../src-shared/contract';
import { CoreError } from '../errors';

async function kindOf(target: string): Promise<'folder' | 'other' | 'none'> {
  try {
    return (await stat(target)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the path is a file, so nothing can be there.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'none';
    throw error;
  }
}

async function writable(folder: string): Promise<boolean> {
  try {
    await access(folder, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function checkFolder(typed: string): Promise<FolderCheck> {
  if (!path.isAbsolute(typed)) return { path: typed, state: 'not-absolute' };
  const folder = path.resolve(typed);
  const kind = await kindOf(folder);
  if (kind === 'folder') return { path: folder, state: (await writable(folder)) ? 'exists' : 'not-writable' };
  if (kind === 'other') return { path: folder, state: 'not-a-folder' };
  const parent = path.dirname(folder);
  if (parent === folder || (await kindOf(parent)) !== 'folder') return { path: folder, state: 'missing' };
  return { path: folder, state: (await writable(parent)) ? 'can-create' : 'not-writable' };
}

const refusal: Record<Exclude<FolderCheck['state'], 'exists' | 'can-create'>, string> = {
  missing: 'The folder it would go in does not exist either; Signing Desk creates only the last folder of a path.',
  'not-a-folder': 'There is a file by that name.',
  'not-writable': 'Signing Desk may not write there.',
  'not-absolute': 'The folder must be given as a whole path.',
};

/** Creates the last level only, private to the user (0700); an existing folder is fine. */
export async function createFolder(typed: string): Promise<FolderCheck> {
  const check = await checkFolder(typed);
  if (check.state === 'exists') return check;
  if (check.state !== 'can-create') throw new CoreError('CONFLICT', `Could not create ${check.path}: ${refusal[check.state]}`);
  try {
    await mkdir(check.path, { mode: 0o700 });
  } catch (error) {
    // Someone made it meanwhile: what counts is what is there now.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CoreError('CONFLICT', `Could not create ${check.path}: ${(error as Error).message}`);
  }
  return checkFolder(check.path);
}

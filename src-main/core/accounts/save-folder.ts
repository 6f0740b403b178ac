import { mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { CoreError } from '../errors';

/** Reasons the save-folder check gives (`issues[].code`), which the account forms put in their own words. */
export type SaveFolderReason = 'not-absolute' | 'missing' | 'parent-missing' | 'not-a-folder' | 'cannot-create';

const refuse = (code: ConstructorParameters<typeof CoreError>[0], reason: SaveFolderReason, message: string) =>
  new CoreError(code, message, [{ path: 'saveFolder', message, code: reason }]);

function kindOf(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw refuse('CONFLICT', 'cannot-create', `Cannot look at the folder ${path}: ${(error as Error).message}`);
  }
}

/**
 * Checked when an account is added or its save folder changed, so a wrong folder shows up now and
 * not as signed files piling up weeks later. A missing folder is created when its parent exists and
 * the user agreed (`create`; without it: NEEDS_CONFIRMATION). A missing parent is refused: that is
 * more likely an unmounted network drive or an unplugged disk than a typo, and a local stand-in
 * folder would hide the signed files from everyone looking on the share. So: never mkdir -p.
 * Returns whether the folder was created.
 */
export function ensureSaveFolder(folder: string, create: boolean): { created: boolean } {
  if (!isAbsolute(folder)) {
    throw refuse('VALIDATION', 'not-absolute', `The save folder must be a full path, such as /home/kari/Signed or C:\\Signed, not "${folder}".`);
  }
  const kind = kindOf(folder);
  if (kind === 'folder') return { created: false };
  if (kind === 'other') throw refuse('CONFLICT', 'not-a-folder', `${folder} is a file, not a folder.`);
  const parent = dirname(folder);
  if (parent === folder || kindOf(parent) !== 'folder') {
    throw refuse(
      'NOT_FOUND',
      'parent-missing',
      `The save folder ${folder} does not exist, and neither does ${parent}, the folder it would be in. If it is on a network drive or a removable disk, connect that first.`,
    );
  }
  if (!create) throw refuse('NEEDS_CONFIRMATION', 'missing', `The save folder ${folder} does not exist. Create it?`);
  try {
    mkdirSync(folder);
  } catch (error) {
    // Created meanwhile by someone else is as good as created by us.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && kindOf(folder) === 'folder') return { created: false };
    throw refuse('CONFLICT', 'cannot-create', `Could not create the save folder ${folder}: ${(error as Error).message}`);
  }
  return { created: true };
}

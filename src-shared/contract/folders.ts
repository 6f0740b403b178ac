import { z } from 'zod';
import { inputLimits } from './limits';

export const FOLDER_NUL_MESSAGE = 'A folder path cannot contain a NUL character.';

/** A folder path as text: no file system takes a NUL in a name, and Node refuses it with an unworded error. */
export const folderPathText = (text: z.ZodString) => text.max(inputLimits.path).refine((value) => !value.includes('\u0000'), FOLDER_NUL_MESSAGE);

/** A folder the user typed, for the web host's save dialog (Electron has the native picker). */
export const FolderPathInput = z.object({ path: folderPathText(z.string().trim().min(1)) }).strict();

export const FolderState = z.enum([
  /** A folder Signing Desk may write into. */
  'exists',
  /** Missing, but its parent exists and may be written: `folders.create` can make it. */
  'can-create',
  /** Missing, and so is its parent: never created (no mkdir -p; a typo should not grow a tree). */
  'missing',
  /** There is a file by that name. */
  'not-a-folder',
  /** The folder (or the parent it would go in) may not be written. */
  'not-writable',
  /** Not a whole path (from / or a drive letter): it would depend on where the app was started. */
  'not-absolute',
]);
export type FolderState = z.infer<typeof FolderState>;

export const FolderCheck = z.object({
  /** The folder as checked, normalised (no trailing separator, no `..`). */
  path: z.string(),
  state: FolderState,
});
export type FolderCheck = z.infer<typeof FolderCheck>;

/** How many folders saved to recently the settings keep, newest first. */
export const RECENT_SAVE_FOLDERS = 5;

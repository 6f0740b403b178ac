import { z } from 'zod';

/** A folder the user typed, for the web host's save dialog (Electron has the native picker). */
export const FolderPathInput = z.object({ path: z.string().trim().min(1).max(4096) }).strict();

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

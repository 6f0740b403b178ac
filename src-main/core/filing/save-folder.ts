import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { languages, type Language } from '../../../src-shared/i18n';
import { defaultSaveFolderName } from './naming';

/**
 * The app's own save folder inside `parent`, named in the chosen language ("Signerte dokumenter").
 * One that already exists under another language's name keeps being used, so switching the
 * language never leaves the files filed so far behind in a folder the app no longer looks in.
 */
export function defaultSaveFolder(parent: string, language: Language): string {
  const own = join(parent, defaultSaveFolderName(language));
  if (existsSync(own)) return own;
  return languages.map((other) => join(parent, defaultSaveFolderName(other))).find((folder) => existsSync(folder)) ?? own;
}

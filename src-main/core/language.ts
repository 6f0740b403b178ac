import { resolveLanguage, type Language } from '../../src-shared/i18n';
import type { CoreContext } from './context';
import { readSettings } from './db/repositories/settings';

/** The language the user chose in Settings, or the OS language where they left it on "system". */
export function languageOf(context: Pick<CoreContext, 'db' | 'config'>): Language {
  return resolveLanguage(readSettings(context.db).language, context.config.osLanguage);
}

import { createTranslator, resolveLanguage, type Language, type Translate } from '../../src-shared/i18n';
import type { CoreContext } from './context';
import { readSettings } from './db/repositories/settings';

/** The language the administrator reads: their choice in Settings, or else the OS language. */
export function userLanguage(context: CoreContext): Language {
  return resolveLanguage(readSettings(context.db).language, context.config.osLanguage);
}

/** For messages the core words itself (refusals a person reads in the UI or on the command line). */
export function userTranslator(context: CoreContext): Translate {
  return createTranslator(userLanguage(context));
}

import type { Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';

/**
 * Text for an error value. Transport errors are ours to word (in the user's language); other
 * messages come from the core, which words them for people already.
 */
export function errorText(t: Translate, error: ErrorValue): string {
  return error.code === 'TRANSPORT' ? t('error.transport') : error.message;
}

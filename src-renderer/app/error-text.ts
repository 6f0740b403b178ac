import { failureText, type Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';

/**
 * The sentence for an error value, in the user's language: from its reason, else its code. The
 * core's message is technical and goes behind "Details" (components/Details.tsx), never in here.
 */
export function errorText(t: Translate, error: ErrorValue): string {
  return failureText(t, error);
}

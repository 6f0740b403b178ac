import type { ReactNode } from 'react';
import { failureText } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { useT } from '../app/store-context';

/**
 * Technical text (a service's error code, a file path, an OS error) kept out of the sentence a
 * person reads and shown only when they open "Details". Renders nothing without a detail.
 */
export function Details({ detail, code }: { detail?: string | null; code?: string | null }) {
  const t = useT();
  if (!detail && !code) return null;
  return (
    <details className="details">
      <summary className="details__summary">{t('details.summary')}</summary>
      <div className="details__body">
        {code && (
          <p>
            {t('details.code')}: <span className="mono">{code}</span>
          </p>
        )}
        {detail && <p className="details__text mono">{detail}</p>}
      </div>
    </details>
  );
}

/** A failure in the user's language, its technical message behind "Details". */
export function ErrorMessage({ error, children }: { error: ErrorValue; children?: (sentence: string) => ReactNode }) {
  const t = useT();
  const sentence = failureText(t, error);
  // A transport error's message is ours, not the core's, and says no more than the sentence.
  const detail = error.code === 'TRANSPORT' ? null : error.message;
  return (
    <div className="error-message">
      <p>{children ? children(sentence) : sentence}</p>
      <Details detail={detail !== sentence ? detail : null} />
    </div>
  );
}

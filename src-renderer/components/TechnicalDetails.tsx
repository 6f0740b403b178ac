import { useT } from '../app/store-context';

/** The raw technical message behind a problem already told in words, folded away under "Details". */
export function TechnicalDetails({ detail }: { detail: string | null | undefined }) {
  const t = useT();
  if (!detail) return null;
  return (
    <details className="technical-details">
      <summary>{t('attention.details')}</summary>
      <p className="mono">{detail}</p>
    </details>
  );
}

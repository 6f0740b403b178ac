export { Field } from '../components/Field';
import type { ConnectionTestResult } from '../../src-shared/contract';
import type { ErrorValue } from '../../src-shared/result';
import { useT } from '../app/store-context';

/** Reads a picked file as base64 (the contract carries certificate files that way). */
export function readFileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

export interface ChosenFile {
  name: string;
  base64: string;
}

/** The certificate file picker (.p12/.pfx), used when adding an account and when renewing its certificate. */
export function CertificateFileInput(props: { field: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }; onChosen(file: ChosenFile | null): void }) {
  return (
    <input
      {...props.field}
      className="input"
      type="file"
      accept=".p12,.pfx,application/x-pkcs12"
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (!file) return props.onChosen(null);
        void readFileAsBase64(file).then((base64) => props.onChosen({ name: file.name, base64 }));
      }}
    />
  );
}

/** The per-account choice to delete documents at the service once the signed files are filed. */
export function DeleteAfterFilingCheckbox(props: { checked: boolean; onChange(checked: boolean): void }) {
  const t = useT();
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span>
        <span className="check__label">{t('accountForm.deleteAfter')}</span>
        <span className="check__hint muted">{t('accountForm.deleteAfterHint')}</span>
      </span>
    </label>
  );
}

/** A connection test's outcome in words; the technical reason of a failure behind "Details". */
export function ConnectionTestOutcome(props: { result: ConnectionTestResult | null }) {
  const t = useT();
  const { result } = props;
  return (
    <div role="status" className="test-result">
      {result && (
        <div className={`notice notice--${result.ok ? 'success' : 'danger'}`}>
          <p>{result.message}</p>
          {result.detail && (
            <details className="test-result__details">
              <summary>{t('connectionTest.details')}</summary>
              <p className="mono">{result.detail}</p>
            </details>
          )}
        </div>
      )}
    </div>
  );
}

export type FieldErrors = Record<string, string>;

/**
 * Puts an error from the core next to the field it concerns: zod issues carry their path; the
 * certificate checks word their problem, which names the file or the passphrase.
 */
export function fieldErrorsOf(error: ErrorValue, words: { wrongPassphrase: string }): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  for (const issue of error.issues ?? []) {
    const key = issue.path.split('.')[0] === 'certificate' ? (issue.path.endsWith('passphrase') ? 'passphrase' : 'certificate') : issue.path.split('.')[0];
    fields[key || 'general'] ??= issue.message;
  }
  if (Object.keys(fields).length > 0) return { fields, general: fields.general ?? null };
  if (/passphrase/i.test(error.message)) return { fields: { passphrase: words.wrongPassphrase }, general: null };
  if (/CA certificate/i.test(error.message)) return { fields: { caCertificatesPem: error.message }, general: null };
  if (/certificate/i.test(error.message)) return { fields: { certificate: error.message }, general: null };
  return { fields: {}, general: error.message };
}

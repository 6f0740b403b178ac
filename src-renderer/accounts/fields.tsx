export { Field } from '../components/Field';
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

export type FieldErrors = Record<string, string>;

/**
 * Puts an error from the core next to the field it concerns: zod issues carry their path; the
 * certificate checks word their problem, which names the file or the passphrase.
 */
export function fieldErrorsOf(error: ErrorValue, words: { wrongPassphrase: string; sentence?(error: ErrorValue): string }): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  for (const issue of error.issues ?? []) {
    const key = issue.path.split('.')[0] === 'certificate' ? (issue.path.endsWith('passphrase') ? 'passphrase' : 'certificate') : issue.path.split('.')[0];
    fields[key || 'general'] ??= issue.message;
  }
  if (Object.keys(fields).length > 0) return { fields, general: fields.general ?? null };
  // The core's reason says which field it concerns; the sentence is in the user's language.
  const sentence = words.sentence?.(error) ?? error.message;
  if (error.reason === 'certificate.wrongPassphrase' || (!error.reason && /passphrase/i.test(error.message))) return { fields: { passphrase: words.wrongPassphrase }, general: null };
  if (error.reason === 'certificate.caFileEmpty' || (!error.reason && /CA certificate/i.test(error.message))) return { fields: { caCertificatesPem: sentence }, general: null };
  if (error.reason?.startsWith('certificate.') || (!error.reason && /certificate/i.test(error.message))) return { fields: { certificate: sentence }, general: null };
  return { fields: {}, general: sentence };
}

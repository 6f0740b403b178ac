import { useEffect, useState, type ReactNode } from 'react';
import { AddTridentAccountInput, type AccountDetail, type ConnectionTestResult } from '../../src-shared/contract';
import { formatLabelSets, parseLabelSets } from '../../src-shared/domain';
import { formatDateTime } from '../../src-shared/i18n';
import { labelSetsText } from '../../src-shared/i18n/trident-words';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { Icon } from '../components/Icon';
import { ConnectionTestOutcome, Field, fieldErrorsOf, type FieldErrors } from './fields';
import { RemoveAccount } from './RemoveAccount';
import { CreateFolderDialog, saveFolderOutcome } from './save-folder';

/**
 * A TRIDENT account: the installation's address, its authorization server and the OAuth client the
 * app signs in as. The client secret goes to the secret store; the form says what holding it on a
 * desktop means (reference C3).
 */
export function AddTridentAccountForm({ serviceChoice, onDone, onCancel }: { serviceChoice: ReactNode; onDone(account: AccountDetail): void; onCancel(): void }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [authorizationServer, setAuthorizationServer] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [labels, setLabels] = useState('');
  const [signaturePolicy, setSignaturePolicy] = useState('');
  const [caPem, setCaPem] = useState<string | null>(null);
  const [saveFolder, setSaveFolder] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'test' | null>(null);
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  // A result describes the settings it was run with; once they change it would mislead.
  useEffect(() => setTest(null), [baseUrl, authorizationServer, clientId, clientSecret, caPem]);

  const checkedInput = (createSaveFolder = false) => {
    const labelSets = parseLabelSets(labels);
    const input = {
      service: 'trident' as const,
      name,
      baseUrl: baseUrl.trim(),
      authorizationServer: authorizationServer.trim(),
      clientId: clientId.trim(),
      clientSecret,
      ...(labelSets && labelSets.length ? { labels: labelSets } : {}),
      ...(signaturePolicy.trim() ? { signaturePolicy: signaturePolicy.trim() } : {}),
      ...(caPem ? { caCertificatesPem: caPem } : {}),
      ...(saveFolder.trim() ? { saveFolder: saveFolder.trim() } : {}),
      ...(createSaveFolder ? { createSaveFolder: true } : {}),
    };
    const fields: FieldErrors = {};
    if (!labelSets) fields.labels = t('trident.form.labelsSyntax');
    const checked = AddTridentAccountInput.safeParse(input);
    if (!checked.success) {
      const words: Record<string, string> = {
        name: t('accountForm.error.name'),
        baseUrl: t('trident.form.error.baseUrl'),
        authorizationServer: t('trident.form.error.authServer'),
        clientId: t('trident.form.error.clientId'),
        clientSecret: t('trident.form.error.clientSecret'),
        labels: t('trident.form.labelsSyntax'),
      };
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0] ?? 'general');
        fields[key] ??= words[key] ?? issue.message;
      }
    }
    if (Object.keys(fields).length > 0) {
      setErrors(fields);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.form [aria-invalid="true"]')?.focus());
      return null;
    }
    setErrors({});
    return input;
  };

  const showRefusal = (error: ErrorValue) => {
    if (error.code === 'TRANSPORT') return setGeneral(errorText(t, error));
    const folder = saveFolderOutcome(t, error);
    if (folder?.confirm) return setConfirmFolder(saveFolder.trim());
    const placed = fieldErrorsOf(t, error, { wrongPassphrase: '' });
    setErrors(folder ? { ...placed.fields, saveFolder: folder.text } : placed.fields);
    setGeneral(placed.general);
  };

  const submit = async (createSaveFolder = false) => {
    setGeneral(null);
    const input = checkedInput(createSaveFolder);
    if (!input) return;
    setBusy('add');
    const result = await bridge.call('accounts.add', input);
    setBusy(null);
    if (result.ok) return onDone(result.value);
    showRefusal(result.error);
  };

  const testConnection = async () => {
    setGeneral(null);
    setTest(null);
    const input = checkedInput();
    if (!input) return;
    setBusy('test');
    const result = await bridge.call('accounts.testDraft', input);
    setBusy(null);
    if (result.ok) setTest(result.value);
    else showRefusal(result.error);
  };

  return (
    <section className="card" aria-labelledby="add-account-title">
      <h2 id="add-account-title" className="card__title">
        {t('accountForm.title')}
      </h2>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {serviceChoice}
        {general && (
          <div className="callout callout--danger" role="alert">
            <p>{general}</p>
          </div>
        )}
        <div className="callout callout--warning" data-testid="client-secret-risk">
          <Icon name="warning" size={18} />
          <div>
            <p>{t('trident.form.secretRisk')}</p>
            <p>{t('trident.form.onePerInstallation')}</p>
          </div>
        </div>
        <Field label={t('accountForm.name')} hint={t('accountForm.nameHint')} error={errors.name}>
          {(a) => <input {...a} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('trident.form.baseUrl')} hint={t('trident.form.baseUrlHint')} error={errors.baseUrl}>
          {(a) => <input {...a} className="input mono" type="url" value={baseUrl} placeholder="https://" onChange={(e) => setBaseUrl(e.target.value)} />}
        </Field>
        <Field label={t('trident.account.authServer')} hint={t('trident.form.authServerHint')} error={errors.authorizationServer}>
          {(a) => <input {...a} className="input mono" value={authorizationServer} onChange={(e) => setAuthorizationServer(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('trident.account.clientId')} error={errors.clientId}>
          {(a) => <input {...a} className="input mono" value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('trident.form.clientSecret')} hint={t('trident.form.clientSecretHint')} error={errors.clientSecret}>
          {(a) => <input {...a} className="input" type="password" value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('trident.account.labels')} hint={t('trident.form.labelsHint')} error={errors.labels}>
          {(a) => <input {...a} className="input mono" value={labels} placeholder="qualified+server,qualified+mobile" onChange={(e) => setLabels(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('trident.account.signaturePolicy')} hint={t('trident.form.signaturePolicyHint')} error={errors.signaturePolicy}>
          {(a) => <input {...a} className="input mono" value={signaturePolicy} onChange={(e) => setSignaturePolicy(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('accountForm.caFile')} hint={caPem ? t('accountForm.fileLoaded') : t('trident.form.caHint')} error={errors.caCertificatesPem}>
          {(a) => (
            <input
              {...a}
              className="input"
              type="file"
              accept=".pem,.crt,.cer"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then(setCaPem);
                else setCaPem(null);
              }}
            />
          )}
        </Field>
        <Field label={t('accountForm.saveFolder')} hint={t('accountForm.saveFolderHint')} error={errors.saveFolder}>
          {(a) => <input {...a} className="input mono" value={saveFolder} onChange={(e) => setSaveFolder(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {busy === 'add' ? t('accountForm.adding') : t('accountForm.add')}
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void testConnection()}>
            {busy === 'test' ? t('accountDetail.testing') : t('accountDetail.test')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('accountForm.cancel')}
          </button>
        </div>
        <ConnectionTestOutcome result={test} />
      </form>
      <CreateFolderDialog
        folder={confirmFolder}
        onCancel={() => setConfirmFolder(null)}
        onCreate={() => {
          setConfirmFolder(null);
          void submit(true);
        }}
      />
    </section>
  );
}

/** A TRIDENT account's page: its installation and client (never the secret), a connection test, removal. */
export function TridentAccountDetail({ account, trident, onClose, onRemoved }: { account: AccountDetail; trident: NonNullable<AccountDetail['trident']>; onClose(): void; onRemoved(): void }) {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<string | null>(null);
  const runTest = async () => {
    setTesting(true);
    setTest(null);
    setTestError(null);
    const result = await bridge.call('accounts.test', { id: account.id });
    setTesting(false);
    if (result.ok) setTest(result.value);
    else setTestError(errorText(t, result.error));
  };
  return (
    <section className="card" aria-labelledby="account-detail-title">
      <div className="card__head">
        <h2 id="account-detail-title" className="card__title">
          {account.name}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {t('accountDetail.close')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('accounts.column.service')}</dt>
        <dd>{t('provider.trident')}</dd>
        <dt>{t('trident.account.baseUrl')}</dt>
        <dd className="mono">{trident.baseUrl}</dd>
        <dt>{t('trident.account.authServer')}</dt>
        <dd className="mono">{trident.authorizationServer}</dd>
        <dt>{t('trident.account.clientId')}</dt>
        <dd className="mono">{trident.clientId}</dd>
        <dt>{t('trident.account.labels')}</dt>
        <dd>
          {labelSetsText(t, trident.labels)}
          {trident.labels.length > 0 && <span className="muted mono"> ({formatLabelSets(trident.labels)})</span>}
        </dd>
        <dt>{t('trident.account.signaturePolicy')}</dt>
        <dd className="mono">{trident.signaturePolicy ?? t('trident.account.defaultPolicy')}</dd>
        <dt>{t('trident.account.ca')}</dt>
        <dd>{t(trident.privateCa ? 'trident.account.privateCa' : 'trident.account.publicCa')}</dd>
        <dt>{t('accountForm.saveFolder')}</dt>
        <dd className="mono">{account.saveFolder}</dd>
        <dt>{t('accounts.column.lastSync')}</dt>
        <dd>{account.lastSyncAt ? formatDateTime(language, account.lastSyncAt) : t('accounts.never')}</dd>
      </dl>
      <p className="muted">{t('trident.detail.secretKept')}</p>
      <div className="form-actions">
        <button type="button" className="button" disabled={testing} onClick={() => void runTest()}>
          {testing ? t('accountDetail.testing') : t('accountDetail.test')}
        </button>
      </div>
      <ConnectionTestOutcome result={test} />
      {testError && (
        <div className="notice notice--danger" role="alert">
          <p>{testError}</p>
        </div>
      )}
      <RemoveAccount accountId={account.id} onRemoved={onRemoved} />
    </section>
  );
}

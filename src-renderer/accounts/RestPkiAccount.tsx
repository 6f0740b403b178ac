import { useEffect, useState } from 'react';
import { AddRestPkiAccountInput, restPkiEndpoints, type AccountDetail, type ConnectionTestResult } from '../../src-shared/contract';
import { formatDateTime, type MessageKey, type Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { RemoveAccount } from './RemoveAccount';
import { ConnectionTestOutcome, Field, fieldErrorsOf, type FieldErrors } from './fields';
import { CreateFolderDialog, saveFolderOutcome } from './save-folder';

/** Lacuna's two instances, or an on-premises one at its own address. */
type Instance = 'saas' | 'homologation' | 'onPremises';
const instances: readonly Instance[] = ['saas', 'homologation', 'onPremises'];

/** Our own words for the checks the contract makes, so the messages follow the UI language. */
const messageOfField: Record<string, MessageKey> = {
  name: 'accountForm.error.name',
  endpoint: 'restpki.form.error.endpoint',
  apiKey: 'restpki.form.error.apiKey',
  securityContextId: 'restpki.form.error.securityContext',
};

function translateFields(t: Translate, fields: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([key, message]) => [key, messageOfField[key] ? t(messageOfField[key]) : message]));
}

function focusFirstError() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.form [aria-invalid="true"]')?.focus());
}

/**
 * The fields of a Rest PKI Core account: which instance, the application's API key (it goes to the
 * core's secret store and never comes back to this window), the optional security context and CA
 * file, and the save folder. "Test connection" tries the form before anything is stored.
 */
export function AddRestPkiAccountForm({ onDone, onCancel }: { onDone(account: AccountDetail): void; onCancel(): void }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const [name, setName] = useState('');
  const [instance, setInstance] = useState<Instance>('saas');
  const [address, setAddress] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [securityContext, setSecurityContext] = useState('');
  const [caPem, setCaPem] = useState<string | null>(null);
  const [saveFolder, setSaveFolder] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'test' | null>(null);
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  // A result describes the settings it was run with; once they change it would mislead.
  useEffect(() => setTest(null), [instance, address, apiKey, securityContext, caPem]);

  const checkedInput = (createSaveFolder = false) => {
    const input = {
      service: 'restpki' as const,
      name,
      endpoint: instance === 'onPremises' ? address.trim() : restPkiEndpoints[instance],
      apiKey,
      ...(securityContext.trim() ? { securityContextId: securityContext.trim() } : {}),
      ...(caPem ? { caCertificatesPem: caPem } : {}),
      ...(saveFolder.trim() ? { saveFolder: saveFolder.trim() } : {}),
      ...(createSaveFolder ? { createSaveFolder: true } : {}),
    };
    const checked = AddRestPkiAccountInput.safeParse(input);
    if (!checked.success) {
      const fields: FieldErrors = {};
      for (const issue of checked.error.issues) fields[String(issue.path[0] ?? 'general')] ??= issue.message;
      setErrors(translateFields(t, fields));
      focusFirstError();
      return null;
    }
    setErrors({});
    return input;
  };

  const showRefusal = (error: ErrorValue) => {
    if (error.code === 'TRANSPORT') return setGeneral(errorText(t, error));
    const folder = saveFolderOutcome(t, error);
    if (folder?.confirm) return setConfirmFolder(saveFolder.trim());
    const placed = fieldErrorsOf(t, error, { wrongPassphrase: t('accountForm.error.passphrase') });
    setErrors(folder ? { ...placed.fields, saveFolder: folder.text } : placed.fields);
    setGeneral(placed.general);
    focusFirstError();
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
    <>
      <form
        className="form"
        noValidate
        aria-label={t('restpki.form.title')}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {general && (
          <div className="callout callout--danger" role="alert">
            <p>{general}</p>
          </div>
        )}
        <Field label={t('accountForm.name')} hint={t('accountForm.nameHint')} error={errors.name}>
          {(a) => <input {...a} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <ChoiceGroup<Instance>
          legend={t('restpki.form.instance')}
          name="restpki-instance"
          value={instance}
          choices={instances.map((value) => ({ value, label: t(`restpki.form.instance.${value}`) }))}
          onChange={setInstance}
        />
        {instance === 'onPremises' && (
          <Field label={t('restpki.account.endpoint')} hint={t('restpki.form.addressHint')} error={errors.endpoint}>
            {(a) => <input {...a} className="input mono" type="url" value={address} placeholder="https://" onChange={(e) => setAddress(e.target.value)} />}
          </Field>
        )}
        <Field label={t('restpki.account.apiKey')} hint={t('restpki.form.apiKeyHint')} error={errors.apiKey}>
          {(a) => <input {...a} className="input mono" type="password" value={apiKey} autoComplete="off" spellCheck={false} onChange={(e) => setApiKey(e.target.value)} />}
        </Field>
        <Field label={t('restpki.account.securityContext')} hint={t('restpki.form.securityContextHint')} error={errors.securityContextId}>
          {(a) => <input {...a} className="input mono" value={securityContext} autoComplete="off" spellCheck={false} onChange={(e) => setSecurityContext(e.target.value)} />}
        </Field>
        <Field label={t('accountForm.caFile')} hint={caPem ? t('accountForm.fileLoaded') : t('restpki.form.caHint')} error={errors.caCertificatesPem}>
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
            {busy === 'add' ? t('restpki.form.adding') : t('accountForm.add')}
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
    </>
  );
}

/** A Rest PKI Core account's page: its instance and settings, and what can be changed (name, save folder, a new key). */
export function RestPkiAccountDetail(props: { account: AccountDetail; onClose(): void; onSaved(account: AccountDetail): void; onRemoved(): void }) {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const { account } = props;
  const settings = account.restpki!;
  const [name, setName] = useState(account.name);
  const [saveFolder, setSaveFolder] = useState(account.saveFolder);
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  useEffect(() => setTest(null), [apiKey]);

  const checkedInput = (createSaveFolder = false) => {
    const next: FieldErrors = {};
    if (!name.trim()) next.name = t('accountForm.error.name');
    if (apiKey && !/^[\x21-\x7e]+$/.test(apiKey.trim())) next.apiKey = t('restpki.form.error.apiKey');
    setErrors(next);
    if (Object.keys(next).length) return null;
    return { id: account.id, name: name.trim(), saveFolder: saveFolder.trim(), ...(createSaveFolder ? { createSaveFolder: true } : {}), ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}) };
  };

  const showRefusal = (error: ErrorValue) => {
    const folder = saveFolderOutcome(t, error);
    if (folder?.confirm) return setConfirmFolder(saveFolder.trim());
    const placed = fieldErrorsOf(t, error, { wrongPassphrase: t('accountForm.error.passphrase') });
    setErrors(folder ? { ...placed.fields, saveFolder: folder.text } : placed.fields);
    setGeneral(placed.general ?? (error.code === 'TRANSPORT' ? errorText(t, error) : null));
  };

  const submit = async (createSaveFolder = false) => {
    setSaved(false);
    setGeneral(null);
    const input = checkedInput(createSaveFolder);
    if (!input) return;
    setBusy('save');
    const result = await bridge.call('accounts.update', input);
    setBusy(null);
    if (!result.ok) return showRefusal(result.error);
    props.onSaved(result.value);
    setApiKey('');
    setSaved(true);
  };

  const testConnection = async () => {
    setSaved(false);
    setGeneral(null);
    setTest(null);
    const input = checkedInput();
    if (!input) return;
    setBusy('test');
    const result = await bridge.call('accounts.testUpdate', input);
    setBusy(null);
    if (result.ok) setTest(result.value);
    else showRefusal(result.error);
  };

  return (
    <section className="card" aria-labelledby="account-detail-title">
      <div className="card__head">
        <h2 id="account-detail-title" className="card__title">
          {account.name}
        </h2>
        <button type="button" className="button" onClick={props.onClose}>
          {t('accountDetail.close')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('cli.label.service')}</dt>
        <dd>{t('provider.restpki')}</dd>
        <dt>{t('restpki.account.endpoint')}</dt>
        <dd className="mono">{settings.endpoint}</dd>
        <dt>{t('restpki.account.securityContext')}</dt>
        <dd className={settings.securityContextId ? 'mono' : undefined}>{settings.securityContextId ?? t('restpki.account.defaultSecurityContext')}</dd>
        <dt>{t('restpki.account.apiKey')}</dt>
        <dd>{t('restpki.account.apiKeyStored')}</dd>
        <dt>{t('accounts.column.lastSync')}</dt>
        <dd>{account.lastSyncAt ? formatDateTime(language, account.lastSyncAt) : t('accounts.never')}</dd>
      </dl>
      <form
        className="form form--edit"
        aria-labelledby="edit-account-title"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h3 id="edit-account-title" className="section-title">
          {t('accountDetail.edit')}
        </h3>
        {general && (
          <div className="callout callout--danger" role="alert">
            <p>{general}</p>
          </div>
        )}
        <Field label={t('accountForm.name')} error={errors.name}>
          {(a) => <input {...a} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('accountForm.saveFolder')} error={errors.saveFolder}>
          {(a) => <input {...a} className="input mono" value={saveFolder} onChange={(e) => setSaveFolder(e.target.value)} />}
        </Field>
        <Field label={t('restpki.form.replaceKey')} hint={t('restpki.form.replaceKeyHint')} error={errors.apiKey}>
          {(a) => <input {...a} className="input mono" type="password" value={apiKey} autoComplete="off" spellCheck={false} onChange={(e) => setApiKey(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {t('accountDetail.save')}
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void testConnection()}>
            {busy === 'test' ? t('accountDetail.testing') : t('accountDetail.test')}
          </button>
          <span role="status" className="muted">
            {saved ? t('accountDetail.saved') : ''}
          </span>
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
      <RemoveAccount accountId={account.id} onRemoved={props.onRemoved} />
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { AccountDetail, ConnectionTestResult } from '../../src-shared/contract';
import { isFailureReason } from '../../src-shared/failure';
import { failureText, formatDateTime, formatOrganizationNumber, holderText } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { Details, ErrorMessage } from '../components/Details';
import { Icon } from '../components/Icon';
import { pollWarningText } from '../../src-shared/i18n/attention-words';
import { RemoveAccount } from './RemoveAccount';
import { TridentAccountDetail } from './TridentAccount';
import { RestPkiAccountDetail } from './RestPkiAccount';
import { CertificateFileInput, ConnectionTestOutcome, DeleteAfterFilingCheckbox, Field, fieldErrorsOf, type FieldErrors } from './fields';
import { CreateFolderDialog, saveFolderOutcome } from './save-folder';

export function AccountDetailView({ id, onClose, onChanged, onRemoved }: { id: string; onClose(): void; onChanged(): void; onRemoved(): void }) {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [loadError, setLoadError] = useState<ErrorValue | null>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      void bridge.call('accounts.get', { id }).then((result) => {
        if (!current) return;
        if (result.ok) setAccount(result.value);
        else setLoadError(result.error);
      });
    load();
    const stop = bridge.on('accounts.changed', load);
    return () => {
      current = false;
      stop();
    };
  }, [bridge, id]);

  if (loadError) {
    return (
      <div className="callout callout--danger" role="alert">
        <ErrorMessage error={loadError} />
      </div>
    );
  }
  if (!account) return <p className="muted loading">{t('app.loading')}</p>;
  if (account.trident) return <TridentAccountDetail account={account} trident={account.trident} onClose={onClose} onRemoved={onRemoved} />;
  if (account.restpki) {
    return (
      <RestPkiAccountDetail
        account={account}
        onClose={onClose}
        onSaved={(saved) => {
          setAccount(saved);
          onChanged();
        }}
        onRemoved={onRemoved}
      />
    );
  }
  const cert = account.certificate;
  const time = (iso: string) => formatDateTime(language, iso);

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

      {cert && cert.state !== 'valid' && (
        <div className={`callout callout--${cert.state === 'expiring' ? 'warning' : 'danger'}`} role="alert">
          <Icon name="warning" size={18} />
          <p>{t(`accountDetail.cert.${cert.state}`, { date: time(cert.validTo) })}</p>
        </div>
      )}

      {account.pollWarning && (
        <div className="callout callout--warning" role="status">
          <Icon name="warning" size={18} />
          <p>{pollWarningText(t, account.pollWarning)}</p>
        </div>
      )}

      <dl className="facts">
        <dt>{t('accounts.column.environment')}</dt>
        <dd>{t(`environment.${account.environment}`)}</dd>
        <dt>{t('accountDetail.apiRoot')}</dt>
        <dd className="mono">{account.apiRoot}</dd>
        <dt>{t('accounts.column.organization')}</dt>
        <dd>{formatOrganizationNumber(account.organizationNumber)}</dd>
        <dt>{t('accounts.column.lastSync')}</dt>
        <dd>{account.lastSyncAt ? time(account.lastSyncAt) : t('accounts.never')}</dd>
        {account.lastPollError && (
          <>
            <dt>{t('accountDetail.lastPollError')}</dt>
            <dd className="form-field__error">
              {isFailureReason(account.lastPollErrorReason) ? failureText(t, { reason: account.lastPollErrorReason }) : t('accountDetail.lastPollErrorFallback')}
              <Details detail={account.lastPollError} />
            </dd>
          </>
        )}
      </dl>

      <h3 className="section-title">{t('accountDetail.certificate')}</h3>
      {cert ? (
        <dl className="facts">
          <dt>{t('accountDetail.cert.subject')}</dt>
          <dd>
            {holderText(t, cert.subjectHolder)}
            <Details detail={cert.subject} />
          </dd>
          <dt>{t('accountDetail.cert.issuer')}</dt>
          <dd>
            {holderText(t, cert.issuerHolder)}
            <Details detail={cert.issuer} />
          </dd>
          <dt>{t('accountDetail.cert.serial')}</dt>
          <dd className="mono">{cert.serialNumber}</dd>
          <dt>{t('accountDetail.cert.validity')}</dt>
          <dd>
            {time(cert.validFrom)} – {time(cert.validTo)}{' '}
            <span className={`badge badge--${cert.state === 'valid' ? 'success' : cert.state === 'expiring' ? 'warning' : 'danger'}`}>
              {t(`accountDetail.certState.${cert.state}`)}
            </span>
          </dd>
        </dl>
      ) : (
        <p className="muted">{t('accountDetail.noCertificate')}</p>
      )}

      <EditAccount
        account={account}
        onSaved={(saved) => {
          setAccount(saved);
          onChanged();
        }}
      />

      <RemoveAccount accountId={account.id} onRemoved={onRemoved} />
    </section>
  );
}

function EditAccount({ account, onSaved }: { account: AccountDetail; onSaved(account: AccountDetail): void }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const [name, setName] = useState(account.name);
  const [pollingQueue, setPollingQueue] = useState(account.pollingQueue);
  const [saveFolder, setSaveFolder] = useState(account.saveFolder);
  const [deleteAfter, setDeleteAfter] = useState(account.deleteDocumentsAfterFiling);
  const [certificate, setCertificate] = useState<{ name: string; base64: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  // A result describes the certificate it was run with; a newly chosen one makes it stale.
  useEffect(() => setTest(null), [certificate, passphrase]);

  /** The form as the contract's input, or null after showing what is missing. */
  const checkedInput = (createSaveFolder = false) => {
    const next: FieldErrors = {};
    if (!name.trim()) next.name = t('accountForm.error.name');
    if (!pollingQueue.trim()) next.pollingQueue = t('accountForm.error.pollingQueue');
    setErrors(next);
    if (Object.keys(next).length) return null;
    return {
      id: account.id,
      name: name.trim(),
      pollingQueue: pollingQueue.trim(),
      saveFolder: saveFolder.trim(),
      ...(createSaveFolder ? { createSaveFolder: true } : {}),
      deleteDocumentsAfterFiling: deleteAfter,
      ...(certificate ? { certificate: { fileBase64: certificate.base64, passphrase } } : {}),
    };
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
    if (result.ok) {
      onSaved(result.value);
      setCertificate(null);
      setPassphrase('');
      setSaved(true);
      return;
    }
    showRefusal(result.error);
  };

  /** Tries the connection as the form would leave the account (a renewed certificate), before saving. */
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
    <>
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
        <Field label={t('accountForm.pollingQueue')} hint={t('accountDetail.pollingQueueHint')} error={errors.pollingQueue}>
          {(a) => <input {...a} className="input mono" value={pollingQueue} onChange={(e) => setPollingQueue(e.target.value)} />}
        </Field>
        <Field label={t('accountForm.saveFolder')} error={errors.saveFolder}>
          {(a) => <input {...a} className="input mono" value={saveFolder} onChange={(e) => setSaveFolder(e.target.value)} />}
        </Field>
        <DeleteAfterFilingCheckbox checked={deleteAfter} onChange={setDeleteAfter} />
        <Field label={t('accountDetail.replaceCertificate')} hint={certificate ? t('accountForm.certificateChosen', { name: certificate.name }) : t('accountDetail.replaceHint')} error={errors.certificate}>
          {(a) => <CertificateFileInput field={a} onChosen={setCertificate} />}
        </Field>
        {certificate && (
          <Field label={t('accountForm.passphrase')} error={errors.passphrase}>
            {(a) => <input {...a} className="input" type="password" value={passphrase} autoComplete="off" onChange={(e) => setPassphrase(e.target.value)} />}
          </Field>
        )}
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
    </>
  );
}

import { useEffect, useState } from 'react';
import type { AccountDetail } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { Icon } from '../components/Icon';
import { pollWarningText } from '../job/sync-words';
import { CertificateFileInput, DeleteAfterFilingCheckbox, Field, fieldErrorsOf, type FieldErrors } from './fields';
import { CreateFolderDialog, saveFolderOutcome } from './save-folder';

export function AccountDetailView({ id, onClose, onChanged }: { id: string; onClose(): void; onChanged(): void }) {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [loadError, setLoadError] = useState<ErrorValue | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | 'running' | null>(null);

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

  const runTest = async () => {
    setTest('running');
    const result = await bridge.call('accounts.test', { id });
    setTest(result.ok ? result.value : { ok: false, message: errorText(t, result.error) });
  };

  if (loadError) {
    return (
      <div className="callout callout--danger" role="alert">
        <p>{errorText(t, loadError)}</p>
      </div>
    );
  }
  if (!account) return <p className="muted loading">{t('app.loading')}</p>;
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
          <p>{pollWarningText(t, account.pollWarning, time)}</p>
        </div>
      )}

      <dl className="facts">
        <dt>{t('accounts.column.environment')}</dt>
        <dd>{t(`environment.${account.environment}`)}</dd>
        <dt>{t('accountDetail.apiRoot')}</dt>
        <dd className="mono">{account.apiRoot}</dd>
        <dt>{t('accounts.column.organization')}</dt>
        <dd>{account.organizationNumber}</dd>
        <dt>{t('accounts.column.lastSync')}</dt>
        <dd>{account.lastSyncAt ? time(account.lastSyncAt) : t('accounts.never')}</dd>
        {account.lastPollError && (
          <>
            <dt>{t('accountDetail.lastPollError')}</dt>
            <dd className="form-field__error">{account.lastPollError}</dd>
          </>
        )}
      </dl>

      <h3 className="section-title">{t('accountDetail.certificate')}</h3>
      {cert ? (
        <dl className="facts">
          <dt>{t('accountDetail.cert.subject')}</dt>
          <dd>{cert.subject}</dd>
          <dt>{t('accountDetail.cert.issuer')}</dt>
          <dd>{cert.issuer}</dd>
          {cert.organizationNumber && (
            <>
              <dt>{t('accounts.column.organization')}</dt>
              <dd>{cert.organizationNumber}</dd>
            </>
          )}
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

      <div className="form-actions">
        <button type="button" className="button" disabled={test === 'running'} onClick={() => void runTest()}>
          {test === 'running' ? t('accountDetail.testing') : t('accountDetail.test')}
        </button>
        <div role="status" className="test-result">
          {test && test !== 'running' && (
            <p className={`notice notice--${test.ok ? 'success' : 'danger'}`}>
              {test.ok ? t('accountDetail.testOk') : t('accountDetail.testFailed')} {test.message}
            </p>
          )}
        </div>
      </div>

      <EditAccount
        account={account}
        onSaved={(saved) => {
          setAccount(saved);
          onChanged();
        }}
      />
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
  const [busy, setBusy] = useState(false);
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);

  const submit = async (createSaveFolder = false) => {
    setSaved(false);
    setGeneral(null);
    const next: FieldErrors = {};
    if (!name.trim()) next.name = t('accountForm.error.name');
    if (!pollingQueue.trim()) next.pollingQueue = t('accountForm.error.pollingQueue');
    setErrors(next);
    if (Object.keys(next).length) return;
    setBusy(true);
    const result = await bridge.call('accounts.update', {
      id: account.id,
      name: name.trim(),
      pollingQueue: pollingQueue.trim(),
      saveFolder: saveFolder.trim(),
      ...(createSaveFolder ? { createSaveFolder: true } : {}),
      deleteDocumentsAfterFiling: deleteAfter,
      ...(certificate ? { certificate: { fileBase64: certificate.base64, passphrase } } : {}),
    });
    setBusy(false);
    if (result.ok) {
      onSaved(result.value);
      setCertificate(null);
      setPassphrase('');
      setSaved(true);
      return;
    }
    const folder = saveFolderOutcome(t, result.error, saveFolder.trim());
    if (folder?.confirm) return setConfirmFolder(saveFolder.trim());
    const placed = fieldErrorsOf(result.error, { wrongPassphrase: t('accountForm.error.passphrase') });
    setErrors(folder ? { ...placed.fields, saveFolder: folder.text } : placed.fields);
    setGeneral(placed.general ?? (result.error.code === 'TRANSPORT' ? errorText(t, result.error) : null));
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
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('accountDetail.save')}
          </button>
          <span role="status" className="muted">
            {saved ? t('accountDetail.saved') : ''}
          </span>
        </div>
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

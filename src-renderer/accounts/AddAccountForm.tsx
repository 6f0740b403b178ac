import { useEffect, useState, type ReactNode } from 'react';
import { AddPostenAccountInput, environmentsNeedingCa, type AccountDetail, type ConnectionTestResult } from '../../src-shared/contract';
import type { ErrorValue } from '../../src-shared/result';
import type { MessageKey, Translate } from '../../src-shared/i18n';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { CertificateFileInput, ConnectionTestOutcome, DeleteAfterFilingCheckbox, Field, fieldErrorsOf, type FieldErrors } from './fields';
import { CreateFolderDialog, saveFolderOutcome } from './save-folder';
import { AddTridentAccountForm } from './TridentAccount';
import { AddRestPkiAccountForm } from './RestPkiAccount';


const environments = ['production', 'test', 'qa', 'custom'] as const;
type Environment = (typeof environments)[number];

/** Our own words for the checks the contract makes, so the messages follow the UI language. */
const messageOfField: Record<string, MessageKey> = {
  name: 'accountForm.error.name',
  organizationNumber: 'accountForm.error.organizationNumber',
  apiRoot: 'accountForm.error.apiRoot',
  serverOrganizationNumber: 'accountForm.error.organizationNumber',
  certificate: 'accountForm.error.certificate',
  caCertificatesPem: 'accountCheck.caRequired',
};

function translateFields(t: Translate, fields: FieldErrors, fromCore: boolean): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    // Validation issues are ours to word; the core's certificate findings are already specific.
    out[key] = messageOfField[key] && !fromCore ? t(messageOfField[key]) : message;
  }
  return out;
}

/** The services an account can be at; each has its own fields. */
type Service = 'posten' | 'restpki' | 'trident';

/** Adding an account starts with the service; each has a form of its own. */
export function AddAccountForm({ onDone, onCancel }: { onDone(account: AccountDetail): void; onCancel(): void }) {
  const t = useT();
  const [service, setService] = useState<Service>('posten');
  const serviceChoice = (
    <ChoiceGroup<Service>
      legend={t('accounts.column.service')}
      name="service"
      value={service}
      choices={[
        { value: 'posten', label: t('provider.posten') },
        { value: 'restpki', label: t('provider.restpki') },
        { value: 'trident', label: t('provider.trident') },
      ]}
      onChange={setService}
    />
  );
  return service === 'trident' ? (
    <AddTridentAccountForm serviceChoice={serviceChoice} onDone={onDone} onCancel={onCancel} />
  ) : service === 'restpki' ? (
    <section className="card" aria-labelledby="add-account-title">
      <h2 id="add-account-title" className="card__title">
        {t('restpki.form.title')}
      </h2>
      {serviceChoice}
      <AddRestPkiAccountForm onDone={onDone} onCancel={onCancel} />
    </section>
  ) : (
    <AddPostenAccountForm serviceChoice={serviceChoice} onDone={onDone} onCancel={onCancel} />
  );
}

function AddPostenAccountForm({ serviceChoice, onDone, onCancel }: { serviceChoice: ReactNode; onDone(account: AccountDetail): void; onCancel(): void }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const [apiRoot, setApiRoot] = useState('');
  const [caPem, setCaPem] = useState<string | null>(null);
  const [serverOrg, setServerOrg] = useState('');
  const [organizationNumber, setOrganizationNumber] = useState('');
  const [pollingQueue, setPollingQueue] = useState('');
  const [certificate, setCertificate] = useState<{ name: string; base64: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [saveFolder, setSaveFolder] = useState('');
  const [deleteAfter, setDeleteAfter] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'test' | null>(null);
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  // Test and QA roots are not publicly trusted, so there the CA file is required; custom may need one.
  const showCaFile = environment !== 'production';
  const caRequired = environmentsNeedingCa.includes(environment);
  // A result describes the settings it was run with; once they change it would mislead.
  useEffect(() => setTest(null), [environment, apiRoot, caPem, serverOrg, organizationNumber, certificate, passphrase]);

  /** The form as the contract's input, or null after showing what is missing next to each field. */
  const checkedInput = (createSaveFolder = false) => {
    const input = {
      name,
      environment,
      ...(environment === 'custom' && apiRoot.trim() ? { apiRoot: apiRoot.trim() } : {}),
      ...(showCaFile && caPem ? { caCertificatesPem: caPem } : {}),
      ...(environment === 'custom' && serverOrg.trim() ? { serverOrganizationNumber: serverOrg.trim() } : {}),
      organizationNumber: organizationNumber.replace(/\s+/g, ''),
      ...(pollingQueue.trim() ? { pollingQueue: pollingQueue.trim() } : {}),
      certificate: { fileBase64: certificate?.base64 ?? '', passphrase },
      ...(saveFolder.trim() ? { saveFolder: saveFolder.trim() } : {}),
      ...(createSaveFolder ? { createSaveFolder: true } : {}),
      deleteDocumentsAfterFiling: deleteAfter,
    };
    const checked = AddPostenAccountInput.safeParse(input);
    if (!checked.success) {
      const fields: FieldErrors = {};
      for (const issue of checked.error.issues) {
        const head = String(issue.path[0] ?? 'general');
        const key = head === 'certificate' ? (issue.path[1] === 'passphrase' ? 'passphrase' : 'certificate') : head;
        fields[key] ??= issue.message;
      }
      setErrors(translateFields(t, fields, false));
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

  /** Tries the connection with what the form holds, before anything is saved. */
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
        <Field label={t('accountForm.name')} hint={t('accountForm.nameHint')} error={errors.name}>
          {(a) => <input {...a} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <ChoiceGroup<Environment>
          legend={t('accountForm.environment')}
          name="environment"
          value={environment}
          choices={environments.map((value) => ({ value, label: t(`environment.${value}`) }))}
          onChange={setEnvironment}
        />
        {showCaFile && (
          <div className="form-group">
            {environment === 'custom' && (
              <Field label={t('accountForm.apiRoot')} hint={t('accountForm.apiRootHint')} error={errors.apiRoot}>
                {(a) => <input {...a} className="input mono" type="url" value={apiRoot} placeholder="https://" onChange={(e) => setApiRoot(e.target.value)} />}
              </Field>
            )}
            <Field
              label={t('accountForm.caFile')}
              hint={caPem ? t('accountForm.fileLoaded') : t(caRequired ? 'accountForm.caFileRequiredHint' : 'accountForm.caFileOptionalHint')}
              error={errors.caCertificatesPem}
            >
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
            {environment === 'custom' && (
              <Field label={t('accountForm.serverOrg')} hint={t('accountForm.serverOrgHint')} error={errors.serverOrganizationNumber}>
                {(a) => <input {...a} className="input" inputMode="numeric" value={serverOrg} onChange={(e) => setServerOrg(e.target.value)} />}
              </Field>
            )}
          </div>
        )}
        <Field label={t('accountForm.organizationNumber')} hint={t('accountForm.organizationNumberHint')} error={errors.organizationNumber}>
          {(a) => <input {...a} className="input" inputMode="numeric" value={organizationNumber} onChange={(e) => setOrganizationNumber(e.target.value)} />}
        </Field>
        <Field label={t('accountForm.certificate')} hint={certificate ? t('accountForm.certificateChosen', { name: certificate.name }) : t('accountForm.certificateHint')} error={errors.certificate}>
          {(a) => <CertificateFileInput field={a} onChosen={setCertificate} />}
        </Field>
        <Field label={t('accountForm.passphrase')} error={errors.passphrase}>
          {(a) => <input {...a} className="input" type="password" value={passphrase} autoComplete="off" onChange={(e) => setPassphrase(e.target.value)} />}
        </Field>
        <Field label={t('accountForm.pollingQueue')} hint={t('accountForm.pollingQueueHint')} error={errors.pollingQueue}>
          {(a) => <input {...a} className="input mono" value={pollingQueue} onChange={(e) => setPollingQueue(e.target.value)} />}
        </Field>
        <Field label={t('accountForm.saveFolder')} hint={t('accountForm.saveFolderHint')} error={errors.saveFolder}>
          {(a) => <input {...a} className="input mono" value={saveFolder} onChange={(e) => setSaveFolder(e.target.value)} />}
        </Field>
        <DeleteAfterFilingCheckbox checked={deleteAfter} onChange={setDeleteAfter} />
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

function focusFirstError() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.form [aria-invalid="true"]')?.focus());
}

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { DeleteDraftDialog, useDeleteDraft } from '../job/draft-actions';
import { DocumentsSection } from './DocumentsSection';
import { SelectField, Section, domId } from './fields';
import { chooseFlow, fitFlowToAccount, flowsOfAccount, jobInput, normalizeSteps, type ComposeForm } from './model';
import { RestPkiOptionsSection, RestPkiSignersSection } from './RestPkiSections';
import { DirectSignersSection } from './DirectSignersSection';
import { FlowSection } from './FlowSection';
import { OptionsSection } from './OptionsSection';
import { ReviewSummary } from './ReviewSection';
import { SignersSection } from './SignersSection';
import { TextsSection } from './TextsSection';
import { TridentLabelsSection, TridentSignersSection } from './TridentSections';
import { useCompose } from './use-compose';
import { errorsFromResult, validateForm, type FieldErrors } from './validation';
import './compose.css';

/** Errors show once a field was left, once the user tried to send, or live for a full 11-digit number. */
function visibleErrors(form: ComposeForm, errors: FieldErrors, touched: Set<string>, submitted: boolean): FieldErrors {
  if (submitted) return errors;
  const live = new Set([
    ...form.signers.filter((s) => s.nationalIdentityNumber.replace(/\s/g, '').length >= 11).map((s) => `signer:${s.key}:nin`),
    // A CPF is checked as it is typed, once all its digits are there.
    ...form.signers.filter((s) => s.cpf.replace(/[\s.\-/]/g, '').length >= 11).map((s) => `signer:${s.key}:cpf`),
  ]);
  return Object.fromEntries(
    Object.entries(errors).filter(([field]) => touched.has(field) || live.has(field) || (field.startsWith('doc:') && !field.endsWith(':title'))),
  );
}

export function ComposeView({ hash }: { hash: string }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const dataEpoch = useApp((s) => s.dataEpoch);
  const navigate = useApp((s) => s.navigate);
  const { form, setForm, accounts, loading, draftId, draftState, addFiles, markSent, holdAutosave } = useCompose(bridge, dataEpoch, hash);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteDraft = useDeleteDraft();
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [sendError, setSendError] = useState<ErrorValue | null>(null);
  const [sending, setSending] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  // The ways of signing the chosen account's service offers; a form of another way moves to its first.
  const provider = accounts?.find((a) => a.id === form.accountId)?.provider;
  const flows = useMemo(() => flowsOfAccount(provider), [provider]);
  useEffect(() => {
    if (provider && !flows.includes(form.flow)) setForm((f) => chooseFlow(f, flows[0]!));
  }, [provider, flows, form.flow, setForm]);

  const errors = useMemo(() => ({ ...validateForm(t, form, new Date()), ...serverErrors }), [t, form, serverErrors]);
  const shown = visibleErrors(form, errors, touched, submitted);
  // Pressing Send blurs the field one was in; showing its message then would shift the button away
  // from under the pointer before the click lands. Send shows every message anyway.
  const sendPressed = useRef(false);
  const touch = (field: string) => {
    if (sendPressed.current) return;
    setTouched((set) => (set.has(field) ? set : new Set(set).add(field)));
  };
  const edit = (update: (f: ComposeForm) => ComposeForm) => {
    setServerErrors({});
    setForm(update);
  };

  if (loading === 'loading' || accounts === null) {
    return (
      <>
        <PageHeader title={t('compose.title')} />
        <p className="muted loading">{t('app.loading')}</p>
      </>
    );
  }

  if (accounts.length === 0) {
    return (
      <>
        <PageHeader title={t('compose.title')} />
        <EmptyState icon="accounts" title={t('compose.noAccount.title')}>
          <p>{t('compose.noAccount.body')}</p>
          <a
            className="button button--primary"
            href="#/accounts"
            onClick={(event) => {
              event.preventDefault();
              navigate('accounts');
            }}
          >
            {t('compose.noAccount.action')}
          </a>
        </EmptyState>
      </>
    );
  }

  const release = () => setTimeout(() => (sendPressed.current = false), 0);

  const send = async () => {
    sendPressed.current = false;
    setSubmitted(true);
    setSendError(null);
    if (Object.keys(errors).length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSending(true);
    const result = await bridge.call('jobs.create', jobInput(form, new Date(), draftId ?? undefined));
    setSending(false);
    if (result.ok) {
      markSent();
      navigate('jobs');
      return;
    }
    setSendError(result.error);
    setServerErrors(errorsFromResult(t, form, result.error));
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const account = accounts.find((a) => a.id === form.accountId);
  const problems = Object.entries(submitted ? errors : {});
  const signers = normalizeSteps(form.signers);

  return (
    <>
      <PageHeader title={t('compose.title')}>
        <p className={`cmp-draft cmp-draft--${draftState}`} role="status">
          {draftState === 'saving' && t('compose.draft.saving')}
          {draftState === 'saved' && t('compose.draft.saved')}
          {draftState === 'error' && t('compose.draft.error')}
        </p>
        {draftId && (
          <button type="button" className="button button--small button--danger" onClick={() => setConfirmDelete(true)}>
            {t('drafts.delete')}
          </button>
        )}
      </PageHeader>
      <DeleteDraftDialog
        draft={confirmDelete ? { title: form.title } : null}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          if (!draftId) return;
          holdAutosave(true);
          void deleteDraft({ id: draftId, title: form.title }).then((deleted) => {
            if (deleted) navigate('jobs');
            else holdAutosave(false);
          });
        }}
      />

      <form
        className="cmp"
        noValidate
        aria-label={t('compose.title')}
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        {accounts.length > 1 ? (
          <Section id="compose-account" title={t('compose.account.title')}>
            <SelectField
              field="accountId"
              label={t('compose.account.label')}
              value={form.accountId}
              error={shown.accountId}
              options={accounts.map((a) => ({ value: a.id, label: a.isDemo ? t('compose.account.demo', { name: a.name }) : a.name }))}
              onChange={(accountId) => edit((f) => fitFlowToAccount({ ...f, accountId }, accounts.find((a) => a.id === accountId)))}
            />
          </Section>
        ) : (
          <p className="cmp-account-line">
            {t('compose.account.only', { name: account ? (account.isDemo ? t('compose.account.demo', { name: account.name }) : account.name) : '' })}
          </p>
        )}

        <FlowSection flow={form.flow} flows={flows} onChange={(flow) => edit((f) => chooseFlow(f, flow))} />

        <DocumentsSection
          form={form}
          errors={shown}
          addFiles={addFiles}
          setDocuments={(update) => edit((f) => ({ ...f, documents: update(f.documents) }))}
          touch={touch}
        />
        <TextsSection form={form} errors={shown} set={(key, value) => edit((f) => ({ ...f, [key]: value }))} touch={touch} />
        {form.flow === 'trident' ? (
          <>
            <TridentSignersSection signers={form.signers} errors={shown} setSigners={(update) => edit((f) => ({ ...f, signers: normalizeSteps(update(f.signers)) }))} touch={touch} />
            <TridentLabelsSection form={form} errors={shown} setLabelSets={(update) => edit((f) => ({ ...f, labelSets: update(f.labelSets) }))} touch={touch} />
          </>
        ) : form.flow === 'restpki' ? (
          <RestPkiSignersSection signers={form.signers} errors={shown} setSigners={(update) => edit((f) => ({ ...f, signers: normalizeSteps(update(f.signers)) }))} touch={touch} />
        ) : form.flow === 'direct' ? (
          <DirectSignersSection signers={form.signers} errors={shown} setSigners={(update) => edit((f) => ({ ...f, signers: normalizeSteps(update(f.signers)) }))} touch={touch} />
        ) : (
          <SignersSection signers={form.signers} errors={shown} setSigners={(update) => edit((f) => ({ ...f, signers: normalizeSteps(update(f.signers)) }))} touch={touch} />
        )}
        {form.flow === 'trident' ? null : form.flow === 'restpki' ? (
          <RestPkiOptionsSection form={form} set={(key, value) => edit((f) => ({ ...f, [key]: value }))} />
        ) : (
          <OptionsSection form={form} errors={shown} set={(key, value) => edit((f) => ({ ...f, [key]: value }))} touch={touch} />
        )}

        <Section id="compose-review" title={t('compose.review.title')}>
          <ReviewSummary form={{ ...form, signers }} now={new Date()} />
          <div ref={summaryRef} tabIndex={-1} className="cmp-problems-anchor">
            {(problems.length > 0 || sendError) && (
              <div className="callout callout--danger cmp-problems" role="alert">
                <Icon name="warning" />
                <div>
                  <p className="cmp-problems__title">
                    {sendError && problems.length === 0 ? t('compose.send.failed', { message: errorText(t, sendError) }) : t('compose.send.fix', { count: problems.length })}
                  </p>
                  {problems.length > 0 && (
                    <ul className="cmp-problems__list">
                      {problems.map(([field, message]) => (
                        <li key={field}>
                          <a
                            href={`#${domId(field)}`}
                            onClick={(event) => {
                              event.preventDefault();
                              const target =
                                document.getElementById(domId(field)) ?? document.getElementById(domId(`${field}:title`)) ?? document.getElementById(`${domId(field)}-error`);
                              target?.scrollIntoView({ block: 'center' });
                              target?.focus();
                            }}
                          >
                            {message}
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            )}
          </div>
          <div className="cmp-send">
            <button
              type="submit"
              className="button button--primary cmp-send__button"
              disabled={sending}
              aria-busy={sending || undefined}
              onPointerDown={() => {
                sendPressed.current = true;
              }}
              onPointerUp={release}
              onPointerLeave={release}
              onPointerCancel={release}
            >
              {sending && <span className="spinner" aria-hidden="true" />}
              {sending ? t('compose.send.sending') : t('compose.send.button')}
            </button>
            <span className="cmp-hint">{t('compose.send.hint')}</span>
          </div>
        </Section>
      </form>
    </>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobDetail, SyncProblem } from '../../src-shared/contract';
import { failureText, formatDateTime, verificationDetail, verificationText } from '../../src-shared/i18n';
import { attentionText, filingProblemText, syncProblemText } from '../../src-shared/i18n/attention-words';
import { isFailureReason } from '../../src-shared/failure';
import { formatCpf } from '../../src-shared/domain';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { Details } from '../components/Details';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useArchiveActions } from '../job/archive-actions';
import { ReturnHintBanner, SignerLinkActions, type LinkNotice } from '../job/DirectSigning';
import { ServiceOutcome } from '../job/ServiceOutcome';
import { canSignNow, rulesOf } from '../job/signing-links';
import { eventText, eventTone, folderOf, groupByStep, locallyCancellable, retryableStatuses, signerContact, signerName, signerStatus } from '../job/timeline';
import { SaveFolderDialog } from '../job/SaveFolderDialog';
import { isOutcomeUnknownProblem } from '../job/sync-words';
import { flowName, formatBytes, formatDate, progressLabel, progressText } from '../job/words';

/** `detail`: the technical words behind a failure, shown under "Details". */
type Notice = { tone: 'success' | 'danger' | 'info'; text: string; detail?: string; signerId?: string } | null;

/** A failure's technical text, unless it is a transport problem (ours, saying no more than the sentence). */
const detailOf = (error: ErrorValue) => (error.code === 'TRANSPORT' ? undefined : error.message);

export function JobPage() {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const dataEpoch = useApp((s) => s.dataEpoch);
  const jobId = useApp((s) => s.jobId);
  const [job, setJob] = useState<JobDetail | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(
    () =>
      bridge.on('jobs.changed', ({ jobIds }) => {
        if (jobIds.length === 0 || (jobId && jobIds.includes(jobId))) setChanges((n) => n + 1);
      }),
    [bridge, jobId],
  );

  useEffect(() => {
    if (dataEpoch === 0 || !jobId) return;
    let current = true;
    void bridge.call('jobs.get', { id: jobId }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setJob(result.value);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [bridge, dataEpoch, jobId, changes]);

  useEffect(() => {
    if (job) document.title = t('app.pageTitle', { page: job.title });
  }, [job, t]);

  if (error && !job) {
    return (
      <>
        <BackLink />
        <PageHeader title={t('jobPage.documentTitle')} />
        <div className="callout callout--danger" role="alert">
          <p>{error.code === 'NOT_FOUND' ? t('jobPage.notFound') : t('jobPage.loadError', { message: errorText(t, error) })}</p>
        </div>
      </>
    );
  }
  if (!job) {
    return (
      <>
        <BackLink />
        <PageHeader title={t('jobPage.documentTitle')} />
        <p className="muted loading">{t('app.loading')}</p>
      </>
    );
  }
  return <JobView job={job} onChanged={setJob} />;
}

function BackLink() {
  const t = useT();
  return (
    <a className="back-link" href="#/jobs">
      <span aria-hidden="true">←</span> {t('jobPage.back')}
    </a>
  );
}

function JobView({ job, onChanged }: { job: JobDetail; onChanged(job: JobDetail): void }) {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const allProgress = useApp((s) => s.progress);
  const progress = allProgress.filter((p) => p.jobId === job.id);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | 'retry' | null>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const time = (iso: string) => formatDateTime(language, iso);
  const archiveActions = useArchiveActions();
  const archivedNotice = useRef<HTMLDivElement>(null);

  // "The signing page opened ..." is about a signer who is still to sign: once they have, it goes.
  const signerOfNotice = notice?.signerId ? job.signers.find((s) => s.id === notice.signerId) : undefined;
  useEffect(() => {
    if (signerOfNotice && signerOfNotice.status !== 'waiting') setNotice(null);
  }, [signerOfNotice]);

  useEffect(() => {
    // The shell focused the loading heading, which this view replaced: keep focus on the page's heading.
    if (document.activeElement === document.body || document.activeElement === null) {
      document.querySelector<HTMLElement>('[data-page-heading]')?.focus();
    }
  }, []);

  const run = useCallback(
    async (name: string, action: () => Promise<{ ok: true; value: JobDetail } | { ok: false; error: ErrorValue }>, success: string, failure?: string) => {
      setBusy(name);
      setNotice(null);
      const result = await action();
      setBusy(null);
      if (result.ok) {
        onChanged(result.value);
        setNotice({ tone: 'success', text: success });
      } else {
        // What was being done, where it helps ("could not be saved to …"), then why, in words.
        const why = errorText(t, result.error);
        setNotice({ tone: 'danger', text: failure ? `${failure} ${why}` : why, detail: detailOf(result.error) });
      }
      return result.ok;
    },
    [onChanged, t],
  );

  const filed = job.downloads.filter((d) => d.state === 'archived' || d.state === 'filed');
  const archiveFolder = filed.find((d) => d.archivePath)?.archivePath;
  const readOnly = job.accountRemoved || job.archivedAt !== null;
  const canRetry = !readOnly && retryableStatuses.includes(job.status) && (job.status !== 'queued' || job.lastErrorMessage !== null);
  const canCancel = !job.accountRemoved && (job.canCancel || locallyCancellable.includes(job.status));
  // Rest PKI Core cannot cancel a session: a running job is withdrawn here, and the words say exactly that.
  const withdraws = job.flow === 'restpki' && job.status === 'in_progress';

  // The service allows deleting a day after the last signature: until then the button says from when.
  const deleteWaitsUntil = !job.canDeleteDocuments ? job.deleteDocumentsFrom : null;

  useEffect(() => {
    if (!deleteWaitsUntil) return;
    const delay = new Date(deleteWaitsUntil).getTime() - Date.now();
    // Only a time still ahead: a clock that disagrees with the core's must not start a reload loop.
    if (delay <= 0 || delay > 2 ** 31 - 1) return;
    const timer = setTimeout(() => {
      void bridge.call('jobs.get', { id: job.id }).then((result) => result.ok && onChanged(result.value));
    }, delay + 1000);
    return () => clearTimeout(timer);
  }, [bridge, deleteWaitsUntil, job.id, onChanged]);

  // Archive and restore keep the page; the toast they show has Undo, and focus goes to what changed.
  const moveToArchive = async (to: 'archive' | 'restore') => {
    setBusy(to);
    setNotice(null);
    const moved = await archiveActions[to](job);
    setBusy(null);
    if (!moved) return;
    onChanged(moved);
    if (to === 'archive') requestAnimationFrame(() => archivedNotice.current?.focus());
    else requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-page-heading]')?.focus());
  };

  const copyReference = async () => {
    if (!job.reference) return;
    try {
      await navigator.clipboard.writeText(job.reference);
      setNotice({ tone: 'success', text: t('jobPage.copied', { reference: job.reference }) });
    } catch {
      setNotice({ tone: 'danger', text: t('jobPage.copyFailed') });
    }
  };

  /** Asks main to show a signed file in its folder; `where` is only the path to tell when it cannot. */
  const showInFolder = async (target: { jobId: string } | { downloadId: string }, where: string) => {
    const result = await bridge.call('host.showInFolder', target);
    if (!result.ok) setNotice({ tone: 'danger', text: errorText(t, result.error), detail: detailOf(result.error) });
    else if (!result.value.shown) setNotice({ tone: 'info', text: t('jobPage.revealUnavailable', { path: where }) });
  };

  const save = (folder: string) => run('save', () => bridge.call('jobs.saveAgain', { id: job.id, folder }), t('jobPage.saved', { folder }), t('saveFolder.saveFailed', { folder }));
  // The folder is back (or was never gone): file what waits in the archive. A failure is not an
  // error of the call but the job's attention, told in words.
  const retryFiling = async () => {
    setBusy('file');
    setNotice(null);
    const result = await bridge.call('jobs.retryFiling', { id: job.id });
    setBusy(null);
    if (!result.ok) return setNotice({ tone: 'danger', text: errorText(t, result.error), detail: detailOf(result.error) });
    onChanged(result.value);
    const still = result.value.attention;
    setNotice(
      still?.reason === 'not-filed'
        ? { tone: 'danger', text: t('jobPage.filing.stillFailing', { problem: filingProblemText(t, still) }), detail: still.detail }
        : { tone: 'success', text: t('jobPage.filing.done') },
    );
  };

  // Where the host has its own folder dialog (Electron), main asks for the folder and saves: the
  // window never names it. Without one (web host) the in-page dialog asks, and jobs.saveAgain saves.
  const startSave = async () => {
    setBusy('save');
    setNotice(null);
    const result = await bridge.call('jobs.saveToChosenFolder', { id: job.id });
    setBusy(null);
    if (!result.ok) return setNotice({ tone: 'danger', text: errorText(t, result.error), detail: detailOf(result.error) });
    const answer = result.value;
    if (answer.outcome === 'noDialog') setSaveOpen(true);
    else if (answer.outcome === 'saved') {
      onChanged(answer.job);
      setNotice({ tone: 'success', text: t('jobPage.saved', { folder: answer.folder }) });
    }
  };

  return (
    <>
      <BackLink />
      <PageHeader title={job.title}>
        <StatusBadge job={job} />
      </PageHeader>
      <div className="job-summary">
        <p className="job-summary__progress">{progressText(t, job)}</p>
        <dl className="facts facts--inline">
          {job.reference && (
            <>
              <dt>{t('jobPage.reference')}</dt>
              <dd className="mono">
                {job.reference}
                <button type="button" className="button button--small" onClick={() => void copyReference()}>
                  {t('jobPage.copyReference')}
                </button>
              </dd>
            </>
          )}
          {job.deadline && (
            <>
              <dt>{t('jobList.column.deadline')}</dt>
              <dd>
                <time dateTime={job.deadline}>{formatDate(language, job.deadline)}</time>
              </dd>
            </>
          )}
          <dt>{t('direct.flowLabel')}</dt>
          <dd>{job.flow === 'portal' || job.flow === 'direct' || job.flow === 'restpki' ? t(`direct.flowFact.${job.flow}`) : flowName(t, job.flow)}</dd>
          <dt>{t('jobPage.created')}</dt>
          <dd>
            <time dateTime={job.createdAt}>{time(job.createdAt)}</time>
          </dd>
          {job.lastSyncedAt && (
            <>
              <dt>{t('jobPage.lastSynced')}</dt>
              <dd>
                <time dateTime={job.lastSyncedAt}>{time(job.lastSyncedAt)}</time>
              </dd>
            </>
          )}
        </dl>
      </div>

      {job.archivedAt && (
        <div className="callout callout--info job-archived" ref={archivedNotice} tabIndex={-1}>
          <Icon name="inbox" size={18} />
          <div>
            <p>{t('archive.pageNotice', { at: time(job.archivedAt) })}</p>
            <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void moveToArchive('restore')}>
              {t('archive.pageRestore')}
            </button>
          </div>
        </div>
      )}
      {job.accountRemoved && (
        <div className="callout callout--warning">
          <Icon name="warning" size={18} />
          <p>{t('archive.accountRemovedNotice')}</p>
        </div>
      )}

      {job.syncProblem && <SyncProblemCallout job={job} problem={job.syncProblem} />}
      {job.lastErrorMessage && !(job.status === 'outcome_unknown' && job.syncProblem) && (
        <div className="callout callout--danger">
          <Icon name="warning" size={18} />
          <div>
            <p>{t(job.status === 'queued' ? 'jobPage.error.willRetry' : `jobPage.error.${job.status === 'outcome_unknown' ? 'outcomeUnknown' : 'rejected'}`)}</p>
            {job.attention?.reason === 'not-sent' ? (
              <p>{attentionText(t, language, job.attention)}</p>
            ) : (
              <>
                <p>{isFailureReason(job.lastErrorReason) ? failureText(t, { reason: job.lastErrorReason }) : t('jobPage.error.fallback')}</p>
                {job.nextSubmitAt && <p className="muted">{t('jobPage.nextAttempt', { at: time(job.nextSubmitAt) })}</p>}
              </>
            )}
            {/* The service's code is in its message already (once); a system code may not be. */}
            <Details code={job.lastErrorCode && !job.lastErrorMessage.includes(job.lastErrorCode) ? job.lastErrorCode : null} detail={job.lastErrorMessage} />
          </div>
        </div>
      )}
      {job.attention?.reason === 'not-filed' && (
        <div className="callout callout--danger callout--filing">
          <Icon name="warning" size={18} />
          <div>
            <p>{attentionText(t, language, job.attention)}</p>
            <p>{t('jobPage.filing.kept')}</p>
            <Details detail={job.attention.detail} />
          </div>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void retryFiling()}>
            {busy === 'file' ? t('jobPage.filing.retrying') : t('jobPage.filing.retry')}
          </button>
        </div>
      )}
      {!job.lastErrorMessage && !job.syncProblem && job.status === 'outcome_unknown' && (
        <div className="callout callout--warning">
          <Icon name="warning" size={18} />
          <p>{t('jobPage.error.outcomeUnknown')}</p>
        </div>
      )}

      {job.status === 'failed' && job.rejectedBy && <Rejection job={job} rejectedBy={job.rejectedBy} />}
      <ServiceOutcome job={job} />

      {/* Always in the page, so a return announces itself the moment it arrives. */}
      <div className="return-hint-slot" role="status">
        {job.returnHint && rulesOf(job.flow)?.browserSigning && <ReturnHintBanner hint={job.returnHint} flow={job.flow} />}
      </div>

      <div className="actions" role="group" aria-label={t('jobPage.actions')}>
        {filed.length > 0 && (
          <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void startSave()}>
            {busy === 'save' ? t('jobPage.saving') : t('jobPage.save')}
          </button>
        )}
        {archiveFolder && (
          <button type="button" className="button" onClick={() => void showInFolder({ jobId: job.id }, folderOf(archiveFolder))}>
            {t('jobPage.openArchive')}
          </button>
        )}
        {canRetry && (
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() =>
              // The service may have the job already: sending it again is a decision, with the risk in words.
              job.status === 'outcome_unknown' ? setConfirm('retry') : void run('retry', () => bridge.call('jobs.retrySubmit', { id: job.id }), t('jobPage.retried'))
            }
          >
            {t('jobPage.retry')}
          </button>
        )}
        {(job.canDeleteDocuments || deleteWaitsUntil) && (
          <button
            type="button"
            className="button"
            disabled={busy !== null || !job.canDeleteDocuments}
            aria-describedby={deleteWaitsUntil ? 'delete-documents-from' : undefined}
            onClick={() => setConfirm('delete')}
          >
            {t('jobPage.deleteDocuments')}
          </button>
        )}
        {canCancel && (
          <button type="button" className="button button--danger" disabled={busy !== null} onClick={() => setConfirm('cancel')}>
            {withdraws ? t('restpki.withdraw') : t('jobPage.cancel')}
          </button>
        )}
        {job.canArchive && (
          <button type="button" className="button" disabled={busy !== null} onClick={() => void moveToArchive('archive')}>
            {t('archive.archive')}
          </button>
        )}
      </div>
      {canRetry && job.status !== 'outcome_unknown' && <p className="muted hint">{t('sync.retryExplained')}</p>}
      {deleteWaitsUntil && (
        <p id="delete-documents-from" className="muted hint">
          {failureText(t, { reason: 'job.documentsDeletableFrom', params: { time: deleteWaitsUntil } })}
        </p>
      )}

      <div className="notice-slot" role="status">
        {notice && (
          <div className={`notice notice--${notice.tone}`}>
            <p>{notice.text}</p>
            <Details detail={notice.detail} />
          </div>
        )}
        {progress.map((p) => (
          <p key={p.task} className="notice notice--info">
            <span className="spinner" aria-hidden="true" /> {progressLabel(t, p)}
            {p.total > 1 && ` (${p.done}/${p.total})`}
          </p>
        ))}
      </div>

      <div className="job-grid">
        <div className="job-grid__main">
          <Signers job={job} onNotice={setNotice} />
          <Files job={job} onShowInFolder={(download) => void showInFolder({ downloadId: download.id }, download.savedPath ?? '')} />
          <Documents job={job} />
        </div>
        <Timeline job={job} />
      </div>

      <Dialog
        open={confirm === 'cancel'}
        title={withdraws ? t('restpki.withdrawConfirm.title') : t('jobPage.cancelConfirm.title')}
        tone="danger"
        onClose={() => setConfirm(null)}
        onSubmit={() => {
          setConfirm(null);
          void run('cancel', () => bridge.call('jobs.cancel', { id: job.id }), withdraws ? t('restpki.withdrawn') : t('jobPage.cancelled'));
        }}
        actions={
          <>
            <button type="button" className="button" data-autofocus onClick={() => setConfirm(null)}>
              {t('jobPage.keep')}
            </button>
            <button type="submit" className="button button--danger">
              {withdraws ? t('restpki.withdrawConfirm.action') : t('jobPage.cancelConfirm.action')}
            </button>
          </>
        }
      >
        <p>{withdraws ? t('restpki.withdrawConfirm.body', { title: job.title }) : t('jobPage.cancelConfirm.body', { title: job.title })}</p>
      </Dialog>
      <Dialog
        open={confirm === 'delete'}
        title={t('jobPage.deleteConfirm.title')}
        tone="danger"
        onClose={() => setConfirm(null)}
        onSubmit={() => {
          setConfirm(null);
          void run('delete', () => bridge.call('jobs.deleteDocuments', { id: job.id }), t('jobPage.deleted'));
        }}
        actions={
          <>
            <button type="button" className="button" data-autofocus onClick={() => setConfirm(null)}>
              {t('jobPage.keep')}
            </button>
            <button type="submit" className="button button--danger">
              {t('jobPage.deleteConfirm.action')}
            </button>
          </>
        }
      >
        <p>{t('jobPage.deleteConfirm.body')}</p>
      </Dialog>
      <Dialog
        open={confirm === 'retry'}
        title={t('sync.retryRisk.title')}
        tone="danger"
        onClose={() => setConfirm(null)}
        onSubmit={() => {
          setConfirm(null);
          void run('retry', () => bridge.call('jobs.retrySubmit', { id: job.id, acceptDuplicateRisk: true }), t('jobPage.retried'));
        }}
        actions={
          <>
            <button type="button" className="button" data-autofocus onClick={() => setConfirm(null)}>
              {t('sync.retryRisk.keep')}
            </button>
            <button type="submit" className="button button--danger">
              {t('sync.retryRisk.action')}
            </button>
          </>
        }
      >
        <p>{t('sync.retryRisk.body', { title: job.title })}</p>
        {job.serviceReference && <p className="muted">{t('sync.outcomeUnknown.reference', { reference: job.serviceReference })}</p>}
      </Dialog>
      <SaveFolderDialog
        open={saveOpen}
        job={job}
        onClose={() => setSaveOpen(false)}
        onSave={(folder) => {
          setSaveOpen(false);
          void save(folder);
        }}
      />
    </>
  );
}

/** What the sync engine found (the evidence of an outcome unknown, a signed file refused), in words; the technical detail behind "Details". */
function SyncProblemCallout({ job, problem }: { job: JobDetail; problem: SyncProblem }) {
  const t = useT();
  const outcomeUnknown = isOutcomeUnknownProblem(problem);
  return (
    <div className={`callout callout--${outcomeUnknown ? 'warning' : 'danger'}`} role="status">
      <Icon name="warning" size={18} />
      <div>
        <p>{syncProblemText(t, problem)}</p>
        {outcomeUnknown && job.serviceReference && <p>{t('sync.outcomeUnknown.reference', { reference: job.serviceReference })}</p>}
        {outcomeUnknown && <p className="muted">{t('sync.outcomeUnknown.settles')}</p>}
        <Details detail={problem.detail} />
      </div>
    </div>
  );
}

/** Who refused and when, in words: the job page's answer to "why did this fail?". */
function Rejection({ job, rejectedBy }: { job: JobDetail; rejectedBy: NonNullable<JobDetail['rejectedBy']> }) {
  const t = useT();
  const language = useLanguage();
  const since = job.signers.find((s) => s.position === rejectedBy.position)?.statusSince;
  const who = signerName(t, rejectedBy);
  return (
    <div className="callout callout--danger" data-testid="rejection">
      <Icon name="warning" size={18} />
      <p>{since ? t('signers.rejectedExplained', { who, time: formatDateTime(language, since) }) : t('signers.rejectedBy', { who })}</p>
    </div>
  );
}

function Signers({ job, onNotice }: { job: JobDetail; onNotice(notice: LinkNotice | null): void }) {
  const t = useT();
  const language = useLanguage();
  // Signers of a flow without an order sign all at once: one list, no steps.
  const ordered = rulesOf(job.flow)?.orderedSigners ?? true;
  const steps = ordered ? groupByStep(job.signers) : [{ step: 0, signers: [...job.signers].sort((a, b) => a.position - b.position) }].filter((group) => group.signers.length > 0);
  const linksOffered = job.signers.some((signer) => canSignNow(job, signer));
  return (
    <section className="card" aria-labelledby="job-signers">
      <h2 id="job-signers" className="card__title">
        {t('jobPage.signers')}
      </h2>
      {steps.length === 0 && <p className="muted">{t('jobs.noSigners')}</p>}
      {linksOffered && <p className="muted signer-links-note">{t(job.flow === 'trident' ? 'trident.job.linksNote' : 'direct.job.linksNote')}</p>}
      {steps.map(({ step, signers }) => (
        <div key={step} className="step">
          {ordered && (
            <h3 className="step__title">
              {t('jobPage.step', { step })}
              {job.status === 'in_progress' && job.progress.activeStep === step && <span className="badge badge--info">{t('jobPage.activeStep')}</span>}
            </h3>
          )}
          <ul className="signer-list">
            {signers.map((signer) => {
              // A Rest PKI Core signer after the current one has no session yet: they wait for the one before.
              const waitsForPrevious = job.flow === 'restpki' && job.status === 'in_progress' && signer.status === 'not_sent';
              const status = waitsForPrevious ? { text: t('restpki.signer.waitsForPrevious'), tone: 'neutral' as const } : signerStatus(t, signer.status, signer.serviceStatus);
              const contact = signerContact(signer) ?? (signer.cpf ? t('restpki.signer.cpf', { cpf: formatCpf(signer.cpf) }) : null);
              const who = signerName(t, signer);
              return (
                <li key={signer.id} className="signer" data-testid="job-signer">
                  <span className="signer__name">
                    <span>{who}</span>
                    {contact && <span className="signer__contact muted">{contact}</span>}
                  </span>
                  <span className={`badge badge--${status.tone}`}>{status.text}</span>
                  <span className="signer__time muted">
                    {signer.statusSince && <time dateTime={signer.statusSince}>{formatDateTime(language, signer.statusSince)}</time>}
                  </span>
                  {signer.certificate && (
                    <span className="signer__certificate muted">
                      {t('restpki.signer.certificateLine', { name: signer.certificate.name, issuer: signer.certificate.issuer ?? '–' })}
                    </span>
                  )}
                  {canSignNow(job, signer) && <SignerLinkActions job={job} signer={signer} who={who} onNotice={onNotice} reusable={job.flow === 'trident'} />}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Files({ job, onShowInFolder }: { job: JobDetail; onShowInFolder(download: JobDetail['downloads'][number]): void }) {
  const t = useT();
  if (job.downloads.length === 0) return null;
  return (
    <section className="card" aria-labelledby="job-files">
      <h2 id="job-files" className="card__title">
        {t('jobPage.files')}
      </h2>
      <ul className="file-list">
        {[...job.downloads].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'pades' ? -1 : 1)).map((d) => {
          const signer = job.signers.find((s) => s.id === d.signerId);
          const document = d.documentId ? job.documents.find((doc) => doc.id === d.documentId) : undefined;
          const name =
            d.kind === 'xades' ? t('jobPage.file.xadesOf', { who: signerName(t, signer) })
            : document ? t('restpki.file.signedDocument', { title: document.title })
            : t('jobPage.file.pades');
          return (
            <li key={d.id} className="file">
              <div className="file__head">
                <span className="cell-title">{name}</span>
                <span className={`badge badge--${d.state === 'failed' ? 'danger' : d.state === 'pending' ? 'neutral' : 'success'}`}>
                  {t(`jobPage.fileState.${d.state}`)}
                </span>
                {d.verified !== null && (
                  <span className={`badge badge--${d.verified ? 'success' : 'danger'}`}>
                    {d.verified ? t('jobPage.verified') : t('jobPage.notVerified')}
                  </span>
                )}
              </div>
              {d.verificationReport ? (
                <div className="file__detail muted">
                  <p>{verificationText(t, d.verificationReport)}</p>
                  {!d.verificationReport.ok && <Details detail={verificationDetail(d.verificationReport)} />}
                </div>
              ) : (
                d.verification && (
                  // Checked by a version that kept only an English summary: say so, the summary behind "Details".
                  <div className="file__detail muted">
                    <p>{t('jobPage.verification.legacy')}</p>
                    <Details detail={d.verification} />
                  </div>
                )
              )}
              {d.lastError && (
                <div className="file__detail form-field__error">
                  <p>{isFailureReason(d.lastErrorReason) ? failureText(t, { reason: d.lastErrorReason, params: d.lastErrorParams ?? undefined }) : t('jobPage.file.failedFallback')}</p>
                  <Details detail={d.lastError} />
                </div>
              )}
              {d.savedPath && (
                <p className="file__detail">
                  {t('jobPage.savedAt')}{' '}
                  <button type="button" className="link-button mono" onClick={() => onShowInFolder(d)}>
                    {d.savedPath}
                  </button>
                </p>
              )}
              {d.archivePath && (
                <p className="file__detail muted">
                  {t('jobPage.archivedAt')} <span className="mono">{d.archivePath}</span>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Documents({ job }: { job: JobDetail }) {
  const t = useT();
  const language = useLanguage();
  return (
    <section className="card" aria-labelledby="job-documents">
      <h2 id="job-documents" className="card__title">
        {t('jobPage.documents')}
      </h2>
      {job.documents.length === 0 && <p className="muted">{t('jobPage.noDocuments')}</p>}
      <ul className="document-list">
        {job.documents.map((d) => (
          <li key={d.id} className="document">
            <span className="cell-title">{d.title}</span>
            <span className="muted">
              {d.fileName} · {formatBytes(language, d.size)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Timeline({ job }: { job: JobDetail }) {
  const t = useT();
  const language = useLanguage();
  const time = (iso: string) => formatDateTime(language, iso);
  return (
    <section className="card timeline-card" aria-labelledby="job-timeline">
      <h2 id="job-timeline" className="card__title">
        {t('jobPage.timeline')}
      </h2>
      <ol className="timeline">
        {job.events.map((event) => (
          <li key={event.id} className={`timeline__item timeline__item--${eventTone(event)}`}>
            <span className="timeline__text">{eventText(t, event, job, time)}</span>
            <span className="timeline__meta muted">
              <time dateTime={event.at}>{time(event.at)}</time> · {t(`actor.${event.actor}`)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

import type { JobDetail, JobStatus, JobSummary } from '../../src-shared/contract';
import { jobStatusOfWord, signerLabelOf, signerStatusOfWord, unsentStatuses, type CommonSignerStatus } from '../../src-shared/domain';
import { isFailureReason, refusedDownloadReasons, type FailureReason } from '../../src-shared/failure';
import { failureText, verificationText, type Translate } from '../../src-shared/i18n';
import { jobStatusWords, signerStatusWords } from '../../src-shared/i18n/status-words';
import type { ReceivedVerificationReport } from '../../src-shared/verification';

type Signer = JobDetail['signers'][number];
type JobEvent = JobDetail['events'][number];
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** The colour of each signer status. */
const signerTones: Record<CommonSignerStatus, Tone> = {
  not_sent: 'neutral',
  waiting: 'info',
  signed: 'success',
  rejected: 'danger',
  cancelled: 'neutral',
  expired: 'warning',
  failed: 'danger',
};

/** A signer's status in words and a colour. Log entries of earlier versions carry the service's word only. */
export function signerStatus(t: Translate, status: string, serviceStatus?: string | null): { text: string; tone: Tone } {
  const common = signerStatusOfWord(status);
  return { text: signerStatusWords(t, status, serviceStatus), tone: common ? signerTones[common] : 'neutral' };
}

type NamedSigner = Pick<Signer, 'position' | 'name' | 'email' | 'mobile'> & { nationalIdentityNumber?: string | null; customIdentifier?: string | null };

/** How a signer is known to the administrator: name, else contact; a national identity number is shown masked. */
export function signerName(t: Translate, signer: NamedSigner | null | undefined, fallbackPosition?: number): string {
  if (!signer) return t('jobPage.signerN', { n: (fallbackPosition ?? 0) + 1 });
  const label = signerLabelOf(signer);
  if (label) return label;
  if (signer.nationalIdentityNumber) return maskNationalId(signer.nationalIdentityNumber);
  if (signer.customIdentifier) return signer.customIdentifier;
  return t('jobPage.signerN', { n: signer.position + 1 });
}

/** The contact shown under a named signer, so two people of the same name can be told apart. */
export function signerContact(signer: Signer): string | null {
  if (!signer.name?.trim()) return null;
  return [signer.email, signer.mobile].filter(Boolean).join(' · ') || (signer.nationalIdentityNumber ? maskNationalId(signer.nationalIdentityNumber) : null);
}

/** A job's status in words: "Rejected by Kari Nordmann" rather than "Failed" when a signer refused. */
export function jobStatusText(t: Translate, job: Pick<JobSummary, 'status' | 'rejectedBy'>): string {
  if (job.status === 'failed' && job.rejectedBy) return t('signers.rejectedBy', { who: signerName(t, job.rejectedBy) });
  return t(`status.${job.status}`);
}

export function maskNationalId(value: string): string {
  return value.length === 11 ? `${value.slice(0, 6)} •••••` : value;
}

export function groupByStep(signers: readonly Signer[]): { step: number; signers: Signer[] }[] {
  const steps = new Map<number, Signer[]>();
  for (const signer of [...signers].sort((a, b) => a.step - b.step || a.position - b.position)) {
    steps.set(signer.step, [...(steps.get(signer.step) ?? []), signer]);
  }
  return [...steps].map(([step, list]) => ({ step, signers: list }));
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** An event's reason in words; events written before reasons were recorded get the general one. */
const reasonText = (t: Translate, reason: unknown, general: FailureReason) => failureText(t, { reason: isFailureReason(reason) ? reason : general });

const isReport = (value: unknown): value is ReceivedVerificationReport =>
  typeof value === 'object' && value !== null && Array.isArray((value as ReceivedVerificationReport).findings) && Array.isArray((value as ReceivedVerificationReport).signers);

/** One event of the timeline in plain language. */
export function eventText(t: Translate, event: JobEvent, job: JobDetail, formatTime: (iso: string) => string): string {
  const d = event.data;
  const fileKind = d.kind === 'xades' ? t('jobPage.file.xades') : t('jobPage.file.pades');
  switch (event.kind) {
    case 'created':
      return t('event.created', { documents: t.plural('count.documents', Number(d.documents) || 0), signers: t.plural('count.signers', Number(d.signers) || 0) });
    case 'submitted':
      return t('event.submitted');
    case 'submit-failed':
      return d.retryAt
        ? t('event.submitFailedRetry', { reason: reasonText(t, d.reason, 'network.failed'), at: formatTime(str(d.retryAt)) })
        : t('event.submitFailed', { reason: reasonText(t, d.reason, 'network.failed') });
    case 'rejected-by-service':
      return t('event.rejectedByService', { reason: reasonText(t, d.reason, 'service.rejected') });
    case 'outcome-unknown':
      return d.reason && d.reason !== 'outcome-unknown-interrupted' ? t('event.outcomeUnknownAnswerLost') : t('event.outcomeUnknown');
    case 'reconciled':
      return t('event.reconciled');
    case 'stale-status-change':
      return t('event.staleStatusChange', { status: jobStatusWords(t, d.status) });
    case 'download-refused': {
      const reason = refusedDownloadReasons[String(d.reason) as keyof typeof refusedDownloadReasons] ?? 'download.notVerified';
      return t('event.downloadRefused', { file: fileKind, reason: failureText(t, { reason }) });
    }
    case 'status-change':
      // Posten reports a refusal as FAILED; say who refused instead.
      if (jobStatusOfWord(d.status) === 'failed' && job.rejectedBy) return t('event.statusChange', { status: jobStatusText(t, job) });
      return t('event.statusChange', { status: jobStatusWords(t, d.status) });
    case 'signer-status': {
      const position = Number(d.signer);
      const signer = job.signers.find((s) => s.position === position);
      const who = signerName(t, signer, position);
      const to = signerStatusOfWord(d.to);
      if (to === 'signed') return t('event.signerSigned', { who });
      if (to === 'rejected') return t('event.signerRejected', { who });
      return t('event.signerStatus', { who, status: signerStatus(t, str(d.to), typeof d.serviceStatus === 'string' ? d.serviceStatus : null).text });
    }
    case 'downloaded':
      return d.verified
        ? t('event.downloadedVerified', { file: fileKind })
        : t('event.downloadedNotVerified', { file: fileKind, detail: isReport(d.report) ? verificationText(t, d.report) : t('verification.finding.signatureInvalid') });
    case 'filed':
      return t('event.filed', { file: fileKind, path: str(d.path) });
    case 'filing-failed': {
      const params = typeof d.params === 'object' && d.params !== null ? (d.params as Record<string, string | number>) : undefined;
      return t('event.filingFailed', { file: fileKind, problem: failureText(t, { reason: isFailureReason(d.reason) ? d.reason : 'file.failed', params }) });
    }
    case 'saved-again':
      return t('event.savedAgain', { file: fileKind, path: str(d.path) });
    case 'cancelled':
      return d.reason === 'account-removed' ? t('event.cancelledAccountRemoved') : t('event.cancelled');
    case 'archived':
      return t('event.archived');
    case 'unarchived':
      return t('event.unarchived');
    case 'account-removed':
      return t(d.stoppedFollowing ? 'event.accountRemovedStopped' : 'event.accountRemoved', { account: str(d.account) });
    case 'cancel-requested':
      return t('event.cancelRequested');
    case 'withdrawn':
      return t('restpki.event.withdrawn');
    case 'session-created': {
      const position = Number(d.signer);
      return t('restpki.event.sessionCreated', { who: signerName(t, job.signers.find((s) => s.position === position), position) });
    }
    case 'cancel-refused':
      return t('event.cancelRefused');
    case 'retry-requested':
      return t('event.retryRequested');
    case 'signer-returned':
      if (job.flow === 'restpki') return t('restpki.event.signerReturned');
      return t(d.exit === 'rejection' ? 'event.signerReturnedRejection' : d.exit === 'error' ? 'event.signerReturnedError' : 'event.signerReturnedCompletion');
    case 'signing-links':
      return t.plural('event.signingLinks', Array.isArray(d.signers) ? d.signers.length : 1);
    case 'documents-deleted':
      // TRIDENT's processes go whatever the outcome, once their signed files (if any) are filed.
      if (job.flow === 'trident') return t('trident.event.cleanedUp');
      return event.actor === 'app' ? t('event.documentsDeletedAuto') : t('event.documentsDeleted');
    case 'signer-turn': {
      const position = Number(d.signer);
      return t('trident.event.signerTurn', { who: signerName(t, job.signers.find((s) => s.position === position), position) });
    }
    default:
      return event.kind.replaceAll('-', ' ');
  }
}

export function eventTone(event: JobEvent): Tone {
  if (event.kind === 'signer-status') {
    const to = signerStatusOfWord(event.data.to);
    return to === 'signed' ? 'success' : to === 'rejected' ? 'danger' : 'info';
  }
  if (['submit-failed', 'outcome-unknown', 'cancel-refused', 'stale-status-change', 'filing-failed'].includes(event.kind) || (event.kind === 'account-removed' && event.data.stoppedFollowing)) return 'warning';
  if (event.kind === 'download-refused') return 'danger';
  if (event.kind === 'reconciled') return 'success';
  if (event.kind === 'rejected-by-service' || (event.kind === 'downloaded' && !event.data.verified)) return 'danger';
  if (['filed', 'saved-again', 'downloaded'].includes(event.kind)) return 'success';
  return 'neutral';
}

export const retryableStatuses: readonly JobStatus[] = unsentStatuses;
/** Jobs never (known to be) sent can be cancelled locally; the core handles both kinds. */
export const locallyCancellable: readonly JobStatus[] = retryableStatuses;

/** The folder of a file path, for either separator (the renderer has no node:path). */
export function folderOf(path: string): string {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return at > 0 ? path.slice(0, at) : path;
}

import type { EventPayload, JobSummary } from '../../src-shared/contract';
import type { Flow } from '../../src-shared/domain';
import { rulesOf } from './signing-links';
import { localeOf, type Language, type Translate } from '../../src-shared/i18n';

/** The signers' progress in words, the same for eyes and screen readers: "2 of 4 signed, waiting for step 3". */
export function progressText(t: Translate, job: Pick<JobSummary, 'progress' | 'status'> & Partial<Pick<JobSummary, 'flow'>>): string {
  const { total, signed, activeStep } = job.progress;
  if (total === 0) return t('jobs.noSigners');
  const base = t('jobs.progress', { signed, total });
  // Signers of a flow without an order sign all at once: there is no step to wait for.
  const ordered = job.flow === undefined || (rulesOf(job.flow)?.orderedSigners ?? true);
  if (ordered && job.status === 'in_progress' && activeStep !== null) return t('jobList.progressWaiting', { base, step: activeStep });
  return base;
}

/** What slow work is doing, in the user's language; `label` is technical English, for events from older versions. */
export function progressLabel(t: Translate, progress: Pick<EventPayload<'progress'>, 'stage' | 'label'>): string {
  return progress.stage ? t(`progress.${progress.stage}`) : progress.label;
}

export { formatDate } from '../../src-shared/i18n';

export function formatBytes(language: Language, bytes: number): string {
  const format = (n: number, unit: string) =>
    `${new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 1 }).format(n)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB');
  return format(bytes / 1024 / 1024, 'MB');
}

/** A job that waits on signers with a deadline in the past or within two days deserves a second look. */
export function deadlineIsNear(job: Pick<JobSummary, 'deadline' | 'status'>, now = Date.now()): boolean {
  if (!job.deadline || job.status !== 'in_progress') return false;
  return new Date(job.deadline).getTime() - now < 2 * 24 * 3600_000;
}

/** A job's way of signing as a short label for lists and the job page: "Portal", "Direct". */
export const flowName = (t: Translate, flow: Flow): string => t(`direct.flowName.${flow}`);

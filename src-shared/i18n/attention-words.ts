// Jobs and accounts that need attention, in words: one wording for the job list, the job page,
// the status bar, notifications and the command line, in whichever language the caller shows.
import type { JobAttention, ServiceProblem, SyncProblem, SyncProblemReason } from '../contract/attention';
import { localeOf, type Language, type MessageKey, type Translate } from './index';

/** A time of day ("10:42") in local time; with the date in front when it is not today. */
export function formatClock(language: Language, iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = localeOf(language);
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "the save folder /home/kari/Signed is not there": why a signed file could not be filed. */
export function filingProblemText(t: Translate, attention: Extract<JobAttention, { reason: 'not-filed' }>): string {
  const folder = attention.folder ? t('attention.folderNamed', { path: attention.folder }) : t('attention.folderUnnamed');
  return t(`attention.filingProblem.${attention.problem}`, { folder });
}

/** What the sync engine found, in full sentences (the job page; the evidence of an outcome unknown). */
export function syncProblemText(t: Translate, problem: SyncProblem): string {
  return t(`sync.problem.${problem.reason}`);
}

/** The short words of a sync problem for the list row; the outcome-unknown kinds share one. */
const SYNC_PROBLEM_SHORT: Record<SyncProblemReason, MessageKey> = {
  'outcome-unknown-interrupted': 'attention.syncProblem.outcome-unknown',
  'outcome-unknown-no-answer': 'attention.syncProblem.outcome-unknown',
  'outcome-unknown-unreadable-answer': 'attention.syncProblem.outcome-unknown',
  'outcome-unknown-gateway-error': 'attention.syncProblem.outcome-unknown',
  'download-not-verified': 'attention.syncProblem.download-not-verified',
  'download-link-refused': 'attention.syncProblem.download-link-refused',
  'download-too-large': 'attention.syncProblem.download-too-large',
};

/** One sentence saying why a job needs the administrator, e.g. "Not sent yet: … · next try 10:45". */
export function attentionText(t: Translate, language: Language, attention: JobAttention, now: Date = new Date()): string {
  switch (attention.reason) {
    case 'not-sent': {
      const problem = t(attention.problem ? `attention.sendProblem.${attention.problem}` : 'attention.sendProblem.unknown');
      return attention.nextTryAt ? t('attention.notSent', { problem, at: formatClock(language, attention.nextTryAt, now) }) : t('attention.notSentNoRetry', { problem });
    }
    case 'outcome-unknown':
      return t('attention.outcomeUnknown');
    case 'rejected':
      return t('attention.rejected');
    case 'failed':
      return t('attention.failed');
    case 'not-filed':
      return t('attention.notFiled', { problem: filingProblemText(t, attention) });
    case 'sync-problem':
      return t(SYNC_PROBLEM_SHORT[attention.problem.reason]);
  }
}

/** The status bar's words for an account whose calls fail: "Cannot reach Posten signering since 10:42". */
export function serviceProblemText(t: Translate, language: Language, service: string, problem: ServiceProblem, now: Date = new Date()): string {
  return t(`serviceProblem.${problem.kind}`, { service, since: formatClock(language, problem.since, now) });
}

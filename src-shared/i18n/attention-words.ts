// Jobs and accounts that need attention, in words: one wording for the job list, the job page,
// the status bar, notifications and the command line, in whichever language the caller shows.
// Why something failed is the failure's own sentence (failureText), the same everywhere.
import type { JobAttention, ServiceProblem, SyncProblem, SyncProblemReason } from '../contract/attention';
import type { PollWarning } from '../contract/schemas';
import { isFailureReason, refusedDownloadReasons } from '../failure';
import { failureNamesFolder, failureText, formatDateTime, type Language, type MessageKey, type Translate } from './index';

/** Why a signed file could not be filed: the failure's sentence, naming the save folder where that sentence does not. */
export function filingProblemText(t: Translate, attention: Extract<JobAttention, { reason: 'not-filed' }>): string {
  const reason = isFailureReason(attention.failure) ? attention.failure : 'file.failed';
  const problem = failureText(t, { reason, params: { folder: attention.folder ?? '', ...attention.params } });
  return attention.folder && !failureNamesFolder(reason) ? t('attention.inFolder', { folder: attention.folder, problem }) : problem;
}

/** What the sync engine found, in full sentences (the job page; the evidence of an outcome unknown). */
export function syncProblemText(t: Translate, problem: SyncProblem): string {
  // A refused download is a failure of its file too: one sentence for both.
  if (problem.reason in refusedDownloadReasons) return failureText(t, { reason: refusedDownloadReasons[problem.reason as keyof typeof refusedDownloadReasons] });
  return t(`sync.problem.${problem.reason as Exclude<SyncProblemReason, keyof typeof refusedDownloadReasons>}`);
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

/** Why a job needs the administrator, e.g. "Not sent yet. The signing service did not answer in time. Next try 10:45." */
export function attentionText(t: Translate, language: Language, attention: JobAttention, now: Date = new Date()): string {
  switch (attention.reason) {
    case 'not-sent': {
      const problem = isFailureReason(attention.failure) ? failureText(t, { reason: attention.failure }) : t('attention.lastAttemptFailed');
      return attention.nextTryAt
        ? t('attention.notSent', { problem, at: formatDateTime(language, attention.nextTryAt, { today: now }) })
        : t('attention.notSentNoRetry', { problem });
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
  return t(`serviceProblem.${problem.kind}`, { service, since: formatDateTime(language, problem.since, { today: now }) });
}

/** The account-level warning for a poll time the service named and the app did not obey; times in local time. */
export function pollWarningText(t: Translate, warning: PollWarning): string {
  return t('sync.pollWarning', {
    until: formatDateTime(t.language, warning.requestedUntil),
    hours: Math.round(warning.requestedWaitSeconds / 3600),
    at: formatDateTime(t.language, warning.pollsAgainAt),
  });
}

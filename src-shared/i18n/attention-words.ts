// Jobs and accounts that need attention, in words: one wording for the job list, the job page,
// the status bar, notifications and the command line, in whichever language the caller shows.
// Why something failed is the failure's own sentence (failureText), the same everywhere.
import type { JobAttention, ServiceProblem } from '../contract/attention';
import { isFailureReason } from '../failure';
import { failureNamesFolder, failureText, formatDateTime, type Language, type Translate } from './index';

/** Why a signed file could not be filed: the failure's sentence, naming the save folder where that sentence does not. */
export function filingProblemText(t: Translate, attention: Extract<JobAttention, { reason: 'not-filed' }>): string {
  const reason = isFailureReason(attention.failure) ? attention.failure : 'file.failed';
  const problem = failureText(t, { reason, params: { folder: attention.folder ?? '', ...attention.params } });
  return attention.folder && !failureNamesFolder(reason) ? t('attention.inFolder', { folder: attention.folder, problem }) : problem;
}

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
  }
}

/** The status bar's words for an account whose calls fail: "Cannot reach Posten signering since 10:42". */
export function serviceProblemText(t: Translate, language: Language, service: string, problem: ServiceProblem, now: Date = new Date()): string {
  return t(`serviceProblem.${problem.kind}`, { service, since: formatDateTime(language, problem.since, { today: now }) });
}

import type { PollWarning, SyncProblem } from '../../src-shared/contract';
import type { Translate } from '../../src-shared/i18n';

/** The account-level warning for a poll time the service named and the app did not obey. */
export function pollWarningText(t: Translate, warning: PollWarning, formatTime: (iso: string) => string): string {
  return t('sync.pollWarning', { until: formatTime(warning.requestedUntil), hours: Math.round(warning.requestedWaitSeconds / 3600), at: formatTime(warning.pollsAgainAt) });
}

/** Whether the problem is the evidence of an outcome unknown (rather than a refused signed file). */
export const isOutcomeUnknownProblem = (problem: SyncProblem): boolean => problem.reason.startsWith('outcome-unknown-');

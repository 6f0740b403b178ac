import type { JobAttention, PollWarning } from '../../src-shared/contract';
import type { Translate } from '../../src-shared/i18n';

/** The account-level warning for a poll time the service named and the app did not obey. */
export function pollWarningText(t: Translate, warning: PollWarning, formatTime: (iso: string) => string): string {
  return t('sync.pollWarning', { until: formatTime(warning.requestedUntil), hours: Math.round(warning.requestedWaitSeconds / 3600), at: formatTime(warning.pollsAgainAt) });
}

export function attentionText(t: Translate, attention: JobAttention): string {
  return t(`sync.attention.${attention.reason}`);
}

export const isOutcomeUnknownReason = (reason: JobAttention['reason']): boolean => reason.startsWith('outcome-unknown-');

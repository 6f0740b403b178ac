import type { JobDetail } from '../contract';
import type { Translate } from './index';

/**
 * How TRIDENT ended a job, in words, where that says more than the status: the service's message for
 * a failed process, which documents failed, a person who cancelled, a process that is gone. Null for
 * a job that finished as it should (or has no outcome yet).
 */
export function tridentOutcomeText(t: Translate, job: Pick<JobDetail, 'outcome' | 'documents'>): string | null {
  const outcome = job.outcome;
  if (!outcome) return null;
  switch (outcome.serviceStatus) {
    case 'finished':
      return null;
    case 'canceled':
      return t('trident.outcome.canceled');
    case 'gone':
      return t('trident.outcome.gone');
    case 'failed_documents': {
      const failed = outcome.documents.filter((d) => d.serviceStatus !== 'finished');
      const names = failed.map((d) => {
        const title = job.documents.find((document) => document.id === d.documentId)?.title ?? d.documentId;
        return d.message ? t('trident.outcome.documentWithMessage', { title, message: d.message }) : title;
      });
      return t('trident.outcome.failedDocuments', { documents: names.join('; ') });
    }
    default:
      return outcome.message ? t('trident.outcome.failedWithMessage', { message: outcome.message }) : t('trident.outcome.failed');
  }
}

/** Which identities may sign, in words: "an identity with a and b, or an identity with c"; "any identity" for none. */
export function labelSetsText(t: Translate, sets: readonly (readonly string[])[]): string {
  if (sets.length === 0) return t('trident.account.anyIdentity');
  return sets.map((set) => t('trident.labels.any', { labels: set.join(t('trident.labels.and')) })).join(t('trident.labels.or'));
}

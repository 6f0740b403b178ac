import type { JobStatus } from '../contract/schemas';

/** Statuses after which the service will not change a job any more: these may be archived. */
export const finishedStatuses: readonly JobStatus[] = ['COMPLETED_SUCCESSFULLY', 'FAILED', 'CANCELLED', 'REJECTED_BY_SERVICE'];

/**
 * Jobs that may still change at the service or are about to be sent. Removing their account would
 * leave them without anyone following them, so removal refuses them unless told to stop following.
 */
export const unfinishedStatuses: readonly JobStatus[] = ['QUEUED', 'IN_PROGRESS', 'OUTCOME_UNKNOWN'];

/**
 * Whether a job can go to the archive: finished, or kept read-only after its account was removed
 * (it will never change again either). Drafts are deleted instead; archived jobs are restored.
 */
export function canArchiveJob(job: { status: JobStatus; archivedAt: string | null; accountRemoved: boolean }): boolean {
  if (job.archivedAt !== null || job.status === 'DRAFT') return false;
  return job.accountRemoved || finishedStatuses.includes(job.status);
}

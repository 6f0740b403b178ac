import type { JobStatus } from '../contract/schemas';
import { finishedStatuses } from './status';

/**
 * Whether a job can go to the archive: finished, or kept read-only after its account was removed
 * (it will never change again either). Drafts are deleted instead; archived jobs are restored.
 */
export function canArchiveJob(job: { status: JobStatus; archivedAt: string | null; accountRemoved: boolean }): boolean {
  if (job.archivedAt !== null || job.status === 'draft') return false;
  return job.accountRemoved || finishedStatuses.includes(job.status);
}

import type { JobStatus, JobSummary } from '../../src-shared/contract';
import { useT } from '../app/store-context';
import { jobStatusText } from '../job/timeline';

const tone: Record<JobStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  draft: 'neutral',
  queued: 'info',
  sending: 'info',
  outcome_unknown: 'warning',
  rejected: 'danger',
  in_progress: 'info',
  completed: 'success',
  failed: 'danger',
  expired: 'warning',
  cancelled: 'neutral',
};

/** The job's status; a refusal names who refused. `clip` lets a long name end in "…" (the full text stays in the title). */
export function StatusBadge({ job, clip }: { job: Pick<JobSummary, 'status' | 'rejectedBy'>; clip?: boolean }) {
  const t = useT();
  const text = jobStatusText(t, job);
  return (
    <span className={`badge badge--${tone[job.status]}${clip ? ' badge--clip' : ''}`} title={clip ? text : undefined}>
      {text}
    </span>
  );
}

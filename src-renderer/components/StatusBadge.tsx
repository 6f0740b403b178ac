import type { JobStatus } from '../../src-shared/contract';
import { useT } from '../app/store-context';

const tone: Record<JobStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  DRAFT: 'neutral',
  QUEUED: 'info',
  OUTCOME_UNKNOWN: 'warning',
  REJECTED_BY_SERVICE: 'danger',
  IN_PROGRESS: 'info',
  COMPLETED_SUCCESSFULLY: 'success',
  FAILED: 'danger',
  CANCELLED: 'neutral',
};

export function StatusBadge({ status }: { status: JobStatus }) {
  const t = useT();
  return <span className={`badge badge--${tone[status]}`}>{t(`status.${status}`)}</span>;
}

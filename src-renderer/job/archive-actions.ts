import { useCallback } from 'react';
import type { JobDetail } from '../../src-shared/contract';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';

/**
 * Archive and restore, wherever they are offered (a list row, the job page): each says what it did
 * in a toast whose Undo does the opposite, so neither needs a confirmation. Each resolves to
 * whether it worked.
 */
export function useArchiveActions() {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const showToast = useApp((s) => s.showToast);

  const move = useCallback(
    async (job: { id: string; title: string }, to: 'archive' | 'restore'): Promise<JobDetail | null> => {
      const result = await bridge.call(to === 'archive' ? 'jobs.archive' : 'jobs.unarchive', { id: job.id });
      if (!result.ok) {
        showToast({ title: t(to === 'archive' ? 'archive.failed' : 'archive.restoreFailed'), body: errorText(t, result.error), jobId: job.id });
        return null;
      }
      showToast({
        title: t(to === 'archive' ? 'archive.archived' : 'archive.restored'),
        body: job.title,
        jobId: job.id,
        action: { label: t('toast.undo'), run: () => void move(job, to === 'archive' ? 'restore' : 'archive') },
      });
      return result.value;
    },
    [bridge, showToast, t],
  );

  return {
    archive: (job: { id: string; title: string }) => move(job, 'archive'),
    restore: (job: { id: string; title: string }) => move(job, 'restore'),
  };
}

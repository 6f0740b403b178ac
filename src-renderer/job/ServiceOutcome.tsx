import type { JobDetail } from '../../src-shared/contract';
import { tridentOutcomeText } from '../../src-shared/i18n/trident-words';
import { useT } from '../app/store-context';
import { Icon } from '../components/Icon';

/**
 * How the service ended the job, where that says more than its status (TRIDENT: the service's
 * message for a failed process, which documents failed, a person who cancelled), and whether its
 * processes are still to be deleted at the service.
 */
export function ServiceOutcome({ job }: { job: JobDetail }) {
  const t = useT();
  if (job.flow !== 'trident') return null;
  const text = tridentOutcomeText(t, job);
  const cleaningUp = job.canDeleteDocuments;
  if (!text && !cleaningUp) return null;
  return (
    <>
      {text && (
        <div className={`callout callout--${job.status === 'cancelled' ? 'warning' : 'danger'}`} data-testid="service-outcome">
          <Icon name="warning" size={18} />
          <p>{text}</p>
        </div>
      )}
      {cleaningUp && (
        <p className="muted hint" data-testid="clean-up-pending">
          {t('trident.cleanup.pending')}
        </p>
      )}
    </>
  );
}

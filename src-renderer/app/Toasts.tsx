import { Icon } from '../components/Icon';
import { useApp, useT } from './store-context';
import '../styles/removal.css';

/** Notifications from the app (in the web host these stand in for OS notifications). */
export function Toasts() {
  const t = useT();
  const toasts = useApp((s) => s.toasts);
  const dismiss = useApp((s) => s.dismissToast);
  const navigate = useApp((s) => s.navigate);
  const openJob = useApp((s) => s.openJob);
  return (
    <section className="toasts" role="status" aria-live="polite" aria-label={t('toast.region')}>
      {toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <button
            type="button"
            className="toast__body"
            onClick={() => {
              if (toast.jobId) openJob(toast.jobId);
              else navigate('jobs');
              dismiss(toast.id);
            }}
          >
            <span className="toast__title">{toast.title}</span>
            <span className="toast__text">{toast.body}</span>
          </button>
          {toast.action && (
            <button
              type="button"
              className="button button--small toast__action"
              onClick={() => {
                dismiss(toast.id);
                toast.action?.run();
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </section>
  );
}

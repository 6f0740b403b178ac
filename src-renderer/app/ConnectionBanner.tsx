import { useApp, useT } from './store-context';

export function ConnectionBanner() {
  const t = useT();
  const connection = useApp((s) => s.connection);
  const message =
    connection === 'reconnecting'
      ? t('connection.reconnecting')
      : connection === 'unreachable'
        ? t('connection.unreachable')
        : null;
  return (
    <div className="connection" role="status">
      {message && (
        <p className="connection__message">
          <span className="spinner" aria-hidden="true" />
          {message}
        </p>
      )}
    </div>
  );
}

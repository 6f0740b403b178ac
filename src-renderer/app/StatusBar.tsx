import { formatDateTime } from '../../src-shared/i18n';
import { serviceProblemText } from '../../src-shared/i18n/attention-words';
import { useApp, useLanguage, useT } from './store-context';

/**
 * The bottom line: each account's last successful sync, or while its calls fail, what is wrong
 * and since when ("Cannot reach Posten signering since 10:42"); and whatever slow work is under way.
 */
export function StatusBar() {
  const t = useT();
  const language = useLanguage();
  const accounts = useApp((s) => s.accounts);
  const progress = useApp((s) => s.progress);
  const current = progress[progress.length - 1];
  return (
    <footer className="statusbar" aria-label={t('statusBar.label')}>
      <ul className="statusbar__accounts">
        {accounts.map((account) => (
          <li key={account.id}>
            <span className="statusbar__account">{account.name}</span>{' '}
            {account.serviceProblem ? (
              <span className="statusbar__problem" title={account.serviceProblem.detail}>
                {serviceProblemText(t, language, t(`provider.${account.provider}`), account.serviceProblem)}
              </span>
            ) : (
              <span className="muted">
                {account.lastSyncAt ? (
                  <>
                    {t('statusBar.synced')}{' '}
                    <time dateTime={account.lastSyncAt}>{formatDateTime(language, account.lastSyncAt)}</time>
                  </>
                ) : (
                  t('statusBar.neverSynced')
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="statusbar__progress" role="status">
        {current && (
          <>
            <span className="spinner" aria-hidden="true" />
            <span>{current.label}</span>
            {current.total > 1 && (
              <progress className="progress" value={current.done} max={current.total} aria-hidden="true" />
            )}
          </>
        )}
      </div>
    </footer>
  );
}

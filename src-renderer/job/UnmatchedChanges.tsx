import { useEffect, useState } from 'react';
import type { UnmatchedChange } from '../../src-shared/contract';
import { jobStatusOfWord } from '../../src-shared/domain';
import { jobStatusWords } from '../../src-shared/i18n/status-words';
import { formatDateTime } from '../../src-shared/i18n';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { StatusBadge } from '../components/StatusBadge';

/**
 * Status changes the service delivered for jobs this installation does not know. They wait here,
 * unconfirmed, until they match a job or the administrator dismisses them.
 */
export function UnmatchedChanges() {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const dataEpoch = useApp((s) => s.dataEpoch);
  const [changes, setChanges] = useState(0);
  const [items, setItems] = useState<UnmatchedChange[]>([]);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const time = (iso: string) => formatDateTime(language, iso);

  useEffect(() => bridge.on('jobs.changed', () => setChanges((n) => n + 1)), [bridge]);
  useEffect(() => {
    if (dataEpoch === 0) return;
    let current = true;
    void bridge.call('jobs.listUnmatched', {}).then((result) => {
      if (current && result.ok) setItems(result.value.items);
    });
    return () => {
      current = false;
    };
  }, [bridge, dataEpoch, changes]);

  const dismiss = async (id: string) => {
    const result = await bridge.call('jobs.dismissUnmatched', { id });
    setNotice(result.ok ? { tone: 'success', text: t('sync.unmatched.dismissed') } : { tone: 'danger', text: errorText(t, result.error) });
    if (result.ok) setItems((list) => list.filter((item) => item.id !== id));
  };

  if (items.length === 0 && !notice) return null;
  return (
    <section className="card" aria-labelledby="unmatched-changes">
      <h2 id="unmatched-changes" className="card__title">
        {t('sync.unmatched.title')}
      </h2>
      <p className="muted">{t('sync.unmatched.intro')}</p>
      <div className="notice-slot" role="status">
        {notice && <p className={`notice notice--${notice.tone}`}>{notice.text}</p>}
      </div>
      <ul className="file-list">
        {items.map((item) => {
          const status = jobStatusOfWord(item.status);
          return (
            <li key={item.id} className="file">
              <div className="file__head">
                <span className="cell-title">{t('sync.unmatched.job', { serviceJobId: item.serviceJobId, status: jobStatusWords(t, item.status) })}</span>
                {status && status !== 'sending' && <StatusBadge job={{ status, rejectedBy: null }} />}
                <button type="button" className="button button--small" aria-label={t('sync.unmatched.dismissNamed', { serviceJobId: item.serviceJobId })} onClick={() => void dismiss(item.id)}>
                  {t('sync.unmatched.dismiss')}
                </button>
              </div>
              {item.reference && <p className="file__detail mono">{t('sync.unmatched.reference', { reference: item.reference })}</p>}
              <p className="file__detail muted">{t('sync.unmatched.seen', { first: time(item.firstSeenAt), last: time(item.lastSeenAt), count: item.timesSeen })}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

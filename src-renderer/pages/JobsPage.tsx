import { useEffect, useId, useRef, useState } from 'react';
import type { JobFilter, JobListPage } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { TableCard } from '../components/TableCard';
import { StatusBadge } from '../components/StatusBadge';

const filters: readonly JobFilter[] = ['inProgress', 'needsAttention', 'completed', 'drafts', 'all'];
const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 250;

export function JobsPage() {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const dataEpoch = useApp((s) => s.dataEpoch);
  const navigate = useApp((s) => s.navigate);
  const searchId = useId();

  const [filter, setFilter] = useState<JobFilter>('all');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [changes, setChanges] = useState(0);
  const [page, setPage] = useState<JobListPage | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const latestRequest = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  useEffect(() => bridge.on('jobs.changed', () => setChanges((n) => n + 1)), [bridge]);

  useEffect(() => {
    if (dataEpoch === 0) return;
    const request = ++latestRequest.current;
    void bridge.call('jobs.list', { filter, search, limit }).then((result) => {
      // A slower answer to an older query must not overwrite a newer one.
      if (request !== latestRequest.current) return;
      if (result.ok) {
        setPage(result.value);
        setError(null);
      } else setError(result.error);
    });
  }, [bridge, filter, search, limit, dataEpoch, changes]);

  const selectFilter = (next: JobFilter) => {
    setFilter(next);
    setLimit(PAGE_SIZE);
  };

  const nothingAtAll = page !== null && page.counts.all === 0;

  return (
    <>
      <PageHeader title={t('jobs.title')}>
        <div className="search" role="search">
          <label htmlFor={searchId} className="visually-hidden">
            {t('jobs.search')}
          </label>
          <Icon name="search" size={16} />
          <input
            id={searchId}
            type="search"
            value={searchText}
            placeholder={t('jobs.searchPlaceholder')}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
      </PageHeader>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('jobs.filters')}>
          {filters.map((f) => (
            <button
              key={f}
              type="button"
              className="segmented__item"
              aria-pressed={filter === f}
              onClick={() => selectFilter(f)}
            >
              <span>{t(`jobs.filter.${f}`)}</span>
              <span className="count" aria-hidden={page === null}>
                {page ? page.counts[f] : '–'}
              </span>
            </button>
          ))}
        </div>
      </div>

      {error && (
        <div className="callout callout--danger" role="alert">
          <p>{t('jobs.loadError', { message: errorText(t, error) })}</p>
          <button type="button" className="button" onClick={() => setChanges((n) => n + 1)}>
            {t('jobs.retry')}
          </button>
        </div>
      )}

      {page === null && !error && <p className="muted loading">{t('app.loading')}</p>}

      {nothingAtAll && (
        <EmptyState icon="inbox" title={t('jobs.empty.title')}>
          <p>{t('jobs.empty.body')}</p>
          <button type="button" className="button button--primary" onClick={() => navigate('compose')}>
            <Icon name="compose" size={16} />
            {t('jobs.empty.action')}
          </button>
        </EmptyState>
      )}

      {page !== null && !nothingAtAll && page.items.length === 0 && (
        <EmptyState icon="search" title={t('jobs.noMatch.title')}>
          <p>{t('jobs.noMatch.body')}</p>
        </EmptyState>
      )}

      {page !== null && page.items.length > 0 && (
        <>
          <TableCard label={t('jobs.title')}>
            <table className="table">
              <caption className="visually-hidden">{t(`jobs.filter.${filter}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('jobs.column.title')}</th>
                  <th scope="col">{t('jobs.column.status')}</th>
                  <th scope="col">{t('jobs.column.progress')}</th>
                  <th scope="col">{t('jobs.column.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <div className="cell-title">{job.title}</div>
                      {job.reference && <div className="cell-sub">{job.reference}</div>}
                    </td>
                    <td>
                      <StatusBadge status={job.status} />
                    </td>
                    <td>
                      {job.progress.total === 0 ? (
                        <span className="muted">{t('jobs.noSigners')}</span>
                      ) : (
                        <div className="progress-cell">
                          <span>{t('jobs.progress', { signed: job.progress.signed, total: job.progress.total })}</span>
                          <progress
                            className="progress"
                            value={job.progress.signed}
                            max={job.progress.total}
                            aria-hidden="true"
                          />
                        </div>
                      )}
                    </td>
                    <td className="nowrap">
                      <time dateTime={job.updatedAt}>{formatDateTime(language, job.updatedAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableCard>
          <div className="list-footer">
            <span className="muted">{t('jobs.showing', { shown: page.items.length, total: page.total })}</span>
            {page.items.length < page.total && (
              <button type="button" className="button" onClick={() => setLimit((n) => Math.min(n + PAGE_SIZE, 500))}>
                {t('jobs.showMore')}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}

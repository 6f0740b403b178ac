import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { JobFilter, JobSummary } from '../../src-shared/contract';
import { canArchiveJob } from '../../src-shared/domain';
import { draftTitleText, formatDateTime, formatNumber, type Translate } from '../../src-shared/i18n';
import { attentionText } from '../../src-shared/i18n/attention-words';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useArchiveActions } from '../job/archive-actions';
import { DeleteDraftDialog, useDeleteDraft } from '../job/draft-actions';
import { UnmatchedChanges } from '../job/UnmatchedChanges';
import { useJobPages } from '../job/useJobPages';
import { deadlineIsNear, flowName, formatDate, progressText } from '../job/words';
import { draftHash, jobHash } from '../state/routes';
import '../styles/removal.css';

const filters: readonly JobFilter[] = ['inProgress', 'needsAttention', 'completed', 'drafts', 'all', 'archived'];
// No debounce: a query over 100,000 jobs takes ~20 ms in SQLite, and answers to superseded
// queries are dropped (useJobPages), so results follow typing (target: < 100 ms).
const SEARCH_DELAY_MS = 0;
/**
 * Hand-rolled windowing on a fixed row height: with 100,000 jobs only the rows in sight (plus a
 * margin) are in the DOM, and a fixed height lets a row's position be computed from its index
 * without measuring anything. No windowing library is installed, and this is all it would do.
 */
const ROW_HEIGHT = 64;
const OVERSCAN = 8;

export function JobsPage() {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const dataEpoch = useApp((s) => s.dataEpoch);
  const navigate = useApp((s) => s.navigate);
  const searchId = useId();

  const [filter, setFilter] = useState<JobFilter>('all');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const jobs = useJobPages(bridge, dataEpoch, filter, search);

  useEffect(() => {
    if (SEARCH_DELAY_MS === 0) return setSearch(searchText.trim());
    const timer = setTimeout(() => setSearch(searchText.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  const nothingAtAll = jobs.counts !== null && jobs.counts.all === 0 && jobs.counts.archived === 0;
  const emptyArchive = filter === 'archived' && search === '' && jobs.total === 0 && !nothingAtAll;

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
              onClick={() => setFilter(f)}
            >
              <span>{t(`jobs.filter.${f}`)}</span>
              <span className="count">{jobs.counts ? formatNumber(t.language, jobs.counts[f]) : '–'}</span>
            </button>
          ))}
        </div>
      </div>

      {jobs.error && (
        <div className="callout callout--danger" role="alert">
          <p>{t('jobs.loadError', { message: errorText(t, jobs.error) })}</p>
          <button type="button" className="button" onClick={jobs.retry}>
            {t('jobs.retry')}
          </button>
        </div>
      )}

      {filter === 'needsAttention' && <UnmatchedChanges />}

      {jobs.total === null && !jobs.error && <p className="muted loading">{t('app.loading')}</p>}

      {nothingAtAll && (
        <EmptyState icon="inbox" title={t('jobs.empty.title')}>
          <p>{t('jobs.empty.body')}</p>
          <button type="button" className="button button--primary" onClick={() => navigate('compose')}>
            <Icon name="compose" size={16} />
            {t('jobs.empty.action')}
          </button>
        </EmptyState>
      )}

      {emptyArchive && (
        <EmptyState icon="inbox" title={t('jobs.archivedEmpty.title')}>
          <p>{t('jobs.archivedEmpty.body')}</p>
        </EmptyState>
      )}

      {jobs.total === 0 && !nothingAtAll && !emptyArchive && (
        <EmptyState icon="search" title={t('jobs.noMatch.title')}>
          <p>{t('jobs.noMatch.body')}</p>
        </EmptyState>
      )}

      {jobs.total !== null && jobs.total > 0 && (
        <JobWindow key={`${filter}\u0000${search}`} total={jobs.total} rowAt={jobs.rowAt} ensure={jobs.ensure} label={t(`jobs.filter.${filter}`)} />
      )}
    </>
  );
}

function JobWindow(props: { total: number; label: string; rowAt(index: number): JobSummary | undefined; ensure(first: number, last: number): void }) {
  const t = useT();
  const { total, rowAt, ensure } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(640);
  const pendingFocus = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => ensure(first, last), [ensure, first, last]);

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`[data-index="${pendingFocus.current}"] a`);
    if (link) {
      link.focus();
      pendingFocus.current = null;
    }
  });

  // A row's action takes its job out of this list: focus stays on that place in the list, which the
  // next job moves into, instead of falling back to the top of the page.
  const keepFocusAt = (index: number) => {
    const target = Math.max(0, Math.min(total - 1, index));
    pendingFocus.current = target;
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`[data-index="${target}"] a`);
    if (link) {
      link.focus();
      pendingFocus.current = null;
    }
  };
  const { archive, restore } = useArchiveActions();
  const [draftToDelete, setDraftToDelete] = useState<{ job: JobSummary; index: number } | null>(null);
  const deleteDraft = useDeleteDraft();
  const rowActions: RowActions = {
    archive: (job, index) =>
      void archive(job).then((done) => {
        if (done) keepFocusAt(index);
      }),
    restore: (job, index) =>
      void restore(job).then((done) => {
        if (done) keepFocusAt(index);
      }),
    deleteDraft: (job, index) => setDraftToDelete({ job, index }),
  };

  // Arrow keys move between rows, scrolling rows that are not in the DOM yet into existence.
  const onKeyDown = (event: React.KeyboardEvent) => {
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!current || !scroller.current) return;
    const index = Number(current.dataset.index);
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const next =
      event.key === 'ArrowDown' ? index + 1
      : event.key === 'ArrowUp' ? index - 1
      : event.key === 'PageDown' ? index + page
      : event.key === 'PageUp' ? index - page
      : event.key === 'Home' ? 0
      : event.key === 'End' ? total - 1
      : null;
    if (next === null) return;
    event.preventDefault();
    const target = Math.max(0, Math.min(total - 1, next));
    const element = scroller.current;
    const top = target * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    setScrollTop(element.scrollTop);
    pendingFocus.current = target;
    const link = element.querySelector<HTMLAnchorElement>(`[data-index="${target}"] a`);
    if (link) {
      link.focus();
      pendingFocus.current = null;
    }
  };

  const rows: React.JSX.Element[] = [];
  for (let index = first; index <= last; index++) rows.push(<JobRow key={index} index={index} total={total} job={rowAt(index)} actions={rowActions} />);

  return (
    <div className="joblist">
      <div className="joblist__head" aria-hidden="true">
        <span>{t('jobs.column.title')}</span>
        <span>{t('jobs.column.status')}</span>
        <span>{t('jobs.column.progress')}</span>
        <span>{t('jobList.column.deadline')}</span>
        <span>{t('jobs.column.updated')}</span>
      </div>
      <div className="joblist__scroller" ref={scroller} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        <ul
          className="joblist__rows"
          aria-label={t('jobList.listLabel', { filter: props.label, jobs: t.plural('count.jobs', total) })}
          onKeyDown={onKeyDown}
          style={{ height: total * ROW_HEIGHT }}
        >
          {rows}
        </ul>
      </div>
      <p className="joblist__foot muted">{t('jobList.count', { total: formatNumber(t.language, total) })}</p>
      <DeleteDraftDialog
        draft={draftToDelete?.job ?? null}
        onClose={() => setDraftToDelete(null)}
        onConfirm={() => {
          const chosen = draftToDelete;
          setDraftToDelete(null);
          if (!chosen) return;
          void deleteDraft(chosen.job).then((done) => {
            if (done) keepFocusAt(chosen.index);
          });
        }}
      />
    </div>
  );
}

/** The title a row shows: a draft without one reads "Untitled draft" in the user's language. */
const rowTitle = (t: Translate, job: JobSummary) => (job.status === 'draft' ? draftTitleText(t, job.title) : job.title);

interface RowActions {
  archive(job: JobSummary, index: number): void;
  restore(job: JobSummary, index: number): void;
  deleteDraft(job: JobSummary, index: number): void;
}

function JobRow({ index, total, job, actions }: { index: number; total: number; job: JobSummary | undefined; actions: RowActions }) {
  const t = useT();
  const language = useLanguage();
  const style = { transform: `translateY(${index * ROW_HEIGHT}px)` };
  if (!job) {
    return (
      <li className="joblist__row joblist__row--loading" data-index={index} aria-setsize={total} aria-posinset={index + 1} style={style}>
        <span className="muted">{t('app.loading')}</span>
      </li>
    );
  }
  const href = job.status === 'draft' ? draftHash(job.id) : jobHash(job.id);
  // A job the outbox, the filing or the sync engine is stuck on says why in place of the signers and
  // the deadline (two lines fit the row; the whole sentence is in its title and on the job page).
  // Refused, failed and interrupted jobs say it with their status badge already.
  const attention = job.attention && ['not-sent', 'not-filed', 'sync-problem'].includes(job.attention.reason) ? attentionText(t, language, job.attention) : null;
  return (
    <li className="joblist__row" data-index={index} aria-setsize={total} aria-posinset={index + 1} style={style}>
      <a className="joblist__link" href={href}>
        <span className="joblist__title">
          <span className="cell-title">{rowTitle(t, job)}</span>
          {job.status === 'draft' ? (
            job.reference && <span className="cell-sub">{job.reference}</span>
          ) : (
            // Every way of signing in one list: each row says which (a draft's way is only in its form).
            <span className="cell-sub">
              <span className="visually-hidden">{t('direct.flowLabel')}: </span>
              <span className={`flow-tag flow-tag--${job.flow}`}>{flowName(t, job.flow)}</span>
              {job.reference && ` · ${job.reference}`}
            </span>
          )}
        </span>
        <span className="joblist__status">
          <StatusBadge job={job} clip />
          {job.accountRemoved && <span className="badge badge--neutral">{t('archive.accountRemoved')}</span>}
        </span>
        {attention && (
          <span className="joblist__attention" title={attention}>
            {attention}
          </span>
        )}
        <span className="joblist__progress" hidden={attention !== null}>
          <span>{progressText(t, job)}</span>
          {job.progress.total > 0 && (
            <progress className="progress" value={job.progress.signed} max={job.progress.total} aria-hidden="true" />
          )}
        </span>
        <span className={deadlineIsNear(job) ? 'joblist__deadline joblist__deadline--near' : 'joblist__deadline'} hidden={attention !== null}>
          {job.deadline && job.status !== 'draft' ? (
            <>
              <span className="visually-hidden">{t('jobList.column.deadline')}: </span>
              <time dateTime={job.deadline}>{formatDate(language, job.deadline)}</time>
            </>
          ) : (
            <span className="muted" aria-hidden="true">–</span>
          )}
        </span>
        <span className="joblist__updated muted">
          <span className="visually-hidden">{t('jobs.column.updated')}: </span>
          <time dateTime={job.updatedAt}>{formatDateTime(language, job.updatedAt)}</time>
        </span>
      </a>
      <div className="joblist__actions">
        <RowAction job={job} index={index} actions={actions} />
      </div>
    </li>
  );
}

/** The one thing a row offers besides opening the job: archive, restore or delete (a draft). */
function RowAction({ job, index, actions }: { job: JobSummary; index: number; actions: RowActions }) {
  const t = useT();
  const title = rowTitle(t, job);
  const button = (label: string, name: string, run: () => void) => (
    <button type="button" className="button button--small" aria-label={name} onClick={run}>
      {label}
    </button>
  );
  if (job.archivedAt) return button(t('archive.restore'), t('archive.restoreNamed', { title }), () => actions.restore(job, index));
  if (job.status === 'draft') return button(t('drafts.deleteShort'), t('drafts.deleteNamed', { title }), () => actions.deleteDraft(job, index));
  if (canArchiveJob(job)) return button(t('archive.archive'), t('archive.archiveNamed', { title }), () => actions.archive(job, index));
  return null;
}

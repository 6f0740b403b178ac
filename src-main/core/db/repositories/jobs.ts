import type { Database } from 'better-sqlite3';
import type { JobFilter, JobListPage, JobListQuery, JobStatus, JobSummary, RejectingSigner } from '../../../../src-shared/contract';
import { ATTENTION_COLUMNS, attentionOf, type AttentionColumns } from '../../jobs/attention';

/**
 * Which statuses each tab of the job list shows, among the jobs not archived. Needs attention is not a set of statuses but the
 * `attention` column (migration 4): a completed job whose file could not be saved needs it too, and so
 * does a job a signer refused (Posten ends it as FAILED).
 */
export const statusesOfFilter: Record<Exclude<JobFilter, 'all' | 'needsAttention' | 'archived'>, readonly JobStatus[]> = {
  inProgress: ['queued', 'sending', 'in_progress'],
  completed: ['completed'],
  drafts: ['draft'],
};

interface JobRow extends AttentionColumns {
  id: string;
  account_id: string;
  flow: JobSummary['flow'];
  title: string;
  reference: string | null;
  status: JobStatus;
  signer_total: number;
  signer_signed: number;
  active_step: number | null;
  deadline: string | null;
  updated_at: string;
  created_at: string;
  /** JSON of the first signer who rejected, for FAILED jobs only (see REJECTED_BY_SQL). */
  rejected_by: string | null;
  archived_at: string | null;
  account_removed: number;
}

/**
 * The signer whose refusal ended a job, as JSON, for one row of `jobs`. Only FAILED jobs look it
 * up, through the signers' (job_id, step) index, so a page of the list stays one cheap query.
 */
export const REJECTED_BY_SQL = `CASE WHEN jobs.status = 'failed' THEN (
    SELECT json_object('position', position, 'name', name, 'email', email, 'mobile', mobile)
    FROM signers WHERE signers.job_id = jobs.id AND signers.status = 'rejected' ORDER BY position LIMIT 1
  ) END`;

export const rejectingSignerOf = (json: string | null): RejectingSigner | null => (json ? (JSON.parse(json) as RejectingSigner) : null);

const toSummary = (row: JobRow): JobSummary => ({
  id: row.id,
  accountId: row.account_id,
  flow: row.flow,
  title: row.title,
  reference: row.reference,
  status: row.status,
  progress: { total: row.signer_total, signed: row.signer_signed, activeStep: row.active_step },
  deadline: row.deadline,
  updatedAt: row.updated_at,
  createdAt: row.created_at,
  rejectedBy: rejectingSignerOf(row.rejected_by),
  attention: attentionOf(row),
  archivedAt: row.archived_at,
  accountRemoved: row.account_removed === 1,
});

/** FTS5 query for a substring: each word as a quoted trigram phrase, all required. */
function ftsQuery(search: string): string | undefined {
  const words = search.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((word) => [...word].length < 3)) return undefined;
  return words.map((word) => `"${word.replaceAll('"', '""')}"`).join(' AND ');
}

export function listJobs(db: Database, query: Required<Omit<JobListQuery, 'accountId'>> & { accountId?: string }): JobListPage {
  // Every tab but Archived shows the jobs not archived; the partial indexes of migration 3 rely on
  // the query naming its side of the archive.
  const where: string[] = [query.filter === 'archived' ? 'archived_at IS NOT NULL' : 'archived_at IS NULL'];
  const params: Record<string, unknown> = {};
  if (query.filter === 'needsAttention') {
    where.push('attention IS NOT NULL');
  } else if (query.filter !== 'all' && query.filter !== 'archived') {
    const statuses = statusesOfFilter[query.filter];
    where.push(`status IN (${statuses.map((_, i) => `@status${i}`).join(', ')})`);
    statuses.forEach((status, i) => (params[`status${i}`] = status));
  }
  if (query.accountId) {
    where.push('account_id = @accountId');
    params.accountId = query.accountId;
  }
  const search = query.search.trim();
  const fts = ftsQuery(search);
  if (fts) {
    where.push('rowid IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH @fts)');
    params.fts = fts;
  } else if (search) {
    where.push("search_text LIKE @like ESCAPE '\\'");
    params.like = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const whereSql = `WHERE ${where.join(' AND ')}`;
  const counts = countJobsByFilter(db, query.accountId);
  const rows = db
    .prepare(
      `SELECT id, account_id, flow, title, reference, status, signer_total, signer_signed, active_step, deadline, updated_at, created_at, archived_at, ${ATTENTION_COLUMNS},
         ${REJECTED_BY_SQL} AS rejected_by,
         (SELECT removed_at IS NOT NULL FROM accounts WHERE accounts.id = jobs.account_id) AS account_removed
       FROM jobs ${whereSql} ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: query.limit, offset: query.offset }) as JobRow[];
  // Without a search the tab's count is the total; only a search needs counting rows.
  const total = search ? (db.prepare(`SELECT count(*) AS n FROM jobs ${whereSql}`).get(params) as { n: number }).n : counts[query.filter];
  return { items: rows.map(toSummary), total, counts };
}

/**
 * Each tab's count from the two small count tables the triggers keep (every job by status, and the
 * archived ones by status): no row of `jobs` is read, however many there are.
 */
export function countJobsByFilter(db: Database, accountId?: string): Record<JobFilter, number> {
  const countsOf = (table: 'job_status_counts' | 'job_archived_counts') =>
    (accountId
      ? db.prepare(`SELECT status, n FROM ${table} WHERE account_id = ?`).all(accountId)
      : db.prepare(`SELECT status, sum(n) AS n FROM ${table} GROUP BY status`).all()) as { status: JobStatus; n: number }[];
  const archived = new Map<JobStatus, number>();
  for (const row of countsOf('job_archived_counts')) archived.set(row.status, row.n);
  const rows = countsOf('job_status_counts').map((row) => ({ status: row.status, n: row.n - (archived.get(row.status) ?? 0) }));
    // Archived jobs never need attention (migration 4's rule), so this count is of the active side.
  const attention = (
    accountId
      ? db.prepare('SELECT n FROM job_attention_counts WHERE account_id = ?').get(accountId)
      : db.prepare('SELECT sum(n) AS n FROM job_attention_counts').get()
  ) as { n: number | null } | undefined;
  const counts: Record<JobFilter, number> = { all: 0, inProgress: 0, needsAttention: attention?.n ?? 0, completed: 0, drafts: 0, archived: 0 };
  for (const n of archived.values()) counts.archived += n;
  for (const row of rows) {
    counts.all += row.n;
    for (const [filter, statuses] of Object.entries(statusesOfFilter)) {
      if (statuses.includes(row.status)) counts[filter as keyof typeof statusesOfFilter] += row.n;
    }
  }
  return counts;
}

/**
 * Jobs whose ID starts with `prefix` (the whole ID first, if it is one), for the command line,
 * which takes a unique prefix of an ID as git does. A range on the primary key, so no scan.
 */
export function jobsWithIdPrefix(db: Database, prefix: string, limit: number): { id: string; title: string; status: JobStatus }[] {
  return db
    .prepare("SELECT id, title, status FROM jobs WHERE id >= @prefix AND id < @prefix || char(1114111) ORDER BY id != @prefix, id LIMIT @limit")
    .all({ prefix, limit }) as { id: string; title: string; status: JobStatus }[];
}

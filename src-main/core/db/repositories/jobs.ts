import type { Database } from 'better-sqlite3';
import type { JobFilter, JobListPage, JobListQuery, JobStatus, JobSummary } from '../../../../src-shared/contract';

/** Which statuses each tab of the job list shows. */
export const statusesOfFilter: Record<Exclude<JobFilter, 'all'>, readonly JobStatus[]> = {
  inProgress: ['QUEUED', 'IN_PROGRESS'],
  needsAttention: ['OUTCOME_UNKNOWN', 'REJECTED_BY_SERVICE', 'FAILED'],
  completed: ['COMPLETED_SUCCESSFULLY'],
  drafts: ['DRAFT'],
};

interface JobRow {
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
}

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
});

/** FTS5 query for a substring: each word as a quoted trigram phrase, all required. */
function ftsQuery(search: string): string | undefined {
  const words = search.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((word) => [...word].length < 3)) return undefined;
  return words.map((word) => `"${word.replaceAll('"', '""')}"`).join(' AND ');
}

export function listJobs(db: Database, query: Required<Omit<JobListQuery, 'accountId'>> & { accountId?: string }): JobListPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.filter !== 'all') {
    const statuses = statusesOfFilter[query.filter];
    const inStatuses = `status IN (${statuses.map((_, i) => `@status${i}`).join(', ')})`;
    // A job whose status looks fine can still need the administrator (jobs.attention). Written as
    // a union of two index lookups: an OR would scan the whole table in date order.
    where.push(query.filter === 'needsAttention' ? `rowid IN (SELECT rowid FROM jobs WHERE ${inStatuses} UNION ALL SELECT rowid FROM jobs WHERE attention IS NOT NULL)` : inStatuses);
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
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const counts = countJobsByFilter(db, query.accountId);
  const rows = db
    .prepare(
      `SELECT id, account_id, flow, title, reference, status, signer_total, signer_signed, active_step, deadline, updated_at, created_at
       FROM jobs ${whereSql} ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: query.limit, offset: query.offset }) as JobRow[];
  // Without a search the tab's count is the total; only a search needs counting rows.
  const total = search ? (db.prepare(`SELECT count(*) AS n FROM jobs ${whereSql}`).get(params) as { n: number }).n : counts[query.filter];
  return { items: rows.map(toSummary), total, counts };
}

export function countJobsByFilter(db: Database, accountId?: string): Record<JobFilter, number> {
  const rows = (
    accountId
      ? db.prepare('SELECT status, n FROM job_status_counts WHERE account_id = ?').all(accountId)
      : db.prepare('SELECT status, sum(n) AS n FROM job_status_counts GROUP BY status').all()
  ) as { status: JobStatus; n: number }[];
  const counts: Record<JobFilter, number> = { all: 0, inProgress: 0, needsAttention: 0, completed: 0, drafts: 0 };
  for (const row of rows) {
    counts.all += row.n;
    for (const [filter, statuses] of Object.entries(statusesOfFilter)) {
      if (statuses.includes(row.status)) counts[filter as Exclude<JobFilter, 'all'>] += row.n;
    }
  }
  // Few jobs carry an attention mark (partial index jobs_with_attention); those not counted by status yet.
  const attentionStatuses = statusesOfFilter.needsAttention.map((s) => `'${s}'`).join(', ');
  const flagged = db
    .prepare(`SELECT count(*) AS n FROM jobs WHERE attention IS NOT NULL AND status NOT IN (${attentionStatuses})${accountId ? ' AND account_id = ?' : ''}`)
    .get(...(accountId ? [accountId] : [])) as { n: number };
  counts.needsAttention += flagged.n;
  return counts;
}

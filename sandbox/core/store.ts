import { createRequire } from 'node:module';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { FILE_MODE, FOLDER_MODE } from './private-files';
import path from 'node:path';
import type { Flow, JobRecord, StatusSnapshot } from './model';

// better-sqlite3 ships no type declarations and @types/better-sqlite3 is not installed;
// the few calls used here are typed locally instead of declaring the module globally.
interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): Record<string, unknown> | undefined;
  all(...params: unknown[]): Record<string, unknown>[];
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  transaction<T extends (...args: never[]) => unknown>(fn: T): T;
  close(): void;
}
const require = createRequire(import.meta.url);
const BetterSqlite = require('better-sqlite3') as new (file: string) => Database;

export interface QueueItem {
  id: number;
  jobId: number;
  snapshot: StatusSnapshot;
}

export type TokenKind = 'redirect' | 'session';

/**
 * Durable sandbox state: one SQLite file for jobs, queues, tokens and settings, and plain files
 * for documents and signed results, so a restart with the same data dir continues where it was.
 */
export class SandboxStore {
  private readonly db: Database;
  private readonly statements = new Map<string, Statement>();

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE });
    // Created first with a private mode, which SQLite keeps and gives its -wal and -shm files too.
    const file = path.join(dataDir, 'sandbox.sqlite');
    if (!existsSync(file)) closeSync(openSync(file, 'w', FILE_MODE));
    this.db = new BetterSqlite(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, final INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT, org TEXT NOT NULL, flow TEXT NOT NULL, queue TEXT NOT NULL,
        job_id INTEGER NOT NULL, snapshot TEXT NOT NULL, visible_at INTEGER NOT NULL, fetched INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS tokens (
        token TEXT PRIMARY KEY, kind TEXT NOT NULL, job_id INTEGER NOT NULL, signer_index INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);
      -- Every API request runs the engine's tick (active jobs) and a poll takes the oldest visible change:
      -- without these, both scan whole tables, and a queue of thousands drains at a crawl.
      CREATE INDEX IF NOT EXISTS jobs_active ON jobs (final, id);
      CREATE INDEX IF NOT EXISTS queue_next ON queue (org, flow, queue, visible_at, id);
      CREATE INDEX IF NOT EXISTS queue_by_job ON queue (job_id, fetched);
    `);
  }

  /** Prepared once per SQL text: preparing costs more than running these small statements. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  close(): void {
    this.db.close();
  }

  getMeta(key: string): string | undefined {
    return this.sql('SELECT value FROM meta WHERE key = ?').get(key)?.value as string | undefined;
  }

  setMeta(key: string, value: string | undefined): void {
    if (value === undefined) this.sql('DELETE FROM meta WHERE key = ?').run(key);
    else this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Monotonic counters (job ids, signer ids) shared by both flows. */
  nextId(counter: string): number {
    return this.db.transaction(() => {
      const next = Number(this.getMeta(`counter:${counter}`) ?? '0') + 1;
      this.setMeta(`counter:${counter}`, String(next));
      return next;
    })();
  }

  saveJob(job: JobRecord): void {
    this.sql('INSERT INTO jobs (id, final, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET final = excluded.final, data = excluded.data')
      .run(job.id, job.status === 'IN_PROGRESS' ? 0 : 1, JSON.stringify(job));
  }

  getJob(id: number): JobRecord | undefined {
    const row = this.sql('SELECT data FROM jobs WHERE id = ?').get(id);
    return row ? (JSON.parse(row.data as string) as JobRecord) : undefined;
  }

  listJobs(options: { activeOnly?: boolean } = {}): JobRecord[] {
    const sql = options.activeOnly ? 'SELECT data FROM jobs WHERE final = 0 ORDER BY id' : 'SELECT data FROM jobs ORDER BY id';
    return this.sql(sql).all().map((row) => JSON.parse(row.data as string) as JobRecord);
  }

  enqueue(job: JobRecord, snapshot: StatusSnapshot, visibleAt: number): void {
    this.sql('INSERT INTO queue (org, flow, queue, job_id, snapshot, visible_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(job.org, job.flow, job.pollingQueue, job.id, JSON.stringify(snapshot), visibleAt);
  }

  /** Takes the oldest visible change and hides it until `hideUntil` (re-delivery unless confirmed). */
  takeNextVisible(org: string, flow: Flow, queue: string, now: number, hideUntil: number): QueueItem | undefined {
    return this.db.transaction(() => {
      const row = this.sql('SELECT id, job_id, snapshot FROM queue WHERE org = ? AND flow = ? AND queue = ? AND visible_at <= ? ORDER BY visible_at, id LIMIT 1')
        .get(org, flow, queue, now);
      if (!row) return undefined;
      this.sql('UPDATE queue SET visible_at = ?, fetched = 1 WHERE id = ?').run(hideUntil, row.id);
      return { id: Number(row.id), jobId: Number(row.job_id), snapshot: JSON.parse(row.snapshot as string) as StatusSnapshot };
    })();
  }

  /** A confirmation removes every change of the job that has been handed out. */
  confirmDelivered(jobId: number): number {
    return this.sql('DELETE FROM queue WHERE job_id = ? AND fetched = 1').run(jobId).changes;
  }

  /** Changes of one job still in its queue (not confirmed), handed out or not. */
  queuedChangesOf(jobId: number): number {
    return Number(this.sql('SELECT COUNT(*) AS n FROM queue WHERE job_id = ?').get(jobId)?.n ?? 0);
  }

  queueLength(): number {
    return Number(this.sql('SELECT COUNT(*) AS n FROM queue').get()?.n ?? 0);
  }

  addToken(token: string, kind: TokenKind, jobId: number, signerIndex: number): void {
    this.sql('INSERT INTO tokens (token, kind, job_id, signer_index) VALUES (?, ?, ?, ?)').run(token, kind, jobId, signerIndex);
  }

  getToken(token: string, kind: TokenKind): { jobId: number; signerIndex: number; used: boolean } | undefined {
    const row = this.sql('SELECT job_id, signer_index, used FROM tokens WHERE token = ? AND kind = ?').get(token, kind);
    return row ? { jobId: Number(row.job_id), signerIndex: Number(row.signer_index), used: row.used === 1 } : undefined;
  }

  markTokenUsed(token: string): void {
    this.sql('UPDATE tokens SET used = 1 WHERE token = ?').run(token);
  }

  jobDir(jobId: number): string {
    return path.join(this.dataDir, 'jobs', String(jobId));
  }

  writeJobFile(jobId: number, name: string, bytes: Buffer | string): void {
    mkdirSync(this.jobDir(jobId), { recursive: true, mode: FOLDER_MODE });
    writeFileSync(path.join(this.jobDir(jobId), name), bytes, { mode: FILE_MODE });
  }

  readJobFile(jobId: number, name: string): Buffer | undefined {
    const file = path.join(this.jobDir(jobId), name);
    return existsSync(file) ? readFileSync(file) : undefined;
  }

  deleteJobFiles(jobId: number): void {
    rmSync(this.jobDir(jobId), { recursive: true, force: true });
  }
}

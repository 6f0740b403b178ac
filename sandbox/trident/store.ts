import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { FILE_MODE, FOLDER_MODE } from '../core/private-files';
import type { DocumentRecord, ProcessRecord } from './model';

// The same local typing of better-sqlite3 as sandbox/core/store.ts (no type declarations installed).
interface Statement {
  run(...params: unknown[]): { changes: number };
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

/**
 * Durable TRIDENT state in `<dataDir>/trident/trident.sqlite`: tokens (hashed), documents with their
 * bytes, processes and settings, so the app's demo and a CLI command that runs the sandbox only for
 * its own lifetime see the same processes.
 */
export class TridentStore {
  private readonly db: Database;
  private readonly statements = new Map<string, Statement>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
    const file = path.join(dir, 'trident.sqlite');
    if (!existsSync(file)) closeSync(openSync(file, 'w', FILE_MODE));
    this.db = new BetterSqlite(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, scope TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, data TEXT NOT NULL, content BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS processes (id TEXT PRIMARY KEY, running INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS processes_running ON processes (running, id);
    `);
  }

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    return this.sql('SELECT value FROM meta WHERE key = ?').get(key)?.value as string | undefined;
  }

  setMeta(key: string, value: string | undefined): void {
    if (value === undefined) this.sql('DELETE FROM meta WHERE key = ?').run(key);
    else this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  addToken(hash: string, expiresAt: number, scope: string): void {
    this.sql('INSERT INTO tokens (hash, expires_at, scope) VALUES (?, ?, ?)').run(hash, expiresAt, scope);
  }

  getToken(hash: string): { expiresAt: number; scope: string } | undefined {
    const row = this.sql('SELECT expires_at, scope FROM tokens WHERE hash = ?').get(hash);
    return row ? { expiresAt: Number(row.expires_at), scope: String(row.scope) } : undefined;
  }

  /** Every token stops working at `at`; the ones that expired long ago are forgotten. */
  expireTokens(at: number): number {
    this.sql('DELETE FROM tokens WHERE expires_at < ?').run(at - 86_400_000);
    return this.sql('UPDATE tokens SET expires_at = ? WHERE expires_at > ?').run(at, at).changes;
  }

  saveDocument(document: DocumentRecord, content?: Buffer): void {
    if (content) {
      this.sql('INSERT INTO documents (id, data, content) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, content = excluded.content')
        .run(document.id, JSON.stringify(document), content);
    } else {
      this.sql('UPDATE documents SET data = ? WHERE id = ?').run(JSON.stringify(document), document.id);
    }
  }

  getDocument(id: string): DocumentRecord | undefined {
    const row = this.sql('SELECT data FROM documents WHERE id = ?').get(id);
    return row ? (JSON.parse(row.data as string) as DocumentRecord) : undefined;
  }

  documentContent(id: string): Buffer | undefined {
    const row = this.sql('SELECT content FROM documents WHERE id = ?').get(id);
    return row ? (row.content as Buffer) : undefined;
  }

  setDocumentContent(id: string, content: Buffer): void {
    this.sql('UPDATE documents SET content = ? WHERE id = ?').run(content, id);
  }

  deleteDocument(id: string): boolean {
    return this.sql('DELETE FROM documents WHERE id = ?').run(id).changes > 0;
  }

  saveProcess(process: ProcessRecord): void {
    this.sql('INSERT INTO processes (id, running, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET running = excluded.running, data = excluded.data')
      .run(process.id, process.result ? 0 : 1, JSON.stringify(process));
  }

  getProcess(id: string): ProcessRecord | undefined {
    const row = this.sql('SELECT data FROM processes WHERE id = ?').get(id);
    return row ? (JSON.parse(row.data as string) as ProcessRecord) : undefined;
  }

  listProcesses(options: { runningOnly?: boolean } = {}): ProcessRecord[] {
    const sql = options.runningOnly ? 'SELECT data FROM processes WHERE running = 1 ORDER BY rowid' : 'SELECT data FROM processes ORDER BY rowid';
    return this.sql(sql).all().map((row) => JSON.parse(row.data as string) as ProcessRecord);
  }

  deleteProcess(id: string): boolean {
    return this.sql('DELETE FROM processes WHERE id = ?').run(id).changes > 0;
  }
}

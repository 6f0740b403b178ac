// Durable state of the Rest PKI Core sandbox: one SQLite file (sessions, documents, uploads, file
// links, settings) and plain files for the bytes, under <dataDir>/restpki, so that a restart with
// the same data dir continues where it stopped (as Posten's sandbox does).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { FILE_MODE, FOLDER_MODE } from '../core/private-files';
import type { DocumentStatus, SessionStatus } from './schemas';

export type Requirement = { type: 'CryptoDevice' } | { type: 'Cpf'; cpf: string };

export interface StoredFile {
  /** unguessable: the download link is the permission (clients may or may not send the API key) */
  token: string;
  name: string;
  mimeType: string;
  length: number;
}

export interface SessionRecord {
  id: string;
  /** the signing page's secret, part of redirectUrl */
  token: string;
  status: SessionStatus;
  createdAt: string;
  /** the signing address's 4-hour life: a session still Pending then becomes Expired */
  expiresAt: string;
  returnUrl: string | null;
  callbackArgument: string | null;
  securityContextId: string | null;
  backgroundProcessing: boolean;
  disableDownloads: boolean;
  requirements: Requirement[];
  documentIds: string[];
  signer?: { personId: string; chainPems: string[]; signedAt: string };
  /** when background processing ends (sandbox time); null: held until the control API ends it */
  processingEndsAt?: string | null;
  /** set by the control API: processing ends in ProcessingError with this code */
  failProcessingWith?: string;
  processingErrorCode: string | null;
  endedAt?: string;
}

export interface DocumentRecord {
  id: string;
  sessionId: string;
  status: DocumentStatus;
  key: string;
  metadata: Record<string, string[] | null>;
  dateSigned: string | null;
  availableUntil: string;
  original: StoredFile;
  signed?: StoredFile;
}

export interface UploadRecord {
  token: string;
  kind: 'plain' | 'multipart';
  complete: boolean;
  mimeType: string | null;
  length: number;
  parts: { number: number; etag: string; length: number }[];
  createdAt: string;
}

export class RestPkiStore {
  private readonly db: Database;
  readonly filesDir: string;
  readonly uploadsDir: string;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
    this.filesDir = path.join(dir, 'files');
    this.uploadsDir = path.join(dir, 'uploads');
    mkdirSync(this.filesDir, { recursive: true, mode: FOLDER_MODE });
    mkdirSync(this.uploadsDir, { recursive: true, mode: FOLDER_MODE });
    const file = path.join(dir, 'restpki.sqlite');
    // created with a private mode first, which SQLite keeps and gives its -wal and -shm files too
    if (!existsSync(file)) closeSync(openSync(file, 'w', FILE_MODE));
    this.db = new BetterSqlite3(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, active INTEGER NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS files (token TEXT PRIMARY KEY, document_id TEXT NOT NULL, kind TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS uploads (token TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS sessions_active ON sessions (active, id);
    `);
  }

  close(): void {
    this.db.close();
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string | undefined): void {
    if (value === undefined) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getSession(id: string): SessionRecord | undefined {
    const row = this.db.prepare('SELECT data FROM sessions WHERE id = ?').get(id.toLowerCase()) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as SessionRecord) : undefined;
  }

  putSession(session: SessionRecord): void {
    const active = session.status === 'Pending' || session.status === 'Processing' ? 1 : 0;
    this.db
      .prepare('INSERT INTO sessions (id, active, created_at, data) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET active = excluded.active, data = excluded.data')
      .run(session.id, active, session.createdAt, JSON.stringify(session));
  }

  listSessions(): SessionRecord[] {
    return (this.db.prepare('SELECT data FROM sessions ORDER BY created_at, id').all() as { data: string }[]).map((r) => JSON.parse(r.data) as SessionRecord);
  }

  activeSessions(): SessionRecord[] {
    return (this.db.prepare('SELECT data FROM sessions WHERE active = 1 ORDER BY id').all() as { data: string }[]).map((r) => JSON.parse(r.data) as SessionRecord);
  }

  getDocument(id: string): DocumentRecord | undefined {
    const row = this.db.prepare('SELECT data FROM documents WHERE id = ?').get(id.toLowerCase()) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as DocumentRecord) : undefined;
  }

  putDocument(document: DocumentRecord): void {
    this.db.prepare('INSERT INTO documents (id, session_id, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data').run(document.id, document.sessionId, JSON.stringify(document));
  }

  /** Writes the bytes under a new file token and links it to its document. */
  saveFile(documentId: string, kind: 'original' | 'signed', file: StoredFile, bytes: Buffer): void {
    writeFileSync(path.join(this.filesDir, file.token), bytes, { mode: FILE_MODE });
    this.db.prepare('INSERT INTO files (token, document_id, kind) VALUES (?, ?, ?)').run(file.token, documentId, kind);
  }

  fileLink(token: string): { documentId: string; kind: 'original' | 'signed' } | undefined {
    const row = this.db.prepare('SELECT document_id, kind FROM files WHERE token = ?').get(token) as { document_id: string; kind: 'original' | 'signed' } | undefined;
    return row ? { documentId: row.document_id, kind: row.kind } : undefined;
  }

  readFile(file: StoredFile): Buffer {
    return readFileSync(path.join(this.filesDir, file.token));
  }

  getUpload(token: string): UploadRecord | undefined {
    const row = this.db.prepare('SELECT data FROM uploads WHERE token = ?').get(token) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as UploadRecord) : undefined;
  }

  putUpload(upload: UploadRecord): void {
    this.db.prepare('INSERT INTO uploads (token, data) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET data = excluded.data').run(upload.token, JSON.stringify(upload));
  }

  uploadPartPath(token: string, part: number): string {
    return path.join(this.uploadsDir, `${token}.part${part}`);
  }

  uploadBlobPath(token: string): string {
    return path.join(this.uploadsDir, `${token}.blob`);
  }

  removeUploadParts(upload: UploadRecord): void {
    for (const part of upload.parts) rmSync(this.uploadPartPath(upload.token, part.number), { force: true });
  }
}

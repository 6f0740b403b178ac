import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseFromNewerVersionError, DatabaseUnreadableError } from './errors';
import { migrations, runMigrations } from './migrations';
import { createPrivateFileIfMissing, keepPrivate, makePrivateFolder } from '../private-files';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Refuses a file that is not SQLite before SQLite touches it: opening a foreign file in WAL mode
 * would create -wal/-shm files beside it, and we promise to leave the user's file untouched.
 */
function assertLooksLikeSqlite(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw new DatabaseUnreadableError(path, 'not a SQLite database');
}

export function openDatabase(path: string, options: { migrate?: boolean } = {}): Database {
  if (path !== ':memory:') {
    makePrivateFolder(dirname(path));
    assertLooksLikeSqlite(path);
    // SQLite gives the -wal and -shm files the database file's mode, so a private file keeps them private too.
    createPrivateFileIfMissing(path);
  }
  let db: Database;
  let fileVersion: number;
  try {
    db = new BetterSqlite3(path);
    // Read before any write so a damaged or too-new file fails here, untouched.
    fileVersion = db.pragma('user_version', { simple: true }) as number;
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    throw new DatabaseUnreadableError(path, error instanceof Error ? error.message : String(error));
  }
  const supported = migrations.at(-1)?.version ?? 0;
  if (fileVersion > supported) {
    db.close();
    throw new DatabaseFromNewerVersionError(fileVersion, supported, path);
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: the app commits a status change and only then confirms it to the service,
    // which then drops the change for good. In WAL mode NORMAL syncs the WAL only at checkpoints, so
    // a power cut or an OS crash (a process crash loses nothing either way) can roll back the last
    // commits that the service has already forgotten. FULL syncs the WAL at every commit: one fsync
    // per change, about 8% of the drain benchmark on a quiet machine (786 against 850 changes/s); on a
    // busy one the difference is lost in the noise (test/bench/README.md).
    db.pragma('synchronous = FULL');
    if (options.migrate !== false) runMigrations(db, migrations, path);
    // A database an older version left readable to others (checked as SQLite above, so it is ours).
    if (path !== ':memory:') for (const file of [path, `${path}-wal`, `${path}-shm`]) keepPrivate(file, 'file');
  } catch (error) {
    db.close();
    if (error instanceof Error && /SQLITE_(CORRUPT|NOTADB)|malformed/i.test(`${(error as { code?: string }).code} ${error.message}`)) {
      throw new DatabaseUnreadableError(path, error.message);
    }
    throw error;
  }
  return db;
}

import type { Database } from 'better-sqlite3';
import { DatabaseFromNewerVersionError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * The migration drops and makes tables again (SQLite changes a CHECK no other way). Foreign keys
   * are switched off around it, or dropping a table would delete the rows that point at it, and
   * every reference is checked before the transaction commits.
   */
  rebuildsTables?: boolean;
}

/**
 * Brings the schema to the newest version: every pending migration in one transaction, so a
 * crash or a failing step leaves the file exactly as it was. `user_version` is the schema version.
 */
export function runMigrations(db: Database, migrations: readonly Migration[], path = db.name): number {
  const versions = migrations.map((m) => m.version);
  versions.forEach((version, index) => {
    if (index > 0 && version <= versions[index - 1]) throw new Error(`Migrations out of order at ${version}`);
  });
  const latest = versions.at(-1) ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new DatabaseFromNewerVersionError(current, latest, path);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  const rebuilds = pending.some((m) => m.rebuildsTables);
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  // Only outside a transaction does this pragma take effect.
  if (rebuilds && foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of pending) migration.up(db);
      if (rebuilds) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`Migration left ${broken.length} broken references; nothing was changed`);
      }
      db.pragma(`user_version = ${latest}`);
    })();
  } finally {
    if (rebuilds && foreignKeys) db.pragma('foreign_keys = ON');
  }
  return latest;
}

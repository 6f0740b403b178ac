import type { Database } from 'better-sqlite3';
import { DatabaseFromNewerVersionError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
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
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
  return latest;
}

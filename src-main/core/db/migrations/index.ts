import { initialSchema } from './0001-initial';
import { jobStatusCounts } from './0002-job-status-counts';
import { syncIntegrity } from './0006-sync-integrity';
import type { Migration } from './runner';

export { runMigrations, type Migration } from './runner';

/** Append new migrations here with the next number; never edit one that has shipped. */
export const migrations: readonly Migration[] = [initialSchema, jobStatusCounts, syncIntegrity];

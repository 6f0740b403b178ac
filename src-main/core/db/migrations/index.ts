import { initialSchema } from './0001-initial';
import { jobStatusCounts } from './0002-job-status-counts';
import { archiveAndRemoval } from './0003-archive-and-removal';
import { jobAttention } from './0004-job-attention';
import { syncIntegrity } from './0005-sync-integrity';
import { oneJobModel } from './0006-one-job-model';
import type { Migration } from './runner';

export { runMigrations, type Migration } from './runner';

/** Append new migrations here with the next number; never edit one that has shipped. */
export const migrations: readonly Migration[] = [initialSchema, jobStatusCounts, archiveAndRemoval, jobAttention, syncIntegrity, oneJobModel];

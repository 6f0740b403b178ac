// "Show in folder" for a signed file. The renderer names a download or a job, never a path: the
// core picks the file from its own records and only ever shows one that lies in the archive or a
// save folder, so a call cannot open /etc/passwd or run a script with the default application.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { saveFolderOf } from '../sync/downloads';
import type { CoreContext } from '../context';
import { languages } from '../../../src-shared/i18n';
import { CoreError } from '../errors';
import { readJobRow } from '../jobs/read';

export type ShowTarget = { downloadId: string } | { jobId: string };

interface FileRow {
  job_id: string;
  archive_path: string | null;
  saved_path: string | null;
}

/** `file` resolved through symbolic links, when it is a regular file inside one of `roots`. */
function regularFileInside(file: string | null, roots: string[]): string | undefined {
  if (!file) return undefined;
  let real: string;
  try {
    real = realpathSync(file);
    if (!statSync(real).isFile()) return undefined;
  } catch {
    return undefined;
  }
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      continue;
    }
    const relative = path.relative(realRoot, real);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return real;
  }
  return undefined;
}

/**
 * The file to show: for a download its copy in the save folder if it is still there, else its
 * archived copy; for a job the archived signed PDF (or its first archived file).
 */
export function signedFileToShow(context: CoreContext, target: ShowTarget): string {
  let rows: FileRow[];
  if ('downloadId' in target) {
    const row = context.db.prepare('SELECT job_id, archive_path, saved_path FROM artifacts WHERE id = ?').get(target.downloadId) as FileRow | undefined;
    if (!row) throw new CoreError('NOT_FOUND', 'There is no such file.', { reason: 'download.unknown' });
    rows = [row];
  } else {
    readJobRow(context.db, target.jobId);
    rows = context.db
      .prepare("SELECT job_id, archive_path, NULL AS saved_path FROM artifacts WHERE job_id = ? AND state IN ('archived','filed') ORDER BY format <> 'xades' DESC, created_at")
      .all(target.jobId) as FileRow[];
    if (rows.length === 0) throw new CoreError('CONFLICT', 'There is no signed file for this job yet.', { reason: 'job.noSignedFile' });
  }
  // The app's own folder in either language: files filed before the language changed stay where they are.
  const saveFolders = languages.map((language) => context.ports.saveTarget.defaultFolder(language));
  try {
    saveFolders.unshift(saveFolderOf(context, readJobRow(context.db, rows[0].job_id).account_id));
  } catch {
    // The account is gone: only the default save folder and the archive count.
  }
  for (const row of rows) {
    const file = regularFileInside(row.saved_path, saveFolders) ?? regularFileInside(row.archive_path, [context.archiveDir]);
    if (file) return file;
  }
  throw new CoreError('NOT_FOUND', 'The signed file is no longer where Signing Desk put it.', { reason: 'download.moved' });
}

/** Shows the file selected in the OS file manager; false where the host cannot (no desktop). */
export async function showSignedFile(context: CoreContext, target: ShowTarget): Promise<boolean> {
  const file = signedFileToShow(context, target);
  return (await context.ports.saveTarget.showInFolder?.(file)) ?? false;
}

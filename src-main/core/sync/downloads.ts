import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postenAccountSettings, postenConnectionOf } from '../accounts/posten-accounts';
import type { CoreContext } from '../context';
import { readSettings } from '../db/repositories/settings';
import { archiveFile } from '../filing/archive';
import { signedFileNames } from '../filing/naming';
import { SaveFolderError, saveCopy } from '../filing/save';
import type { StoredFilingProblem } from '../jobs/attention';
import { appendJobEvent } from '../jobs/events-log';
import { readDocuments, readJobRow, readSigners } from '../jobs/read';
import type { PostenClient } from '../providers/posten/client';
import { verifyPades } from '../verification/pades';
import { verifyXades } from '../verification/xades';
import { retryDelayMs } from './backoff';
import { makePrivateFolder } from '../private-files';

interface DownloadRow {
  id: string;
  job_id: string;
  signer_id: string | null;
  kind: 'pades' | 'xades';
  url: string;
  state: 'pending' | 'archived' | 'filed' | 'failed';
  archive_path: string | null;
  attempts: number;
}

export interface FiledFile {
  jobId: string;
  kind: 'pades' | 'xades';
  path: string;
}

export interface DownloadPass {
  filed: FiledFile[];
  /** Jobs whose signed files could not be filed and that did not need attention for it before. */
  newlyNotFiled: string[];
}

/**
 * Fetches what the service has made available, keeps it in the app's archive (temp file, fsync,
 * rename, SHA-256), verifies it, then files a copy in the account's save folder. Each step is
 * recorded before the next begins, so a crash resumes where it stopped and never files twice.
 */
export async function processDownloads(context: CoreContext, client: PostenClient, accountId: string): Promise<DownloadPass> {
  const now = context.now().toISOString();
  const rows = context.db
    .prepare(
      `SELECT d.id, d.job_id, d.signer_id, d.kind, d.url, d.state, d.archive_path, d.attempts FROM downloads d JOIN jobs j ON j.id = d.job_id
       WHERE j.account_id = ? AND d.state IN ('pending','archived') AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?) ORDER BY d.created_at`,
    )
    .all(accountId, now) as DownloadRow[];
  const pass: DownloadPass = { filed: [], newlyNotFiled: [] };
  for (const row of rows) {
    try {
      if (row.state === 'pending') await fetchAndArchive(context, client, accountId, row);
    } catch (error) {
      recordAttemptFailed(context, row, (error as Error).message);
      continue;
    }
    await fileIntoSaveFolder(context, accountId, row, pass);
  }
  return pass;
}

/**
 * Files every signed file of a job that is in the archive but not yet in the save folder, now
 * (the job page's "Try again" once the folder is back). A failure stays on the job, as in a pass.
 */
export async function fileWaitingDownloads(context: CoreContext, jobId: string): Promise<DownloadPass> {
  const job = readJobRow(context.db, jobId);
  const rows = context.db
    .prepare("SELECT id, job_id, signer_id, kind, url, state, archive_path, attempts FROM downloads WHERE job_id = ? AND state = 'archived' ORDER BY created_at")
    .all(jobId) as DownloadRow[];
  const pass: DownloadPass = { filed: [], newlyNotFiled: [] };
  for (const row of rows) await fileIntoSaveFolder(context, job.account_id, row, pass);
  return pass;
}

function recordAttemptFailed(context: CoreContext, row: DownloadRow, message: string): void {
  const attempts = row.attempts + 1;
  context.db
    .prepare('UPDATE downloads SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?')
    .run(attempts, new Date(context.now().getTime() + retryDelayMs(attempts, 15_000)).toISOString(), message, context.now().toISOString(), row.id);
  context.ports.logger.warn('Download failed; will retry', { jobId: row.job_id, kind: row.kind, message });
}

/**
 * Copies one archived file into the account's save folder. A failure (folder gone, no permission,
 * disk full) is retried with backoff and also put on the job, where it makes the job need attention
 * until every file of the job is filed; the archive copy stays meanwhile.
 */
async function fileIntoSaveFolder(context: CoreContext, accountId: string, row: DownloadRow, pass: DownloadPass): Promise<void> {
  const folder = postenAccountSettings(context, accountId).saveFolder;
  try {
    pass.filed.push(await fileDownload(context, accountId, row.id));
  } catch (error) {
    const message = (error as Error).message;
    const at = context.now().toISOString();
    context.db.transaction(() => {
      recordAttemptFailed(context, row, message);
      const before = readJobRow(context.db, row.job_id).filing_problem;
      const since = before ? (JSON.parse(before) as StoredFilingProblem).since : at;
      const problem: StoredFilingProblem = { problem: error instanceof SaveFolderError ? error.problem : 'other', folder, since, detail: message };
      // updated_at stays: it is the completion time the file name's {date} comes from.
      context.db.prepare('UPDATE jobs SET filing_problem = ? WHERE id = ?').run(JSON.stringify(problem), row.job_id);
      if (!before) {
        appendJobEvent(context.db, { jobId: row.job_id, at, kind: 'filing-failed', actor: 'app', data: { kind: row.kind, problem: problem.problem, folder, message } });
        pass.newlyNotFiled.push(row.job_id);
      }
    })();
    return;
  }
  // Filed: the job no longer needs attention for filing once none of its files is still waiting on a failure.
  const stillFailing = context.db.prepare("SELECT 1 FROM downloads WHERE job_id = ? AND state = 'archived' AND last_error IS NOT NULL").get(row.job_id);
  if (!stillFailing) {
    context.db.prepare('UPDATE jobs SET filing_problem = NULL WHERE id = ? AND filing_problem IS NOT NULL').run(row.job_id);
  }
}

async function fetchAndArchive(context: CoreContext, client: PostenClient, accountId: string, row: DownloadRow): Promise<void> {
  context.events.emit('progress', { task: 'download', jobId: row.job_id, done: 0, total: 1, label: row.kind === 'pades' ? 'Downloading the signed PDF' : 'Downloading a signature' });
  const bytes = await client.download(row.url);
  const signer = row.signer_id ? readSigners(context.db, row.job_id).find((s) => s.id === row.signer_id) : undefined;
  const name = row.kind === 'pades' ? 'signed.pdf' : `signer-${(signer?.position ?? 0) + 1}.xades.xml`;
  const archived = await archiveFile(context.archiveDir, join(row.job_id, name), bytes);
  const { trustedCaPems } = await postenConnectionOf(context, accountId);
  const verification =
    row.kind === 'pades'
      ? await verifyPades(bytes, { trustedCaPems, now: context.now() })
      : await verifyXades(bytes.toString('utf8'), {
          trustedCaPems,
          documents: readDocuments(context.db, row.job_id).map((d) => ({ fileName: d.file_name, bytes: readFileSync(d.storage_path) })),
        });
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db
      .prepare("UPDATE downloads SET state = 'archived', archive_path = ?, sha256 = ?, size = ?, verified = ?, verification = ?, last_error = NULL, updated_at = ? WHERE id = ?")
      .run(archived.path, archived.sha256, archived.size, verification.ok ? 1 : 0, verification.summary, at, row.id);
    appendJobEvent(context.db, {
      jobId: row.job_id,
      at,
      kind: 'downloaded',
      actor: 'app',
      data: { kind: row.kind, sha256: archived.sha256, verified: verification.ok, verification: verification.summary },
    });
  })();
  context.events.emit('progress', { task: 'download', jobId: row.job_id, done: 1, total: 1, label: 'Downloaded' });
}

/** Copies an archived file into a folder under the naming pattern; never overwrites a different file. */
export async function fileDownload(context: CoreContext, accountId: string, downloadId: string, targetFolder?: string): Promise<FiledFile> {
  const row = context.db.prepare('SELECT * FROM downloads WHERE id = ?').get(downloadId) as DownloadRow;
  const job = readJobRow(context.db, row.job_id);
  const signers = readSigners(context.db, row.job_id);
  const names = signedFileNames(readSettings(context.db).fileNamePattern, { id: job.id, title: job.title, reference: job.reference, completedAt: job.updated_at }, signers.map((s) => ({ position: s.position, name: s.name, email: s.email, mobile: s.mobile })));
  const relative = row.kind === 'pades' ? names.pades : names.xades(signers.findIndex((s) => s.id === row.signer_id));
  const folder = targetFolder ?? postenAccountSettings(context, accountId).saveFolder;
  // The app's own default folder is created on demand; a folder the user chose that is missing is
  // more likely an unplugged drive, and filing waits for it (saveCopy says so).
  if (folder === context.ports.saveTarget.defaultFolder()) makePrivateFolder(folder);
  const saved = await saveCopy(row.archive_path!, folder, relative);
  return recordFiled(context, row, saved, !targetFolder);
}

function recordFiled(context: CoreContext, row: DownloadRow, saved: { path: string; outcome: string }, isFirstFiling: boolean): FiledFile {
  const at = context.now().toISOString();
  context.db.transaction(() => {
    if (isFirstFiling) context.db.prepare("UPDATE downloads SET state = 'filed', saved_path = ?, last_error = NULL, updated_at = ? WHERE id = ?").run(saved.path, at, row.id);
    appendJobEvent(context.db, { jobId: row.job_id, at, kind: isFirstFiling ? 'filed' : 'saved-again', actor: isFirstFiling ? 'app' : 'administrator', data: { kind: row.kind, path: saved.path, outcome: saved.outcome } });
  })();
  return { jobId: row.job_id, kind: row.kind, path: saved.path };
}

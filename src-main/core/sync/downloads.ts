import { existsSync, readFileSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { refusedDownloadReasons } from '../../../src-shared/failure';
import type { VerificationReport } from '../../../src-shared/verification';
import { join } from 'node:path';
import type { CoreContext } from '../context';
import { readSettings } from '../db/repositories/settings';
import { archiveStream } from '../filing/archive';
import { catalogues, format, languages, type Language } from '../../../src-shared/i18n';
import { describeFailure, encodeStoredFailure } from '../failure';
import { resolveInside, sha256OfFile } from '../filing/durable';
import { signedFileNames, type NamingJob, type NamingSigner } from '../filing/naming';
import { saveCopy } from '../filing/save';
import type { StoredFilingProblem } from '../jobs/attention';
import { languageOf } from '../language';
import { encodeVerification } from '../verification/stored';
import { appendJobEvent } from '../jobs/events-log';
import { readDocuments, readJobRow, readSigners } from '../jobs/read';
import { notify } from '../notifications';
import { providerOfAccount } from '../providers/registry';
import { ServiceCallError } from '../providers/service-error';
import type { ProviderSession } from '../providers/types';
import { verifyPades } from '../verification/pades';
import { verifyXades } from '../verification/xades';
import { nextAttemptAt } from './backoff';
import { clearSyncProblem, setSyncProblem } from './sync-problem';
import { makePrivateFolder } from '../private-files';
import { crashDuring, crashPoint } from './crash-points';

interface DownloadRow {
  id: string;
  job_id: string;
  signer_id: string | null;
  /** A signed PDF of one document (Rest PKI Core signs each document on its own); null for a job's one PAdES. */
  document_id: string | null;
  /** `artifacts.format`: read as `kind`, the word the job's log and the file names use. */
  kind: 'pades' | 'xades' | 'signed-pdf';
  /** `artifacts.origin`: where the provider fetches it. */
  url: string;
  state: 'pending' | 'archived' | 'filed' | 'failed';
  archive_path: string | null;
  sha256: string | null;
  attempts: number;
  verified: number | null;
}

export interface FiledFile {
  jobId: string;
  kind: DownloadRow['kind'];
  path: string;
}

export interface DownloadPass {
  filed: FiledFile[];
  /** Jobs whose signed files could not be filed and that did not need attention for it before. */
  newlyNotFiled: string[];
}

/**
 * Fetches what the service has made available, keeps it in the app's archive (streamed to a temp
 * file, fsync, rename, SHA-256), verifies it, then files a copy in the account's save folder. Each
 * step is recorded before the next begins, so a crash resumes where it stopped and never files
 * twice. Only a file that verifies is filed; one that does not is kept in the archive as evidence
 * and the job goes under Needs attention, as does a link that leads outside the service or a file
 * over the size limit.
 */
const ARTIFACT_COLUMNS = 'd.id, d.job_id, d.signer_id, d.document_id, d.format AS kind, d.origin AS url, d.state, d.archive_path, d.sha256, d.attempts, d.verified';

/**
 * A file refused for what came back (it did not verify, or it was too large) is fetched again
 * later: a proxy's error page or a cut-off answer must not keep the signed file out of the save
 * folder for good, and the service deletes it some 40 days after signing. Hourly at first, then
 * daily, a bounded number of times; the refusal stays on the job until a copy verifies.
 */
const REFETCH_FIRST_MS = 60 * 60_000;
const REFETCH_LAST_MS = 24 * 60 * 60_000;
const REFETCH_ATTEMPTS = 10;
const refetchAt = (context: CoreContext, row: DownloadRow): string | null =>
  row.attempts + 1 < REFETCH_ATTEMPTS ? nextAttemptAt(context.now(), row.attempts + 1, { baseMs: REFETCH_FIRST_MS, capMs: REFETCH_LAST_MS }).toISOString() : null;
const CONTENT_REFUSALS = ['download-not-verified', 'download-too-large'] as const;

/** An XML signature is kilobytes; a "XAdES" far larger is not read into memory to be checked. */
const XADES_MAX_BYTES = 10 * 1024 * 1024;

/** The save folder of the account, whatever its service. */
export const saveFolderOf = (context: CoreContext, accountId: string): string => providerOfAccount(context, accountId).getAccount(context, accountId).saveFolder;

export async function processDownloads(context: CoreContext, session: () => Promise<ProviderSession>, accountId: string): Promise<DownloadPass> {
  const now = context.now().toISOString();
  const rows = context.db
    .prepare(
      `SELECT ${ARTIFACT_COLUMNS} FROM artifacts d JOIN jobs j ON j.id = d.job_id
       WHERE j.account_id = ? AND (d.state IN ('pending','archived') AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)
         OR d.state = 'failed' AND d.next_attempt_at <= ?) ORDER BY d.created_at`,
    )
    .all(accountId, now, now) as DownloadRow[];
  const pass: DownloadPass = { filed: [], newlyNotFiled: [] };
  for (const row of rows) {
    let verified: boolean;
    try {
      verified = row.state === 'archived' ? row.verified === 1 : await fetchAndArchive(context, await session(), row);
    } catch (error) {
      if (error instanceof ServiceCallError && (error.kind === 'refusedLink' || error.kind === 'tooLarge')) {
        refuseDownload(context, row, error.kind === 'refusedLink' ? 'download-link-refused' : 'download-too-large', error.detail, { keepArchive: false });
        continue;
      }
      recordAttemptFailed(context, row, error);
      continue;
    }
    // Only a file that verifies is filed; one from an older version that did not is refused now.
    if (!verified) {
      if (row.state === 'archived') refuseDownload(context, row, 'download-not-verified', 'The file in the archive did not pass verification.', { keepArchive: true });
      continue;
    }
    crashPoint('download.archived');
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
    .prepare(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts d WHERE d.job_id = ? AND d.state = 'archived' AND d.verified = 1 ORDER BY d.created_at`)
    .all(jobId) as DownloadRow[];
  const pass: DownloadPass = { filed: [], newlyNotFiled: [] };
  for (const row of rows) await fileIntoSaveFolder(context, job.account_id, row, pass);
  return pass;
}

function recordAttemptFailed(context: CoreContext, row: DownloadRow, error: unknown): void {
  const attempts = row.attempts + 1;
  const message = (error as Error).message;
  // Kept with its reason, so the job page says what happened in the user's language.
  const stored = encodeStoredFailure(describeFailure(error));
  context.db
    .prepare('UPDATE artifacts SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?')
    .run(attempts, nextAttemptAt(context.now(), attempts, { baseMs: 15_000 }).toISOString(), stored, context.now().toISOString(), row.id);
  context.ports.logger.warn('Download failed; will retry', { jobId: row.job_id, kind: row.kind, message });
}

/**
 * Copies one archived file into the account's save folder. A failure (folder gone, no permission,
 * disk full) is retried with backoff and also put on the job, where it makes the job need attention
 * until every file of the job is filed; the archive copy stays meanwhile.
 */
async function fileIntoSaveFolder(context: CoreContext, accountId: string, row: DownloadRow, pass: DownloadPass): Promise<void> {
  const folder = saveFolderOf(context, accountId);
  try {
    pass.filed.push(await fileDownload(context, accountId, row.id));
  } catch (error) {
    const failure = describeFailure(error);
    const at = context.now().toISOString();
    context.db.transaction(() => {
      recordAttemptFailed(context, row, error);
      const before = readJobRow(context.db, row.job_id).filing_problem;
      const since = before ? (JSON.parse(before) as StoredFilingProblem).since : at;
      const problem: StoredFilingProblem = { reason: failure.reason ?? 'file.failed', params: failure.params, folder, since, detail: failure.detail ?? String(error) };
      // updated_at stays: it is the completion time the file name's {date} comes from.
      context.db.prepare('UPDATE jobs SET filing_problem = ? WHERE id = ?').run(JSON.stringify(problem), row.job_id);
      if (!before) {
        appendJobEvent(context.db, {
          jobId: row.job_id,
          at,
          kind: 'filing-failed',
          actor: 'app',
          data: { kind: row.kind, reason: problem.reason, params: problem.params, folder, message: problem.detail },
        });
        pass.newlyNotFiled.push(row.job_id);
      }
    })();
    return;
  }
  // Filed: the job no longer needs attention for filing once none of its files is still waiting on a failure.
  const stillFailing = context.db.prepare("SELECT 1 FROM artifacts WHERE job_id = ? AND state = 'archived' AND last_error IS NOT NULL").get(row.job_id);
  if (!stillFailing) {
    context.db.prepare('UPDATE jobs SET filing_problem = NULL WHERE id = ? AND filing_problem IS NOT NULL').run(row.job_id);
  }
}

/** A download that must not be filed: recorded with its reason, and the job goes under Needs attention. */
function refuseDownload(context: CoreContext, row: DownloadRow, reason: keyof typeof refusedDownloadReasons, message: string, options: { keepArchive: boolean }): void {
  const at = context.now().toISOString();
  context.db.transaction(() => {
    // Kept with its reason, so the file on the job page says why in the user's language.
    const stored = encodeStoredFailure({ reason: refusedDownloadReasons[reason], detail: message });
    // A link outside the service stays refused; a file too large is asked for again later.
    const again = reason === 'download-too-large' ? refetchAt(context, row) : null;
    context.db
      .prepare(`UPDATE artifacts SET state = 'failed', last_error = ?, archive_path = ${options.keepArchive ? 'archive_path' : 'NULL'}, attempts = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`)
      .run(stored, row.attempts + 1, again, at, row.id);
    setSyncProblem(context.db, row.job_id, { reason, detail: message, at });
    appendJobEvent(context.db, { jobId: row.job_id, at, kind: 'download-refused', actor: 'app', data: { kind: row.kind, reason, message } });
  })();
  context.events.emit('jobs.changed', { jobIds: [row.job_id] });
  if (row.state === 'failed') return; // refused before: told once
  const job = readJobRow(context.db, row.job_id);
  notify(context, { kind: 'needsAttention', title: 'notify.downloadRefused', body: job.title, jobId: job.id });
}

/** Returns whether the file verified. */
async function fetchAndArchive(context: CoreContext, session: ProviderSession, row: DownloadRow): Promise<boolean> {
  const pdf = row.kind !== 'xades';
  context.events.emit('progress', { task: 'download', jobId: row.job_id, done: 0, total: 1, label: pdf ? 'Downloading the signed PDF' : 'Downloading a signature', stage: pdf ? 'downloadingPdf' : 'downloadingSignature' });
  const signer = row.signer_id ? readSigners(context.db, row.job_id).find((s) => s.id === row.signer_id) : undefined;
  // Shown on the job page ("Archived at …"), so named in the user's language like the filed copies.
  const words = catalogues[languageOf(context)];
  // One signed PDF per document (Rest PKI Core, TRIDENT): each its own archive file, named by its position.
  const document = row.document_id ? readDocuments(context.db, row.job_id).find((d) => d.id === row.document_id) : undefined;
  const name = document
    ? `${words['fileName.signed']}-${document.position + 1}.pdf`
    : pdf
      ? `${words['fileName.signed']}.pdf`
      : `${format(words['fileName.signer'], { number: (signer?.position ?? 0) + 1 }).replace(/\s+/g, '-')}.xades.xml`;
  const archived = await session.fetch(row.url, (chunks) => archiveStream(context.archiveDir, join(row.job_id, name), crashDuring('download.streaming', chunks)));
  const verification = await verifyArchived(context, row, archived.path, session.signerTrust);
  const at = context.now().toISOString();
  context.db.transaction(() => {
    context.db
      .prepare("UPDATE artifacts SET state = ?, archive_path = ?, sha256 = ?, size = ?, verified = ?, verification = ?, last_error = ?, attempts = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?")
      .run(
        verification.ok ? 'archived' : 'failed',
        archived.path,
        archived.sha256,
        archived.size,
        verification.ok ? 1 : 0,
        encodeVerification(verification),
        verification.ok ? null : encodeStoredFailure({ reason: 'download.notVerified', detail: 'The file did not pass verification; it is kept in the archive and was not filed.' }),
        verification.ok ? row.attempts : row.attempts + 1,
        verification.ok ? null : refetchAt(context, row),
        at,
        row.id,
      );
    appendJobEvent(context.db, {
      jobId: row.job_id,
      at,
      kind: 'downloaded',
      actor: 'app',
      data: { kind: row.kind, sha256: archived.sha256, verified: verification.ok, verification: verification.summary, report: verification.report },
    });
    if (!verification.ok) setSyncProblem(context.db, row.job_id, { reason: 'download-not-verified', detail: verification.summary, at });
    // A copy fetched again verified: the refusal goes once no other file of the job is refused.
    else if (row.state === 'failed' && !context.db.prepare("SELECT 1 FROM artifacts WHERE job_id = ? AND state = 'failed' AND id <> ?").get(row.job_id, row.id)) {
      clearSyncProblem(context.db, row.job_id, CONTENT_REFUSALS);
    }
  })();
  context.events.emit('progress', { task: 'download', jobId: row.job_id, done: 1, total: 1, label: 'Downloaded', stage: 'downloaded' });
  if (!verification.ok && row.state !== 'failed') {
    const job = readJobRow(context.db, row.job_id);
    notify(context, { kind: 'needsAttention', title: 'notify.downloadRefused', body: job.title, jobId: job.id });
  }
  return verification.ok;
}

/** The first bytes, readable, for saying what a file that is not what it should be looks like. */
function describeStart(head: Buffer): string {
  const text = head.subarray(0, 60).toString('latin1').replace(/[^\x20-\x7e]+/g, ' ').trim();
  return text ? `it begins with "${text}"` : 'it is empty or binary';
}

/** The check of a file that is plainly not what it should be: a report the UI words, the first bytes as its detail. */
function notWhatItShouldBe(kind: 'pades' | 'xades', head: Buffer): { ok: false; summary: string; report: VerificationReport } {
  const detail = describeStart(head);
  const report: VerificationReport = { ok: false, kind, signatures: 0, signers: [], findings: [{ key: kind === 'pades' ? 'notPdf' : 'notXml', detail }] };
  return { ok: false, summary: `${kind === 'pades' ? 'Not a PDF' : 'Not an XML signature'}: ${detail}.`, report };
}

/**
 * Verifies an archived file from disk. Its first bytes are looked at before it is read whole, so a
 * huge file that is plainly not a PDF (an HTML page, a run of "A"s) never fills the memory.
 */
async function verifyArchived(
  context: CoreContext,
  row: DownloadRow,
  path: string,
  trustedCaPems: string[],
): Promise<{ ok: boolean; summary: string; report: VerificationReport }> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (row.kind !== 'xades') {
    if (!head.includes('%PDF-')) return notWhatItShouldBe('pades', head);
    return verifyPades(await readFile(path), { trustedCaPems, now: context.now() });
  }
  if (!/^(\uFEFF)?\s*</.test(head.toString('utf8'))) return notWhatItShouldBe('xades', head);
  const { size } = await stat(path);
  if (size > XADES_MAX_BYTES) {
    const detail = `it is ${Math.round(size / 2 ** 20)} MB, more than the ${XADES_MAX_BYTES / 2 ** 20} MB an XML signature may be; it was not read`;
    return { ok: false, summary: `Not an XML signature: ${detail}.`, report: { ok: false, kind: 'xades', signatures: 0, signers: [], findings: [{ key: 'unreadable', detail }] } };
  }
  return verifyXades(await readFile(path, 'utf8'), {
    trustedCaPems,
    documents: readDocuments(context.db, row.job_id).map((d) => ({ fileName: d.file_name, bytes: readFileSync(d.storage_path) })),
  });
}

/** Copies an archived file into a folder under the naming pattern; never overwrites a different file. */
export async function fileDownload(context: CoreContext, accountId: string, downloadId: string, targetFolder?: string): Promise<FiledFile> {
  const row = context.db.prepare(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts d WHERE d.id = ?`).get(downloadId) as DownloadRow;
  const job = readJobRow(context.db, row.job_id);
  const signers = readSigners(context.db, row.job_id);
  const language = languageOf(context);
  const namingJob: NamingJob = { id: job.id, title: job.title, reference: job.reference, completedAt: job.updated_at };
  const namingSigners: NamingSigner[] = signers.map((s) => ({ position: s.position, name: s.name, email: s.email, mobile: s.mobile }));
  const signerIndex = signers.findIndex((s) => s.id === row.signer_id);
  // A job of several documents each signed on its own (Rest PKI Core) names each file by its document.
  const documents = row.document_id ? readDocuments(context.db, row.job_id) : [];
  const document = documents.length > 1 ? documents.find((d) => d.id === row.document_id) : undefined;
  const relativeIn = (inLanguage: Language) => {
    const names = signedFileNames(readSettings(context.db).fileNamePattern, namingJob, namingSigners, inLanguage);
    if (document) return names.document(document.title);
    return row.kind === 'xades' ? names.xades(signerIndex) : names.pades;
  };
  const folder = targetFolder ?? saveFolderOf(context, accountId);
  // The app's own default folder is created on demand; a folder the user chose that is missing is
  // more likely an unplugged drive, and filing waits for it (saveCopy says so).
  if (folder === context.ports.saveTarget.defaultFolder(language)) makePrivateFolder(folder);
  const earlier = await copyNamedInAnotherLanguage(folder, row, language, relativeIn);
  const saved = earlier ? { path: earlier, outcome: 'already-there' } : await saveCopy(row.archive_path!, folder, relativeIn(language));
  return recordFiled(context, row, saved, !targetFolder);
}

/**
 * File names follow the language setting, so a file filed before the language changed has its
 * name in the other language. Such a copy with the same content counts as saved: filing again
 * (after a restart, or "Save again" into the same folder) finds it instead of writing a twin.
 */
async function copyNamedInAnotherLanguage(folder: string, row: DownloadRow, language: Language, relativeIn: (language: Language) => string): Promise<string | undefined> {
  if (!row.sha256) return undefined;
  for (const other of languages.filter((l) => l !== language)) {
    const relative = relativeIn(other);
    if (relative === relativeIn(language)) continue;
    const candidate = resolveInside(folder, relative);
    if (existsSync(candidate) && (await sha256OfFile(candidate).catch(() => undefined)) === row.sha256) return candidate;
  }
  return undefined;
}

function recordFiled(context: CoreContext, row: DownloadRow, saved: { path: string; outcome: string }, isFirstFiling: boolean): FiledFile {
  const at = context.now().toISOString();
  context.db.transaction(() => {
    if (isFirstFiling) context.db.prepare("UPDATE artifacts SET state = 'filed', saved_path = ?, last_error = NULL, updated_at = ? WHERE id = ?").run(saved.path, at, row.id);
    appendJobEvent(context.db, { jobId: row.job_id, at, kind: isFirstFiling ? 'filed' : 'saved-again', actor: isFirstFiling ? 'app' : 'administrator', data: { kind: row.kind, path: saved.path, outcome: saved.outcome } });
  })();
  return { jobId: row.job_id, kind: row.kind, path: saved.path };
}

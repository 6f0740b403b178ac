import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreContext } from '../../context';
import { prepared } from '../../db/prepared';
import { removeQuietly, tempPathBeside, writeFlushed } from '../../filing/durable';
import { appendJobEvent } from '../../jobs/events-log';
import { mergeProviderData, readProviderData } from '../../jobs/provider-data';
import { readDocuments, readJobRow, readSigners, type JobRow, type SignerRow } from '../../jobs/read';
import { languageOf } from '../../language';
import { makePrivateFolder } from '../../private-files';
import { scheduleFastChecks } from '../../sync/job-checks';
import type { AppliedChange, CreatedJob, PreparedSubmission, ReturnAddresses } from '../types';
import { tridentAccountSettings } from './accounts';
import { PDF_SIGNATURE_POLICY, PROCESS_TYPE, type FileToSend, type ProcessDocument, type ProcessRequest, type ProcessResult, type TridentClient } from './client';
import { TridentError } from './errors';

/**
 * A TRIDENT job is a chain of signer processes (reference B5-B8), one per signer in order: the
 * first is created by the outbox (its crash rules), each next one here once the one before it has
 * finished, from the documents as that signer left them. Every outcome is learned by asking
 * `/result` (B7); the browser's return only makes that happen sooner.
 */

/** What the app keeps with each signer (`signers.provider_data`). */
export interface TridentSignerData {
  processId?: string;
  /** Where the person signs (the process's UserBrowserTask). */
  taskUrl?: string;
  /** Our documents in the process's order, with the service's ids. */
  documents?: { documentId: string; serviceDocumentId: string }[];
  /** Documents created with POST /documents for a batch: deleted with the process. */
  uploaded?: string[];
  /** The process and its documents are deleted at the service. */
  deleted?: boolean;
}

/** What the app keeps with the job (`jobs.provider_data`). */
export interface TridentJobData {
  /** How the service ended the job, for the job page. */
  outcome?: { serviceStatus: string; message: string | null; documents: { documentId: string; serviceStatus: string; message: string | null }[] };
  /** When every process and document of the job was deleted at the service. */
  cleanedUpAt?: string;
}

/** The options compose stored on the job (create-job.ts). */
interface TridentJobOptions {
  labels?: string[][];
}

export const signerDataOf = (signer: Pick<SignerRow, 'provider_data'>) => readProviderData<TridentSignerData & Record<string, unknown>>(signer.provider_data) as TridentSignerData;
export const jobDataOf = (job: Pick<JobRow, 'provider_data'>) => readProviderData<TridentJobData & Record<string, unknown>>(job.provider_data) as TridentJobData;

/** The service's word while a process waits for its person. */
export const RUNNING = 'running';

/** The app's language as TRIDENT's `ui_locales` (B5): the first one it supports wins. */
const UI_LOCALES = { nb: ['nb_NO', 'en_GB', 'en_US'], en: ['en_GB', 'en_US'] } as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The job's description as the agreement page's HTML body (B5): paragraphs, line breaks, nothing else. */
export function agreementHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

/** The `process` object for one signer's process (B5). */
function processRequestFor(context: CoreContext, job: JobRow, signer: SignerRow, returns: ReturnAddresses): ProcessRequest {
  const account = tridentAccountSettings(context, job.account_id);
  const finishUrl = returns.forSigner(signer.id);
  if (!finishUrl) throw new Error('The return listener has no address for this signer.');
  const options = JSON.parse(job.options) as TridentJobOptions;
  const labels = options.labels ?? account.labels;
  const policy = account.signaturePolicy ?? PDF_SIGNATURE_POLICY;
  // A PDF signed before needs a signature field of another name (B3, B11).
  const parameters = policy === PDF_SIGNATURE_POLICY && signer.position > 0 ? { type: 'pdf', signature_field: { name: `Signature ${signer.position + 1}` } } : undefined;
  return {
    process_type: PROCESS_TYPE,
    signer: { signature_policy_id: policy, ...(parameters ? { parameters } : {}) },
    ...(labels?.length ? { labels } : {}),
    ui_locales: [...UI_LOCALES[languageOf(context)]],
    finish_callback_url: finishUrl,
    ...(job.description?.trim() ? { views: { document_agreement: { document_info: { html_body_content: Buffer.from(agreementHtml(job.description), 'utf8').toString('base64') } } } } : {}),
  };
}

interface StartedProcess {
  data: TridentSignerData;
  bytes: number;
}

/**
 * Creates one signer process: the one document in a multipart request, or several created first
 * with POST /documents and named in a JSON request, so the person signs them all in one pass (B5).
 * Documents made for a process that then did not come about are deleted again where that is sure.
 */
async function startProcess(client: TridentClient, process: ProcessRequest, documents: { documentId: string; file: FileToSend }[]): Promise<StartedProcess> {
  const bytes = documents.reduce((sum, d) => sum + d.file.size, 0);
  if (documents.length === 1) {
    const created = await client.createProcess(process, documents[0].file);
    // The one document is the process's own (B5); an answer without it is asked again.
    const serviceDocumentId = created.documentIds[0] ?? (await client.processDocuments(created.id))[0]?.id;
    if (!serviceDocumentId) throw new TridentError('unexpected', 'TRIDENT created the process without a document.');
    return { bytes, data: { processId: created.id, taskUrl: created.taskUrl, documents: [{ documentId: documents[0].documentId, serviceDocumentId }] } };
  }
  const uploaded: string[] = [];
  const forget = async () => {
    for (const id of uploaded) await client.deleteDocument(id).catch(() => undefined);
  };
  try {
    for (const document of documents) uploaded.push(await client.createDocument(document.file));
  } catch (error) {
    await forget();
    // No process exists yet: whatever happened, sending again is safe.
    if (error instanceof TridentError && error.details.unknownOutcome) throw new TridentError(error.kind, error.message, { ...error.details, unknownOutcome: undefined });
    throw error;
  }
  try {
    const created = await client.createProcess({ ...process, documents: uploaded.map((id) => ({ id })) });
    return {
      bytes,
      data: { processId: created.id, taskUrl: created.taskUrl, documents: documents.map((d, i) => ({ documentId: d.documentId, serviceDocumentId: uploaded[i] })), uploaded },
    };
  } catch (error) {
    // The process may exist when the outcome is unknown, and then it holds these documents.
    if (!(error instanceof TridentError && error.details.unknownOutcome)) await forget();
    throw error;
  }
}

async function originalFiles(context: CoreContext, jobId: string): Promise<{ documentId: string; file: FileToSend }[]> {
  const documents = readDocuments(context.db, jobId);
  return Promise.all(
    documents.map(async (d) => ({ documentId: d.id, file: { path: d.storage_path, size: (await stat(d.storage_path)).size, fileName: d.file_name, mimeType: d.mime_type } })),
  );
}

/** The first signer's process, sent by the outbox: its crash rules (sending, outcome unknown) hold. */
export async function prepareTridentSubmission(context: CoreContext, client: TridentClient, jobId: string, returns: ReturnAddresses): Promise<PreparedSubmission> {
  const job = readJobRow(context.db, jobId);
  const first = readSigners(context.db, jobId)[0];
  if (!first) throw new Error('The job has no signer.');
  const process = processRequestFor(context, job, first, returns);
  const files = await originalFiles(context, jobId);
  return {
    async send(): Promise<CreatedJob> {
      const started = await startProcess(client, process, files);
      return {
        serviceJobId: started.data.processId!,
        serviceStatus: RUNNING,
        signers: { [first.id]: { remoteRef: started.data.processId, providerData: { ...started.data } } },
        bytes: started.bytes,
      };
    },
    discard: async () => undefined,
  };
}

/** Where the documents as one signer left them are kept for the next one. */
const signedFolderOf = (context: CoreContext, jobId: string, signer: SignerRow) => join(context.documentsDir, jobId, `signed-by-${signer.position + 1}`);

/**
 * The next signer's process: the documents as the signer before left them are fetched, kept beside
 * the job's own, and sent as this process's documents. Nothing about the signer changes until the
 * process exists; a failure is tried again at the job's next check.
 */
async function startNextSigner(context: CoreContext, client: TridentClient, job: JobRow, signer: SignerRow, previous: SignerRow, returns: ReturnAddresses): Promise<void> {
  const before = signerDataOf(previous);
  const documents = readDocuments(context.db, job.id);
  const folder = signedFolderOf(context, job.id, previous);
  makePrivateFolder(folder);
  const files: { documentId: string; file: FileToSend }[] = [];
  for (const document of documents) {
    const serviceDocumentId = before.documents?.find((d) => d.documentId === document.id)?.serviceDocumentId;
    if (!serviceDocumentId) throw new Error(`The process of signer ${previous.position + 1} has no document for “${document.title}”.`);
    const path = join(folder, document.file_name);
    const temp = tempPathBeside(path);
    try {
      const written = await client.download(client.contentUrlOf(serviceDocumentId), (chunks) => writeFlushed(temp, chunks));
      await rename(temp, path);
      files.push({ documentId: document.id, file: { path, size: written.size, fileName: document.file_name, mimeType: document.mime_type } });
    } catch (error) {
      await removeQuietly(temp);
      throw error;
    }
  }
  const started = await startProcess(client, processRequestFor(context, job, signer, returns), files);
  const at = context.now().toISOString();
  context.db.transaction(() => {
    prepared(context.db, 'UPDATE signers SET remote_ref = ?, service_status = ?, provider_data = ? WHERE id = ?').run(
      started.data.processId,
      RUNNING,
      mergeProviderData(signer.provider_data, { ...started.data }),
      signer.id,
    );
    prepared(context.db, 'UPDATE jobs SET service_status = ?, last_synced_at = ? WHERE id = ?').run(RUNNING, at, job.id);
    appendJobEvent(context.db, { jobId: job.id, at, kind: 'signer-turn', actor: 'app', data: { signer: signer.position, processId: started.data.processId } });
  })();
}

/** The common words for a process result (B7); a word TRIDENT adds later ends the job as failed. */
function statusesOf(result: Exclude<ProcessResult, { state: 'running' }>): { job: 'completed' | 'failed' | 'cancelled' | 'expired'; signer: 'signed' | 'failed' | 'cancelled' | 'expired'; word: string } {
  if (result.state === 'gone') return { job: 'expired', signer: 'expired', word: 'gone' };
  switch (result.status) {
    case 'finished':
      return { job: 'completed', signer: 'signed', word: result.status };
    case 'canceled':
      return { job: 'cancelled', signer: 'cancelled', word: result.status };
    default:
      return { job: 'failed', signer: 'failed', word: result.status };
  }
}

/**
 * Writes what the service said about the current signer's process, in one transaction, once (the
 * result's own dedupe key): the signer's status, the next signer's turn or the job's end, the
 * signed documents to fetch, and the service's own words for the job page.
 */
function applyResult(
  context: CoreContext,
  jobId: string,
  current: SignerRow,
  result: Exclude<ProcessResult, { state: 'running' }>,
  documents: ProcessDocument[],
  contentUrlOf: (serviceDocumentId: string) => string,
): AppliedChange {
  const db = context.db;
  const at = context.now().toISOString();
  const data = signerDataOf(current);
  const change: AppliedChange = { jobId, fresh: false, newlySigned: [], newlyRejected: [], finishedAs: null };
  const statuses = statusesOf(result);
  db.transaction(() => {
    const dedupeKey = `trident:${jobId}:${data.processId}:${statuses.word}`;
    if (prepared(db, 'SELECT 1 FROM job_events WHERE dedupe_key = ?').get(dedupeKey)) return;
    const job = readJobRow(db, jobId);
    if (job.status !== 'in_progress') return;
    change.fresh = true;
    const signers = readSigners(db, jobId);
    const next = signers.find((s) => s.position > current.position && s.status === 'waiting');
    prepared(db, 'UPDATE signers SET status = ?, service_status = ?, status_since = ? WHERE id = ?').run(statuses.signer, statuses.word, at, current.id);
    if (statuses.signer === 'signed') change.newlySigned.push(current);
    const last = !(statuses.signer === 'signed' && next);
    // The result's dedupe key goes with the event that records it: the job's end, or this signer's.
    appendJobEvent(db, {
      jobId,
      at,
      kind: 'signer-status',
      actor: 'service',
      data: { signer: current.position, from: current.status, to: statuses.signer, serviceStatus: statuses.word },
      ...(last ? {} : { dedupeKey }),
    });
    const message = result.state === 'done' ? result.message : null;
    const byServiceId = new Map((data.documents ?? []).map((d) => [d.serviceDocumentId, d.documentId]));
    const documentResults = documents
      .filter((d) => d.status)
      .map((d) => ({ documentId: byServiceId.get(d.id) ?? d.id, serviceStatus: d.status!, message: d.message }));
    const signed = signers.filter((s) => s.status === 'signed').length + (statuses.signer === 'signed' ? 1 : 0);
    if (!last && next) {
      // The next signer's turn; its process is created right after this (or at the next check).
      prepared(db, 'UPDATE jobs SET signer_signed = ?, active_step = ?, service_status = ?, return_hint = NULL, last_synced_at = ?, updated_at = ? WHERE id = ?').run(
        signed,
        next.step,
        RUNNING,
        at,
        at,
        jobId,
      );
      return;
    }
    // The job ends here: everyone after this signer will not be asked.
    prepared(db, "UPDATE signers SET status = 'cancelled', status_since = ? WHERE job_id = ? AND position > ? AND status = 'waiting'").run(at, jobId, current.position);
    const outcome: TridentJobData['outcome'] = { serviceStatus: statuses.word, message, documents: documentResults };
    prepared(db, 'UPDATE jobs SET status = ?, service_status = ?, signer_signed = ?, active_step = NULL, provider_data = ?, return_hint = NULL, last_synced_at = ?, updated_at = ? WHERE id = ?').run(
      statuses.job,
      statuses.word,
      signed,
      mergeProviderData(job.provider_data, { outcome }),
      at,
      at,
      jobId,
    );
    if (statuses.job === 'completed') {
      const insert = prepared(
        db,
        `INSERT OR IGNORE INTO artifacts (id, job_id, signer_id, document_id, format, origin, state, created_at, updated_at) VALUES (?, ?, NULL, ?, 'signed-pdf', ?, 'pending', ?, ?)`,
      );
      for (const document of data.documents ?? []) insert.run(context.newId(), jobId, document.documentId, contentUrlOf(document.serviceDocumentId), at, at);
    }
    appendJobEvent(db, { jobId, at, kind: 'status-change', actor: 'service', data: { status: statuses.job, serviceStatus: statuses.word, message }, dedupeKey });
    change.finishedAs = statuses.job;
  })();
  return change;
}

/**
 * Asks the service about the job's current signer (ProviderSession.check). A process that runs
 * changes nothing (and a browser's return that said otherwise is forgotten: the service decides);
 * a finished one moves the job on to the next signer, whose process is created at once.
 */
export async function checkTridentJob(context: CoreContext, client: TridentClient, jobId: string, returns: ReturnAddresses): Promise<AppliedChange> {
  const none: AppliedChange = { jobId, fresh: false, newlySigned: [], newlyRejected: [], finishedAs: null };
  const job = readJobRow(context.db, jobId);
  if (job.status !== 'in_progress') return none;
  const signers = readSigners(context.db, jobId);
  const current = signers.find((s) => s.status === 'waiting');
  if (!current) return none;
  const processId = signerDataOf(current).processId;
  if (!processId) {
    const previous = signers.filter((s) => s.position < current.position).at(-1);
    // The first signer's process is the outbox's to create.
    if (!previous) return none;
    await startNextSigner(context, client, job, current, previous, returns);
    return { ...none, fresh: true };
  }
  const result = await client.processResult(processId);
  if (result.state === 'running') {
    const at = context.now().toISOString();
    prepared(context.db, 'UPDATE jobs SET return_hint = NULL, service_status = COALESCE(service_status, ?), last_synced_at = ? WHERE id = ?').run(RUNNING, at, jobId);
    if (job.return_hint) context.events.emit('jobs.changed', { jobIds: [jobId] });
    return none;
  }
  const documents = result.state === 'done' ? await client.processDocuments(processId) : [];
  const change = applyResult(context, jobId, current, result, documents, (id) => client.contentUrlOf(id));
  const next = signers.find((s) => s.position > current.position);
  if (change.fresh && !change.finishedAs && next) {
    try {
      await startNextSigner(context, client, readJobRow(context.db, jobId), readSigners(context.db, jobId).find((s) => s.id === next.id)!, current, returns);
    } catch (error) {
      // The signature is stored; the next signer's process is tried again soon.
      context.ports.logger.warn('The next signer’s process could not be created yet', { jobId, message: (error as Error).message });
      scheduleFastChecks(context, jobId);
    }
  }
  return change;
}

/** The address to sign at, for the signer whose turn it is. */
export function taskUrlOf(job: JobRow, signer: SignerRow): string | null {
  if (job.status !== 'in_progress' || signer.status !== 'waiting' || signer.step !== job.active_step) return null;
  return signerDataOf(signer).taskUrl ?? null;
}

/** Whether the job's processes still have to be deleted at the service. */
export function needsCleanUp(job: JobRow, signers: SignerRow[]): boolean {
  return !jobDataOf(job).cleanedUpAt && signers.some((s) => signerDataOf(s).processId && !signerDataOf(s).deleted);
}

/**
 * Deletes every process of the job and the documents made for it at the service (B8), each
 * recorded as it goes, so a failure half-way is resumed without asking twice; then the copies of
 * the documents as each signer left them.
 */
export async function cleanUpTridentJob(context: CoreContext, client: TridentClient, jobId: string): Promise<void> {
  for (const signer of readSigners(context.db, jobId)) {
    const data = signerDataOf(signer);
    if (!data.processId || data.deleted) continue;
    await client.deleteProcess(data.processId);
    for (const id of data.uploaded ?? []) await client.deleteDocument(id);
    prepared(context.db, 'UPDATE signers SET provider_data = ? WHERE id = ?').run(mergeProviderData(signer.provider_data, { deleted: true }), signer.id);
  }
  const job = readJobRow(context.db, jobId);
  prepared(context.db, 'UPDATE jobs SET provider_data = ? WHERE id = ?').run(mergeProviderData(job.provider_data, { cleanedUpAt: context.now().toISOString() }), jobId);
  for (const signer of readSigners(context.db, jobId)) await rm(signedFolderOf(context, jobId, signer), { recursive: true, force: true });
}

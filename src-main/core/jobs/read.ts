import { prepared } from '../db/prepared';
import type { Database } from 'better-sqlite3';
import type { CoreContext } from '../context';
import type { JobDetail, JobStatus } from '../../../src-shared/contract';
import { canArchiveJob, type CommonSignerStatus, type Flow } from '../../../src-shared/domain';
import { CoreError } from '../errors';
import { isFailureReason } from '../../../src-shared/failure';
import { decodeStoredFailure, reasonOfStoredCode } from '../failure';
import { decodeVerification } from '../verification/stored';
import { REJECTED_BY_SQL, rejectingSignerOf } from '../db/repositories/jobs';
import { attentionOf, syncProblemOf, type AttentionColumns } from './attention';
import { providerOfFlow } from '../providers/registry';
import { readProviderData } from './provider-data';

export interface JobRow extends AttentionColumns {
  id: string;
  account_id: string;
  flow: Flow;
  status: JobStatus;
  /** The service's own word for the job's state. */
  service_status: string | null;
  title: string;
  nonsensitive_title: string | null;
  description: string | null;
  reference: string | null;
  service_job_id: string | null;
  /** The reference sent with the last create, unique per create (sync/outbox.ts). */
  service_reference: string | null;
  /** JSON only the job's provider reads (its links at the service, ...). */
  provider_data: string;
  /** JSON {kind, at}: a signer came back from signing, not yet confirmed by the service. */
  return_hint: string | null;
  options: string;
  signer_total: number;
  signer_signed: number;
  active_step: number | null;
  deadline: string | null;
  submit_attempts: number;
  submit_started_at: string | null;
  last_error_code: string | null;
  last_synced_at: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface SignerRow {
  id: string;
  job_id: string;
  position: number;
  step: number;
  name: string | null;
  national_identity_number: string | null;
  email: string | null;
  mobile: string | null;
  options: string;
  status: CommonSignerStatus;
  service_status: string | null;
  status_since: string | null;
  remote_ref: string | null;
  provider_data: string;
}

export interface DocumentRow {
  id: string;
  position: number;
  title: string;
  file_name: string;
  mime_type: string;
  size: number;
  sha256: string;
  storage_path: string;
}

export function readJobRow(db: Database, jobId: string): JobRow {
  const row = prepared(db, 'SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'There is no such job.', { reason: 'job.notFound' });
  return row;
}

export const readSigners = (db: Database, jobId: string): SignerRow[] =>
  prepared(db, 'SELECT * FROM signers WHERE job_id = ? ORDER BY position').all(jobId) as SignerRow[];

export const readDocuments = (db: Database, jobId: string): DocumentRow[] =>
  prepared(db, 'SELECT id, position, title, file_name, mime_type, size, sha256, storage_path FROM documents WHERE job_id = ? ORDER BY position').all(jobId) as DocumentRow[];

/** Whether the job's account was removed: its jobs stay in the list, read-only. */
export function accountRemovedOf(db: Database, job: Pick<JobRow, 'account_id'>): boolean {
  const row = prepared(db, 'SELECT removed_at FROM accounts WHERE id = ?').get(job.account_id) as { removed_at: string | null } | undefined;
  return row?.removed_at != null;
}

/** `now` decides what the service allows at this moment (deleting documents). */
export function readJobDetail(context: CoreContext, jobId: string): JobDetail {
  const { db } = context;
  const now = context.now();
  const job = readJobRow(db, jobId);
  const signers = readSigners(db, jobId);
  const accountRemoved = accountRemovedOf(db, job);
  const provider = providerOfFlow(job.flow);
  const capabilities = provider.capabilities(context, job, signers);
  const deletableFrom = capabilities.documentsDeletableFrom;
  const events = prepared(db, 'SELECT id, at, kind, actor, data FROM job_events WHERE job_id = ? ORDER BY id').all(jobId) as {
    id: number;
    at: string;
    kind: string;
    actor: 'service' | 'administrator' | 'app';
    data: string;
  }[];
  const downloads = db
    .prepare('SELECT id, format AS kind, signer_id, document_id, state, archive_path, saved_path, sha256, verified, verification, last_error FROM artifacts WHERE job_id = ? ORDER BY created_at, format')
    .all(jobId) as { id: string; kind: 'pades' | 'xades' | 'signed-pdf'; signer_id: string | null; document_id: string | null; state: 'pending' | 'archived' | 'filed' | 'failed'; archive_path: string | null; saved_path: string | null; sha256: string | null; verified: number | null; verification: string | null; last_error: string | null }[];
  return {
    id: job.id,
    accountId: job.account_id,
    flow: job.flow,
    title: job.title,
    reference: job.reference,
    status: job.status,
    progress: { total: job.signer_total, signed: job.signer_signed, activeStep: job.active_step },
    deadline: job.deadline,
    updatedAt: job.updated_at,
    createdAt: job.created_at,
    rejectedBy: rejectingSignerOf((prepared(db, `SELECT ${REJECTED_BY_SQL} AS r FROM jobs WHERE id = ?`).get(jobId) as { r: string | null }).r),
    attention: attentionOf(job),
    archivedAt: job.archived_at,
    accountRemoved,
    nonsensitiveTitle: job.nonsensitive_title,
    description: job.description,
    serviceJobId: job.service_job_id,
    serviceReference: job.service_reference,
    serviceStatus: job.service_status,
    returnHint: returnHintOf(job.return_hint),
    syncProblem: syncProblemOf(job.sync_problem),
    lastErrorCode: job.last_error_code,
    lastErrorMessage: job.last_error_message,
    lastErrorReason: lastErrorReasonOf(job, events),
    nextSubmitAt: job.status === 'queued' ? job.next_submit_at : null,
    lastSyncedAt: job.last_synced_at,
    canCancel: !accountRemoved && capabilities.canCancel,
    canDeleteDocuments: !accountRemoved && deletableFrom !== null && now.getTime() >= deletableFrom.getTime(),
    deleteDocumentsFrom: accountRemoved ? null : (deletableFrom?.toISOString() ?? null),
    canArchive: canArchiveJob({ status: job.status, archivedAt: job.archived_at, accountRemoved }),
    outcome: provider.outcomeOf?.(job) ?? null,
    signers: signers.map((s) => ({
      id: s.id,
      position: s.position,
      step: s.step,
      name: s.name,
      nationalIdentityNumber: s.national_identity_number,
      customIdentifier: (JSON.parse(s.options) as { customIdentifier?: string }).customIdentifier ?? null,
      cpf: (JSON.parse(s.options) as { cpf?: string }).cpf ?? null,
      email: s.email,
      mobile: s.mobile,
      status: s.status,
      serviceStatus: s.service_status,
      signUrl: accountRemoved ? null : (provider.storedSigningUrl?.(job, s) ?? null),
      statusSince: s.status_since,
      certificate: provider.signerCertificate?.(s) ?? null,
    })),
    documents: readDocuments(db, jobId).map((d) => ({ id: d.id, position: d.position, title: d.title, fileName: d.file_name, mimeType: d.mime_type, size: d.size })),
    events: events.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> })),
    downloads: downloads.map((d) => ({
      id: d.id,
      kind: d.kind,
      signerId: d.signer_id,
      documentId: d.document_id,
      state: d.state,
      archivePath: d.archive_path,
      savedPath: d.saved_path,
      sha256: d.sha256,
      verified: d.verified === null ? null : d.verified === 1,
      verification: decodeVerification(d.verification).summary,
      verificationReport: decodeVerification(d.verification).report,
      ...lastErrorOf(d.last_error),
    })),
  };
}

function returnHintOf(json: string | null): JobDetail['returnHint'] {
  const hint = readProviderData<{ kind: 'completion' | 'rejection' | 'error'; at: string }>(json);
  return hint.kind && hint.at ? { kind: hint.kind, at: hint.at } : null;
}

/**
 * The reason recorded with the failure that set the job's last error (its event knows the HTTP
 * status too); else the reason for the stored code, for rows older than recorded reasons.
 */
function lastErrorReasonOf(job: JobRow, events: { kind: string; data: string }[]): string | null {
  if (!job.last_error_code) return null;
  const failure = [...events].reverse().find((e) => e.kind === 'submit-failed' || e.kind === 'rejected-by-service');
  const data = failure ? (JSON.parse(failure.data) as { code?: unknown; reason?: unknown }) : undefined;
  if (data && data.code === job.last_error_code && isFailureReason(data.reason)) return data.reason;
  return reasonOfStoredCode(job.last_error_code);
}

function lastErrorOf(stored: string | null): Pick<JobDetail['downloads'][number], 'lastError' | 'lastErrorReason' | 'lastErrorParams'> {
  const failure = decodeStoredFailure(stored);
  return { lastError: failure?.detail ?? null, lastErrorReason: failure?.reason ?? null, lastErrorParams: failure?.params ? { ...failure.params } : null };
}

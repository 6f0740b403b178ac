import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import type { SyncProblem, SyncProblemReason } from '../../../src-shared/contract';
import type { FailureReason } from '../../../src-shared/failure';
import { join } from 'node:path';
import { postenConnectionOf, postenAccountSettings } from '../accounts/posten-accounts';
import type { CoreContext } from '../context';
import { appendJobEvent } from '../jobs/events-log';
import { readDocuments, readJobRow, readSigners, type JobRow } from '../jobs/read';
import type { PortalJobOptions, PortalSignerOptions } from '../jobs/create-portal';
import { writeDocumentBundle } from '../providers/posten/bundle';
import type { PostenClient } from '../providers/posten/client';
import { PostenError, type UnknownOutcomeReason } from '../providers/posten/errors';
import type { IdentifierInSignedDocuments, PortalJobSpec } from '../providers/posten/model';
import { writePortalJobRequest, writePortalManifest } from '../providers/posten/xml/write';
import { describeFailure } from '../failure';
import { retryDelayMs } from './backoff';
import { recordServiceFailure, recordServiceSuccess } from './service-problem';
import { setSyncProblem } from './sync-problem';

const IDENTIFIER: Record<NonNullable<PortalJobOptions['identifierInSignedDocuments']>, IdentifierInSignedDocuments> = {
  PIN_AND_NAME: 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME',
  DOB_AND_NAME: 'DATE_OF_BIRTH_AND_NAME',
  NAME: 'NAME',
};

/** The service's limit on a job reference (common.xsd `signature-job-reference`). */
const REFERENCE_MAX_LENGTH = 50;

/**
 * The reference sent with one create: the administrator's reference (shortened if need be) and a
 * token unique to this create. The service repeats it in every status change, which is how a job
 * whose create answer was lost is recognised, and how a second create is told from the first.
 */
export function referenceForCreate(job: Pick<JobRow, 'reference'>, token: string): string {
  const suffix = `sd-${token}`;
  if (!job.reference) return suffix;
  return `${job.reference.slice(0, REFERENCE_MAX_LENGTH - suffix.length - 1).trimEnd()} ${suffix}`;
}

export function portalJobSpec(context: CoreContext, job: JobRow): PortalJobSpec {
  const account = postenAccountSettings(context, job.account_id);
  const options = JSON.parse(job.options) as PortalJobOptions;
  return {
    organizationNumber: account.organizationNumber,
    reference: job.service_reference ?? job.reference ?? undefined,
    pollingQueue: account.pollingQueue,
    title: job.title,
    nonsensitiveTitle: job.nonsensitive_title ?? undefined,
    description: job.description ?? undefined,
    documents: readDocuments(context.db, job.id).map((d) => ({ title: d.title, fileName: d.file_name, mimeType: d.mime_type })),
    signers: readSigners(context.db, job.id).map((s) => {
      const signerOptions = JSON.parse(s.options) as PortalSignerOptions;
      return {
        order: s.step - 1,
        nationalIdentityNumber: s.national_identity_number ?? undefined,
        email: s.email ?? undefined,
        mobile: s.mobile ?? undefined,
        notificationsUsingLookup: signerOptions.lookup ? { sms: signerOptions.lookup === 'email+sms' } : undefined,
        onBehalfOf: signerOptions.onBehalfOf,
        signatureType: signerOptions.signatureType === 'AUTHENTICATED' ? 'AUTHENTICATED_ELECTRONIC_SIGNATURE' : signerOptions.signatureType === 'ADVANCED' ? 'ADVANCED_ELECTRONIC_SIGNATURE' : undefined,
      };
    }),
    requiredAuthentication: options.requiredAuthentication,
    activationTime: options.activationTime ? new Date(options.activationTime) : undefined,
    availableSeconds: options.availableSeconds,
    identifierInSignedDocuments: options.identifierInSignedDocuments ? IDENTIFIER[options.identifierInSignedDocuments] : undefined,
  };
}

/** Jobs in the outbox whose next attempt is due, oldest first. */
export function dueSubmissions(context: CoreContext, accountId: string): string[] {
  return (
    context.db
      .prepare("SELECT id FROM jobs WHERE status = 'QUEUED' AND account_id = ? AND submit_started_at IS NULL AND (next_submit_at IS NULL OR next_submit_at <= ?) ORDER BY created_at")
      .all(accountId, context.now().toISOString()) as { id: string }[]
  ).map((r) => r.id);
}

/**
 * A crash between "sending" and "answer stored" leaves submit_started_at set. Whether the service
 * got the job is unknown, so it is never re-sent silently: a status change carrying the job's
 * reference settles it, or the administrator decides.
 */
export function markInterruptedSubmissions(context: CoreContext): string[] {
  const interrupted = (context.db.prepare("SELECT id FROM jobs WHERE status = 'QUEUED' AND submit_started_at IS NOT NULL").all() as { id: string }[]).map((r) => r.id);
  const at = context.now().toISOString();
  for (const id of interrupted) {
    context.db.transaction(() => {
      const message = 'The app stopped while this job was being sent. Check at the service whether it arrived, then send it again or leave it.';
      markOutcomeUnknown(context, id, at, { reason: 'outcome-unknown-interrupted', detail: message, at }, { code: 'OUTCOME_UNKNOWN', message, reason: null });
    })();
  }
  return interrupted;
}

/**
 * The job needs attention as 'outcome-unknown' (migration 4, by its status); the sync problem
 * stored with it is the evidence of how sending ended, shown on the job page.
 */
/** `error.reason`: what the last attempt failed with, kept in `last_error_kind` like a failed send's. */
function markOutcomeUnknown(context: CoreContext, jobId: string, at: string, evidence: SyncProblem, error: { code: string; message: string; reason: FailureReason | null }): void {
  context.db
    .prepare("UPDATE jobs SET status = 'OUTCOME_UNKNOWN', submit_started_at = NULL, next_submit_at = NULL, updated_at = ?, last_error_code = ?, last_error_message = ?, last_error_kind = ? WHERE id = ?")
    .run(at, error.code, error.message, error.reason, jobId);
  setSyncProblem(context.db, jobId, evidence);
  const reference = readJobRow(context.db, jobId).service_reference;
  appendJobEvent(context.db, { jobId, at, kind: 'outcome-unknown', actor: 'app', data: { reason: evidence.reason, detail: evidence.detail, reference } });
}

export type SubmitOutcome = 'submitted' | 'retry-later' | 'rejected' | 'outcome-unknown' | 'skipped';

const UNKNOWN_OUTCOME_PROBLEM: Record<UnknownOutcomeReason, SyncProblemReason> = {
  'no-answer': 'outcome-unknown-no-answer',
  'unreadable-answer': 'outcome-unknown-unreadable-answer',
  'gateway-error': 'outcome-unknown-gateway-error',
};

/** The signed bundle is built beside the job's documents for one send, and removed after it. */
const BUNDLE_FILE = 'bundle.zip.tmp';
const bundlePathOf = (context: CoreContext, jobId: string) => join(context.documentsDir, jobId, BUNDLE_FILE);

/**
 * Bundles a process left behind when it stopped while sending. Called only by the holder of the
 * sync lease before its first pass, when no process can be sending; the job's documents stay,
 * since a queued or outcome-unknown job is sent again from them.
 */
export async function removeLeftoverBundles(context: CoreContext): Promise<number> {
  let folders: string[];
  try {
    folders = await readdir(context.documentsDir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const folder of folders) {
    const bundle = join(context.documentsDir, folder, BUNDLE_FILE);
    const found = await rm(bundle).then(() => true, () => false);
    if (found) removed++;
  }
  return removed;
}

export async function submitPortalJob(context: CoreContext, client: PostenClient, jobId: string): Promise<SubmitOutcome> {
  let job = readJobRow(context.db, jobId);
  if (job.status !== 'QUEUED') return 'skipped';
  const db = context.db;
  const progress = (done: number, stage: 'preparing' | 'sending' | 'sent', label: string) =>
    context.events.emit('progress', { task: 'submit', jobId, done, total: 3, label, stage });

  if (!job.service_reference) {
    // Kept across retries that certainly did not reach the service; a new one for each create that may have.
    db.prepare('UPDATE jobs SET service_reference = ? WHERE id = ?').run(referenceForCreate(job, randomBytes(5).toString('hex')), jobId);
    job = readJobRow(db, jobId);
  }
  progress(0, 'preparing', 'Preparing the documents');
  const spec = portalJobSpec(context, job);
  const connection = await postenConnectionOf(context, job.account_id);
  // Documents are streamed from their files into a bundle file, and from there to the service.
  const documents = readDocuments(db, jobId).map((d) => ({ fileName: d.file_name, mimeType: d.mime_type, path: d.storage_path }));
  const bundlePath = bundlePathOf(context, jobId);
  const bundleBytes = await writeDocumentBundle(
    {
      documents,
      manifestXml: writePortalManifest(spec),
      key: { privateKeyPem: connection.privateKeyPem, certificateChainPems: connection.certificateChainPems },
      signingTime: context.now(),
    },
    bundlePath,
  ).catch(async (error: unknown) => {
    await rm(bundlePath, { force: true });
    throw error;
  });
  const requestXml = writePortalJobRequest(spec);

  const startedAt = context.now().toISOString();
  db.prepare('UPDATE jobs SET submit_started_at = ?, submit_attempts = submit_attempts + 1 WHERE id = ?').run(startedAt, jobId);
  progress(1, 'sending', 'Sending');
  try {
    const created = await client.createPortalJob(requestXml, { path: bundlePath });
    const at = context.now().toISOString();
    db.transaction(() => {
      db.prepare(
        `UPDATE jobs SET status = 'IN_PROGRESS', service_job_id = ?, cancel_url = ?, submit_started_at = NULL, next_submit_at = NULL,
           last_error_code = NULL, last_error_message = NULL, last_error_kind = NULL, updated_at = ?, last_synced_at = ? WHERE id = ?`,
      ).run(created.signatureJobId, created.cancellationUrl, at, at, jobId);
      recordServiceSuccess(context, job.account_id, 'sending');
      db.prepare("UPDATE signers SET status = 'WAITING', status_since = ? WHERE job_id = ?").run(at, jobId);
      appendJobEvent(db, { jobId, at, kind: 'submitted', actor: 'app', data: { serviceJobId: created.signatureJobId, bytes: bundleBytes, reference: job.service_reference } });
    })();
    return 'submitted';
  } catch (error) {
    const at = context.now();
    const failure = error instanceof PostenError ? error : new PostenError('network', (error as Error).message, { code: describeFailure(error).code });
    if (failure.details.unknownOutcome) {
      // The request may have reached the service: never sent again silently. A status change
      // carrying this job's reference settles it; until then the administrator sees the evidence.
      const evidence: SyncProblem = { reason: UNKNOWN_OUTCOME_PROBLEM[failure.details.unknownOutcome], detail: failure.detail, at: at.toISOString() };
      db.transaction(() => {
        markOutcomeUnknown(context, jobId, at.toISOString(), evidence, { code: 'OUTCOME_UNKNOWN', message: failure.detail, reason: failure.reason });
        // No usable answer came back: the account's calls are failing too (status bar).
        recordServiceFailure(context, job.account_id, failure, 'sending');
      })();
      return 'outcome-unknown';
    }
    if (failure.retryable || failure.kind === 'trust') {
      const attempts = job.submit_attempts + 1;
      const retryAt = failure.details.retryAt ?? new Date(at.getTime() + retryDelayMs(attempts));
      db.transaction(() => {
        // With last_error_message set, the job needs attention ('not-sent', migration 4) until it is sent.
        db.prepare('UPDATE jobs SET submit_started_at = NULL, next_submit_at = ?, last_error_code = ?, last_error_message = ?, last_error_kind = ?, updated_at = ? WHERE id = ?').run(
          retryAt.toISOString(),
          failure.code,
          failure.detail,
          failure.reason,
          at.toISOString(),
          jobId,
        );
        recordServiceFailure(context, job.account_id, failure, 'sending');
        appendJobEvent(db, { jobId, at: at.toISOString(), kind: 'submit-failed', actor: 'app', data: { code: failure.code, reason: failure.reason, message: failure.detail, retryAt: retryAt.toISOString() } });
      })();
      return 'retry-later';
    }
    db.transaction(() => {
      // A definitive answer: the service itself is reachable.
      recordServiceSuccess(context, job.account_id, 'sending');
      db.prepare("UPDATE jobs SET status = 'REJECTED_BY_SERVICE', submit_started_at = NULL, next_submit_at = NULL, last_error_code = ?, last_error_message = ?, last_error_kind = NULL, updated_at = ? WHERE id = ?").run(
        failure.code,
        failure.detail,
        at.toISOString(),
        jobId,
      );
      appendJobEvent(db, { jobId, at: at.toISOString(), kind: 'rejected-by-service', actor: 'service', data: { code: failure.code, reason: failure.reason, message: failure.detail } });
    })();
    return 'rejected';
  } finally {
    // Always close the progress entry, also when the attempt failed, so no bar hangs at "Sending".
    progress(3, 'sent', 'Done');
    await rm(bundlePath, { force: true });
  }
}

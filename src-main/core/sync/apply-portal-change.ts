import { prepared } from '../db/prepared';
import type { JobStatus } from '../../../src-shared/contract';
import type { CoreContext } from '../context';
import { appendJobEvent } from '../jobs/events-log';
import { readSigners, type JobRow, type SignerRow } from '../jobs/read';
import type { PortalSignatureStatus, PortalStatusChange } from '../providers/posten/xml/responses';
import { clearSyncProblem, OUTCOME_UNKNOWN_REASONS } from './sync-problem';

/**
 * One polling queue at one service: an organisation's named queue. Every account of this
 * installation with the same API root, organisation and queue name shares it, so it is polled once
 * and each change is routed to its job whichever of these accounts sent it.
 */
export interface PostenChannel {
  apiRoot: string;
  organizationNumber: string;
  pollingQueue: string;
  /** Every account on this queue, oldest first; the first one's client polls. */
  accountIds: string[];
  /**
   * Removed accounts that were on this queue. Their jobs are no longer followed (a change for one
   * is kept as unmatched), but changes kept under them before the removal still belong to the queue.
   */
  removedAccountIds: string[];
}

export interface AppliedChange {
  jobId: string | null;
  /** False when this exact change had been applied before (a re-delivery, or a crash before confirm). */
  fresh: boolean;
  newlySigned: SignerRow[];
  /** Signers whose refusal arrived with this change (a refusal ends a Posten job as FAILED). */
  newlyRejected: SignerRow[];
  finishedAs: JobStatus | null;
  /** No job of this installation matches: the change is kept, not confirmed. */
  unmatched?: boolean;
  /** The change was older than what the job already shows; it was recorded as such and changed nothing that was newer. */
  stale?: boolean;
  /** The change carried the reference of a job whose create answer was lost: the job is linked to its service id now. */
  reconciled?: boolean;
}

const FINAL_JOB_STATUSES: readonly JobStatus[] = ['COMPLETED_SUCCESSFULLY', 'FAILED', 'CANCELLED'];
/** Signer statuses that come before the signer acts; every other status (also unknown ones) is an outcome. */
const PENDING_SIGNER_STATUSES = new Set(['NOT_SENT', 'WAITING']);

/**
 * Signatures are matched to our signers by exactly the identifier the request carried (reference
 * §3.5, as the official clients' SignerIdentifier does): the national identity number, or for a
 * signer without one the e-mail/mobile combination as it was sent (e-mail only is not e-mail +
 * mobile). No guessing by position when an identifier matches nobody: a status on the wrong
 * person is worse than none, so that is logged instead. Only a signature that carries no
 * identifier at all falls back to its position.
 */
function matchSigner(signers: SignerRow[], taken: Set<string>, signature: PortalSignatureStatus, index: number): SignerRow | undefined {
  const free = signers.filter((s) => !taken.has(s.id));
  if (signature.nationalIdentityNumber) return free.find((s) => s.national_identity_number === signature.nationalIdentityNumber);
  if (signature.email || signature.mobile) {
    return free.find((s) => !s.national_identity_number && (s.email ?? undefined) === signature.email && (s.mobile ?? undefined) === signature.mobile);
  }
  return taken.has(signers[index]?.id) ? undefined : signers[index];
}

function jobStatusOf(change: PortalStatusChange, signatures: PortalSignatureStatus[]): JobStatus {
  if (change.status === 'COMPLETED_SUCCESSFULLY') return 'COMPLETED_SUCCESSFULLY';
  if (change.status === 'FAILED') {
    const unsigned = signatures.filter((s) => s.status !== 'SIGNED');
    return unsigned.length > 0 && unsigned.every((s) => s.status === 'CANCELLED') ? 'CANCELLED' : 'FAILED';
  }
  // IN_PROGRESS, and any status value the service adds later: the job is still open.
  return 'IN_PROGRESS';
}

const timeOf = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * What an incoming signature status does to the signer we have: a signer never goes back in time.
 * An outcome (SIGNED, REJECTED, ...) never returns to waiting, and between two outcomes or two
 * waiting states the one with the later `since` (when the service says it happened) wins. From
 * waiting to an outcome is always forward: the waiting time may be this machine's, not the service's.
 */
function signerDecision(current: SignerRow, incoming: PortalSignatureStatus): 'apply' | 'same' | 'stale' {
  const incomingPending = PENDING_SIGNER_STATUSES.has(incoming.status);
  const currentPending = PENDING_SIGNER_STATUSES.has(current.status);
  if (!currentPending && incomingPending) return 'stale';
  if (currentPending && !incomingPending) return 'apply';
  if (current.status === incoming.status) return timeOf(incoming.since) > timeOf(current.status_since) ? 'apply' : 'same';
  return timeOf(incoming.since) < timeOf(current.status_since) ? 'stale' : 'apply';
}

/**
 * Each step gets the whole signing period from its own activation (reference §5.1), which is when
 * the last signer of the step before it signed.
 */
function stepDeadline(job: JobRow, signers: SignerRow[], activeStep: number | null, now: string): string | null {
  if (activeStep === null) return null;
  if (activeStep === job.active_step && job.deadline) return job.deadline;
  const availableSeconds = (JSON.parse(job.options) as { availableSeconds?: number }).availableSeconds ?? 30 * 86400;
  const previous = signers.filter((s) => s.step < activeStep && s.status_since).map((s) => s.status_since!);
  const activatedAt = previous.length ? previous.sort().at(-1)! : now;
  return new Date(new Date(activatedAt).getTime() + availableSeconds * 1000).toISOString();
}

const JOB_OF_CHANNEL = `SELECT j.* FROM jobs j JOIN accounts a ON a.id = j.account_id WHERE a.api_root = ? AND a.organization_number = ? AND a.removed_at IS NULL`;

/**
 * The job a change belongs to: by the service's job id among every account of this organisation at
 * this service, or else by the reference sent with a create whose answer never arrived. A removed
 * account's jobs are not followed any more (its removal said so): a change for one matches nothing,
 * so it is kept unconfirmed like any unmatched change, and the administrator decides.
 */
export function findJobOfChange(context: CoreContext, channel: PostenChannel, change: PortalStatusChange): { job: JobRow; byReference: boolean } | undefined {
  const byId = prepared(context.db, `${JOB_OF_CHANNEL} AND j.service_job_id = ?`).get(channel.apiRoot, channel.organizationNumber, change.signatureJobId) as JobRow | undefined;
  if (byId) return { job: byId, byReference: false };
  if (!change.reference) return undefined;
  const byReference = prepared(context.db, `${JOB_OF_CHANNEL} AND j.service_reference = ? AND j.service_job_id IS NULL AND j.status IN ('OUTCOME_UNKNOWN', 'QUEUED')`).get(
    channel.apiRoot,
    channel.organizationNumber,
    change.reference,
  ) as JobRow | undefined;
  return byReference ? { job: byReference, byReference: true } : undefined;
}

/** What makes two deliveries the same change: its content. */
export const changeDedupeKey = (jobKey: string, change: PortalStatusChange): string =>
  `posten:${jobKey}:${change.status}:${change.signatures.map((s) => `${s.status}@${s.since}`).join(',')}:${change.padesUrl ?? ''}`;

/**
 * Writes one status change into the database in one transaction: job status and links, each
 * signer's status and time, the timeline, and the downloads it makes available. Idempotent: the
 * change's content is its dedupe key, so applying it twice changes nothing the second time. A
 * change older than what the job shows (the service delivered out of order) is recorded in the
 * timeline as stale and moves nothing back. A change no job matches is left to the caller, which
 * keeps it without confirming it.
 */
export function applyPortalStatusChange(context: CoreContext, channel: PostenChannel, change: PortalStatusChange): AppliedChange {
  const db = context.db;
  const found = findJobOfChange(context, channel, change);
  if (!found) return { jobId: null, fresh: false, newlySigned: [], newlyRejected: [], finishedAs: null, unmatched: true };
  const at = context.now().toISOString();
  const newlySigned: SignerRow[] = [];
  const newlyRejected: SignerRow[] = [];
  let fresh = false;
  let stale = false;
  let finishedAs: JobStatus | null = null;

  db.transaction(() => {
    let job = found.job;
    const dedupeKey = changeDedupeKey(job.id, change);
    if (prepared(db, 'SELECT 1 FROM job_events WHERE dedupe_key = ?').get(dedupeKey)) return;
    fresh = true;
    if (found.byReference) {
      // The create reached the service after all: link the job and let it go on.
      prepared(
        db,
        `UPDATE jobs SET status = 'IN_PROGRESS', service_job_id = ?, submit_started_at = NULL, next_submit_at = NULL, last_error_code = NULL, last_error_message = NULL, last_error_kind = NULL, updated_at = ? WHERE id = ?`,
      ).run(change.signatureJobId, at, job.id);
      prepared(db, "UPDATE signers SET status = 'WAITING', status_since = ? WHERE job_id = ? AND status = 'NOT_SENT'").run(at, job.id);
      clearSyncProblem(db, job.id, OUTCOME_UNKNOWN_REASONS);
      appendJobEvent(db, { jobId: job.id, at, kind: 'reconciled', actor: 'service', data: { serviceJobId: change.signatureJobId, reference: change.reference, was: job.status } });
      job = prepared(db, 'SELECT * FROM jobs WHERE id = ?').get(job.id) as JobRow;
    }

    const signers = readSigners(db, job.id);
    // The signers as they are after this change, kept in memory rather than read back.
    const updated = new Map(signers.map((signer) => [signer.id, signer]));
    const staleSigners: number[] = [];
    const updateSigner = prepared(db, 'UPDATE signers SET status = ?, status_since = ?, xades_url = COALESCE(?, xades_url) WHERE id = ?');
    const taken = new Set<string>();
    change.signatures.forEach((signature, index) => {
      const signer = matchSigner(signers, taken, signature, index);
      if (!signer) {
        context.ports.logger.warn('A signature in a status change matches none of the job\'s signers and was left out', { jobId: job.id, index });
        return;
      }
      taken.add(signer.id);
      const decision = signerDecision(signer, signature);
      if (decision === 'stale') {
        staleSigners.push(signer.position);
        return;
      }
      if (decision === 'apply') {
        if (signer.status !== signature.status) {
          appendJobEvent(db, {
            jobId: job.id,
            at: signature.since || at,
            kind: 'signer-status',
            actor: 'service',
            data: { signer: signer.position, from: signer.status, to: signature.status },
          });
          if (signature.status === 'SIGNED') newlySigned.push(signer);
          if (signature.status === 'REJECTED') newlyRejected.push(signer);
        }
        updateSigner.run(signature.status, signature.since || at, signature.xadesUrl ?? null, signer.id);
        updated.set(signer.id, { ...signer, status: signature.status, status_since: signature.since || at });
      } else if (signature.xadesUrl) {
        prepared(db, 'UPDATE signers SET xades_url = COALESCE(xades_url, ?) WHERE id = ?').run(signature.xadesUrl, signer.id);
      }
      const current = updated.get(signer.id)!;
      if (signature.xadesUrl && current.status === 'SIGNED') {
        prepared(
          db,
          `INSERT OR IGNORE INTO downloads (id, job_id, signer_id, kind, url, state, created_at, updated_at) VALUES (?, ?, ?, 'xades', ?, 'pending', ?, ?)`,
        ).run(context.newId(), job.id, signer.id, signature.xadesUrl, at, at);
      }
    });

    const incoming = jobStatusOf(change, change.signatures);
    // A final job status stays final: an older IN_PROGRESS arriving late changes nothing.
    const jobStale = FINAL_JOB_STATUSES.includes(job.status) && incoming !== job.status;
    stale = jobStale || staleSigners.length > 0;
    appendJobEvent(db, {
      jobId: job.id,
      at,
      kind: stale ? 'stale-status-change' : 'status-change',
      actor: 'service',
      data: stale ? { status: change.status, kept: job.status, staleSigners } : { status: change.status },
      dedupeKey,
    });
    const status = jobStale ? job.status : incoming;
    if (status === 'COMPLETED_SUCCESSFULLY' && change.padesUrl) {
      prepared(db, `INSERT OR IGNORE INTO downloads (id, job_id, signer_id, kind, url, state, created_at, updated_at) VALUES (?, ?, NULL, 'pades', ?, 'pending', ?, ?)`).run(
        context.newId(),
        job.id,
        change.padesUrl,
        at,
        at,
      );
    }
    const after = [...updated.values()];
    const signed = after.filter((s) => s.status === 'SIGNED').length;
    if (jobStale) {
      // updated_at stays: on a finished job it is the completion time the file name's {date} comes from.
      prepared(db, 'UPDATE jobs SET signer_signed = ?, last_synced_at = ? WHERE id = ?').run(signed, at, job.id);
      return;
    }
    const waitingSteps = after.filter((s) => s.status === 'WAITING').map((s) => s.step);
    const activeStep = status === 'IN_PROGRESS' && waitingSteps.length ? Math.min(...waitingSteps) : null;
    prepared(
      db,
      `UPDATE jobs SET status = ?, signer_signed = ?, active_step = ?, deadline = ?, cancel_url = ?, delete_documents_url = ?, pades_url = COALESCE(?, pades_url),
         last_synced_at = ?, updated_at = ? WHERE id = ?`,
    ).run(
      status,
      signed,
      activeStep,
      stepDeadline(job, after, activeStep, at),
      change.cancellationUrl ?? null,
      change.deleteDocumentsUrl ?? null,
      change.padesUrl ?? null,
      at,
      at,
      job.id,
    );
    if (status !== job.status && status !== 'IN_PROGRESS') finishedAs = status;
  })();
  return { jobId: found.job.id, fresh, newlySigned, newlyRejected, finishedAs, stale, reconciled: found.byReference && fresh };
}

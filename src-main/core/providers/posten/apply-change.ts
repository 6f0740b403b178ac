import { prepared } from '../../db/prepared';
import type { JobStatus } from '../../../../src-shared/contract';
import { endedAtServiceStatuses, signerHasActed, signerStatusOfWord, type CommonSignerStatus } from '../../../../src-shared/domain';
import type { CoreContext } from '../../context';
import { appendJobEvent } from '../../jobs/events-log';
import { mergeProviderData, readProviderData } from '../../jobs/provider-data';
import { readSigners, type JobRow, type SignerRow } from '../../jobs/read';
import { clearSyncProblem, OUTCOME_UNKNOWN_REASONS } from '../../sync/sync-problem';
import type { AppliedChange } from '../types';
import type { PortalSignatureStatus, PortalStatusChange } from './xml/responses';
import { directIdentifierOf } from './direct-identifier';

/**
 * One polling queue at one service: an organisation's named queue. Every account of this
 * installation with the same API root, organisation and queue name shares it, so it is polled once
 * and each change is routed to its job whichever of these accounts sent it.
 */
export interface PostenChannel {
  key: string;
  /** Posten keeps one queue per flow. */
  flow: 'portal' | 'direct';
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

/** Posten's signer words in the common vocabulary; a word Posten adds later is an outcome the signer cannot sign past. */
const commonSignerStatus = (word: string): CommonSignerStatus => signerStatusOfWord(word) ?? 'failed';

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
  // Direct flow: the identifier the manifest named the signer by, a national identity number or the sender's own.
  if (signature.identifier) return free.find((s) => directIdentifierOf(s) === signature.identifier);
  if (signature.nationalIdentityNumber) return free.find((s) => s.national_identity_number === signature.nationalIdentityNumber);
  if (signature.email || signature.mobile) {
    return free.find((s) => !s.national_identity_number && (s.email ?? undefined) === signature.email && (s.mobile ?? undefined) === signature.mobile);
  }
  return taken.has(signers[index]?.id) ? undefined : signers[index];
}

/**
 * Posten ends every unsuccessful job as FAILED; the signers say why: all who had not signed were
 * cancelled (cancelled), the signing period ran out (expired), or someone refused or could not sign.
 */
function jobStatusOf(change: PortalStatusChange, signatures: PortalSignatureStatus[]): JobStatus {
  if (change.status === 'COMPLETED_SUCCESSFULLY') return 'completed';
  if (change.status === 'FAILED') {
    const unsigned = signatures.filter((s) => s.status !== 'SIGNED');
    if (unsigned.length > 0 && unsigned.every((s) => s.status === 'CANCELLED')) return 'cancelled';
    if (unsigned.length > 0 && unsigned.some((s) => s.status === 'EXPIRED') && !unsigned.some((s) => s.status === 'REJECTED')) return 'expired';
    return 'failed';
  }
  // IN_PROGRESS, and any status value the service adds later: the job is still open.
  return 'in_progress';
}

const timeOf = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * What an incoming signature status does to the signer we have: a signer never goes back in time.
 * An outcome (SIGNED, REJECTED, ...) never returns to waiting, and between two outcomes or two
 * waiting states the one with the later `since` (when the service says it happened) wins. From
 * waiting to an outcome is always forward: the waiting time may be this machine's, not the service's.
 */
function signerDecision(current: SignerRow, incoming: PortalSignatureStatus): 'apply' | 'same' | 'stale' {
  const incomingPending = !signerHasActed(commonSignerStatus(incoming.status));
  const currentPending = !signerHasActed(current.status);
  if (!currentPending && incomingPending) return 'stale';
  if (currentPending && !incomingPending) return 'apply';
  if (current.service_status === incoming.status) return timeOf(incoming.since) > timeOf(current.status_since) ? 'apply' : 'same';
  // No word from the service yet: the signer waits since this machine sent the job, by its clock.
  if (current.service_status === null) return 'apply';
  return timeOf(incoming.since) < timeOf(current.status_since) ? 'stale' : 'apply';
}

/** Whether the service's word says something new about the signer (waiting to reserved is news; our own waiting to WAITING is not). */
const signerNews = (signer: SignerRow, status: CommonSignerStatus, serviceWord: string): boolean =>
  signer.status !== status || (signer.service_status !== null && signer.service_status !== serviceWord);

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
  const byReference = prepared(context.db, `${JOB_OF_CHANNEL} AND j.service_reference = ? AND j.service_job_id IS NULL AND j.status IN ('outcome_unknown', 'queued', 'sending')`).get(
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
        `UPDATE jobs SET status = 'in_progress', service_job_id = ?, submit_started_at = NULL, next_submit_at = NULL, last_error_code = NULL, last_error_message = NULL, last_error_kind = NULL, updated_at = ? WHERE id = ?`,
      ).run(change.signatureJobId, at, job.id);
      prepared(db, "UPDATE signers SET status = 'waiting', status_since = ? WHERE job_id = ? AND status = 'not_sent'").run(at, job.id);
      clearSyncProblem(db, job.id, OUTCOME_UNKNOWN_REASONS);
      appendJobEvent(db, { jobId: job.id, at, kind: 'reconciled', actor: 'service', data: { serviceJobId: change.signatureJobId, reference: change.reference, was: job.status } });
      job = prepared(db, 'SELECT * FROM jobs WHERE id = ?').get(job.id) as JobRow;
    }

    const signers = readSigners(db, job.id);
    // The signers as they are after this change, kept in memory rather than read back.
    const updated = new Map(signers.map((signer) => [signer.id, signer]));
    const staleSigners: number[] = [];
    const updateSigner = prepared(db, 'UPDATE signers SET status = ?, service_status = ?, status_since = ?, provider_data = ? WHERE id = ?');
    /** Keeps the first XAdES link the service gave for a signer. */
    const withXades = (signer: SignerRow, url: string | undefined) =>
      url && !readProviderData<{ xadesUrl: string }>(signer.provider_data).xadesUrl ? mergeProviderData(signer.provider_data, { xadesUrl: url }) : signer.provider_data;
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
      const status = commonSignerStatus(signature.status);
      const providerData = withXades(signer, signature.xadesUrl);
      if (decision === 'apply') {
        if (signerNews(signer, status, signature.status)) {
          appendJobEvent(db, {
            jobId: job.id,
            at: signature.since || at,
            kind: 'signer-status',
            actor: 'service',
            data: { signer: signer.position, from: signer.status, to: status, serviceStatus: signature.status },
          });
          if (status === 'signed' && signer.status !== 'signed') newlySigned.push(signer);
          if (status === 'rejected' && signer.status !== 'rejected') newlyRejected.push(signer);
        }
        updateSigner.run(status, signature.status, signature.since || at, providerData, signer.id);
        updated.set(signer.id, { ...signer, status, service_status: signature.status, status_since: signature.since || at, provider_data: providerData });
      } else if (providerData !== signer.provider_data) {
        prepared(db, 'UPDATE signers SET provider_data = ? WHERE id = ?').run(providerData, signer.id);
      }
      const current = updated.get(signer.id)!;
      if (signature.xadesUrl && current.status === 'signed') {
        prepared(
          db,
          `INSERT OR IGNORE INTO artifacts (id, job_id, signer_id, format, origin, state, created_at, updated_at) VALUES (?, ?, ?, 'xades', ?, 'pending', ?, ?)`,
        ).run(context.newId(), job.id, signer.id, signature.xadesUrl, at, at);
      }
    });

    const incoming = jobStatusOf(change, change.signatures);
    // A final job status stays final: an older IN_PROGRESS arriving late changes nothing.
    const jobStale = endedAtServiceStatuses.includes(job.status) && incoming !== job.status;
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
    if (status === 'completed' && change.padesUrl) {
      prepared(db, `INSERT OR IGNORE INTO artifacts (id, job_id, signer_id, format, origin, state, created_at, updated_at) VALUES (?, ?, NULL, 'pades', ?, 'pending', ?, ?)`).run(
        context.newId(),
        job.id,
        change.padesUrl,
        at,
        at,
      );
    }
    const after = [...updated.values()];
    const signed = after.filter((s) => s.status === 'signed').length;
    if (jobStale) {
      // updated_at stays: on a finished job it is the completion time the file name's {date} comes from.
      prepared(db, 'UPDATE jobs SET signer_signed = ?, return_hint = NULL, last_synced_at = ? WHERE id = ?').run(signed, at, job.id);
      return;
    }
    const waitingSteps = after.filter((s) => s.status === 'waiting').map((s) => s.step);
    const activeStep = status === 'in_progress' && waitingSteps.length ? Math.min(...waitingSteps) : null;
    const links = { cancelUrl: change.cancellationUrl ?? null, deleteDocumentsUrl: change.deleteDocumentsUrl ?? null, ...(change.padesUrl ? { padesUrl: change.padesUrl } : {}) };
    prepared(
      db,
      `UPDATE jobs SET status = ?, service_status = ?, signer_signed = ?, active_step = ?, deadline = ?, provider_data = ?, return_hint = NULL,
         last_synced_at = ?, updated_at = ? WHERE id = ?`,
    ).run(status, change.status, signed, activeStep, stepDeadline(job, after, activeStep, at), mergeProviderData(job.provider_data, links), at, at, job.id);
    if (status !== job.status && status !== 'in_progress') finishedAs = status;
  })();
  return { jobId: found.job.id, fresh, newlySigned, newlyRejected, finishedAs, stale, reconciled: found.byReference && fresh };
}

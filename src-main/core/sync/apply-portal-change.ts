import { prepared } from '../db/prepared';
import type { JobStatus } from '../../../src-shared/contract';
import type { CoreContext } from '../context';
import { appendJobEvent } from '../jobs/events-log';
import { readSigners, type JobRow, type SignerRow } from '../jobs/read';
import type { PortalSignatureStatus, PortalStatusChange } from '../providers/posten/xml/responses';

export interface AppliedChange {
  jobId: string | null;
  /** False when this exact change had been applied before (a re-delivery, or a crash before confirm). */
  fresh: boolean;
  newlySigned: SignerRow[];
  /** Signers whose refusal arrived with this change (a refusal ends a Posten job as FAILED). */
  newlyRejected: SignerRow[];
  finishedAs: JobStatus | null;
}

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

/**
 * Writes one status change into the database in one transaction: job status and links, each
 * signer's status and time, the timeline, and the downloads it makes available. Idempotent: the
 * change's content is its dedupe key, so applying it twice changes nothing the second time.
 */
export function applyPortalStatusChange(context: CoreContext, accountId: string, change: PortalStatusChange): AppliedChange {
  const db = context.db;
  const job = prepared(db, 'SELECT * FROM jobs WHERE account_id = ? AND service_job_id = ?').get(accountId, change.signatureJobId) as JobRow | undefined;
  if (!job) {
    context.ports.logger.warn('A status change for a job this app did not send was confirmed and ignored', { serviceJobId: change.signatureJobId });
    return { jobId: null, fresh: false, newlySigned: [], newlyRejected: [], finishedAs: null };
  }
  const dedupeKey = `posten:${job.id}:${change.status}:${change.signatures.map((s) => `${s.status}@${s.since}`).join(',')}:${change.padesUrl ?? ''}`;
  const at = context.now().toISOString();
  const newlySigned: SignerRow[] = [];
  const newlyRejected: SignerRow[] = [];
  let fresh = false;
  let finishedAs: JobStatus | null = null;

  db.transaction(() => {
    fresh = appendJobEvent(db, { jobId: job.id, at, kind: 'status-change', actor: 'service', data: { status: change.status }, dedupeKey });
    if (!fresh) return;
    const signers = readSigners(db, job.id);
    // The signers as they are after this change, kept in memory rather than read back.
    const updated = new Map(signers.map((signer) => [signer.id, signer]));
    const updateSigner = prepared(db, 'UPDATE signers SET status = ?, status_since = ?, xades_url = COALESCE(?, xades_url) WHERE id = ?');
    const taken = new Set<string>();
    change.signatures.forEach((signature, index) => {
      const signer = matchSigner(signers, taken, signature, index);
      if (!signer) {
        context.ports.logger.warn('A signature in a status change matches none of the job\'s signers and was left out', { jobId: job.id, index });
        return;
      }
      taken.add(signer.id);
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
      if (signature.xadesUrl && signature.status === 'SIGNED') {
        prepared(
          db,
          `INSERT OR IGNORE INTO downloads (id, job_id, signer_id, kind, url, state, created_at, updated_at) VALUES (?, ?, ?, 'xades', ?, 'pending', ?, ?)`,
        ).run(context.newId(), job.id, signer.id, signature.xadesUrl, at, at);
      }
    });
    const status = jobStatusOf(change, change.signatures);
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
    const waitingSteps = after.filter((s) => s.status === 'WAITING').map((s) => s.step);
    const activeStep = status === 'IN_PROGRESS' && waitingSteps.length ? Math.min(...waitingSteps) : null;
    prepared(db, 
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
  return { jobId: job.id, fresh, newlySigned, newlyRejected, finishedAs };
}

/**
 * One status vocabulary for every service (issue #10): each provider maps its service's own words
 * (Posten's COMPLETED_SUCCESSFULLY, Rest PKI Core's Completed, TRIDENT's finished, ...) to these,
 * and keeps the service's word beside them as `serviceStatus`. The core, the renderer and the CLI
 * all decide from these lists; nothing else spells out which status may follow which.
 */

export const JOB_STATUSES = [
  'draft',
  /** In the outbox: stored, not sent yet (or sending failed before it could reach the service). */
  'queued',
  /** The create request is on its way; a crash now makes the job `outcome_unknown`. */
  'sending',
  'in_progress',
  'completed',
  /** The service refused the job when it was sent: it never started. */
  'rejected',
  'cancelled',
  /** The signing period ended before everyone signed. */
  'expired',
  /** The job ended without every signature: a signer refused, or the service failed it. */
  'failed',
  /** Sending was interrupted or its answer was lost: whether the service has the job is not known. */
  'outcome_unknown',
] as const;
export type CommonJobStatus = (typeof JOB_STATUSES)[number];

export const SIGNER_STATUSES = [
  /** The job has not reached this signer's service yet. */
  'not_sent',
  /** It is this signer's turn, or will be once earlier steps have signed. */
  'waiting',
  'signed',
  'rejected',
  'cancelled',
  'expired',
  /** The service cannot reach or identify this signer (blocked, contact missing, ...). */
  'failed',
] as const;
export type CommonSignerStatus = (typeof SIGNER_STATUSES)[number];

/** Which status a job may move to from each: the one place these rules are written. */
export const JOB_TRANSITIONS: Readonly<Record<CommonJobStatus, readonly CommonJobStatus[]>> = {
  draft: ['queued'],
  queued: ['sending', 'cancelled', 'queued'],
  sending: ['in_progress', 'queued', 'rejected', 'outcome_unknown', 'completed', 'failed', 'expired', 'cancelled'],
  in_progress: ['in_progress', 'completed', 'failed', 'cancelled', 'expired'],
  // Sent again by the administrator, settled by the service's own record, or given up.
  outcome_unknown: ['queued', 'in_progress', 'completed', 'failed', 'cancelled', 'expired'],
  rejected: ['queued', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
  expired: [],
};

export const canMoveJob = (from: CommonJobStatus, to: CommonJobStatus): boolean => JOB_TRANSITIONS[from].includes(to);

/** Statuses after which the service will not change a job any more: these may be archived. */
export const finishedStatuses: readonly CommonJobStatus[] = ['completed', 'failed', 'cancelled', 'expired', 'rejected'];

/** Finished at the service (it had the job): a late status change cannot reopen these. */
export const endedAtServiceStatuses: readonly CommonJobStatus[] = ['completed', 'failed', 'cancelled', 'expired'];

/**
 * Jobs that may still change at the service or are about to be sent. Removing their account would
 * leave them without anyone following them, so removal refuses them unless told to stop following.
 */
export const unfinishedStatuses: readonly CommonJobStatus[] = ['queued', 'sending', 'in_progress', 'outcome_unknown'];

/** Never (known to be) received by the service: sending again is possible, and cancelling is local. */
export const unsentStatuses: readonly CommonJobStatus[] = ['queued', 'outcome_unknown', 'rejected'];

export const isFinished = (status: CommonJobStatus): boolean => finishedStatuses.includes(status);

/** Signer statuses that come before the signer acts; every other one is an outcome and never goes back. */
export const pendingSignerStatuses: readonly CommonSignerStatus[] = ['not_sent', 'waiting'];
export const signerHasActed = (status: CommonSignerStatus): boolean => !pendingSignerStatuses.includes(status);

/**
 * The job log keeps what was written at the time, and versions before the common vocabulary wrote
 * Posten's words there. Those are read as the common words they meant.
 */
const EARLIER_JOB_WORDS: Readonly<Record<string, CommonJobStatus>> = {
  DRAFT: 'draft',
  QUEUED: 'queued',
  OUTCOME_UNKNOWN: 'outcome_unknown',
  REJECTED_BY_SERVICE: 'rejected',
  IN_PROGRESS: 'in_progress',
  COMPLETED_SUCCESSFULLY: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};
const EARLIER_SIGNER_WORDS: Readonly<Record<string, CommonSignerStatus>> = {
  NOT_SENT: 'not_sent',
  WAITING: 'waiting',
  RESERVED: 'waiting',
  SIGNED: 'signed',
  REJECTED: 'rejected',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  NOT_APPLICABLE: 'cancelled',
  BLOCKED: 'failed',
  CONTACT_INFORMATION_MISSING: 'failed',
  SIGNERS_NAME_NOT_AVAILABLE: 'failed',
};

export function jobStatusOfWord(word: unknown): CommonJobStatus | undefined {
  if (typeof word !== 'string') return undefined;
  return (JOB_STATUSES as readonly string[]).includes(word) ? (word as CommonJobStatus) : EARLIER_JOB_WORDS[word];
}

export function signerStatusOfWord(word: unknown): CommonSignerStatus | undefined {
  if (typeof word !== 'string') return undefined;
  return (SIGNER_STATUSES as readonly string[]).includes(word) ? (word as CommonSignerStatus) : EARLIER_SIGNER_WORDS[word];
}

/** For migrations and tests: the common word for a status an earlier version stored. */
export const earlierJobWords = EARLIER_JOB_WORDS;
export const earlierSignerWords = EARLIER_SIGNER_WORDS;

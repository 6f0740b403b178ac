import { z } from 'zod';

/**
 * Why a call to a signing service failed, as a category the UI can put in words in either
 * language; the service's or the network's own message travels beside it as `detail`.
 */
export const ServiceProblemKind = z.enum([
  /** Refused, reset, no route, name not found: the service cannot be reached. */
  'network',
  /** Reached, but no answer in time. */
  'timeout',
  /** The connection could not be trusted (certificate, TLS handshake). */
  'tls',
  /** A 5xx: the service has a fault on its side. */
  'server',
  /** 429: the service asked for fewer requests. */
  'busy',
  /** An answer the app could not read. */
  'unreadable',
]);
export type ServiceProblemKind = z.infer<typeof ServiceProblemKind>;

/** An account's calls to its service are failing; kept until a call succeeds again. */
export const ServiceProblem = z.object({
  kind: ServiceProblemKind,
  /** When the first call of this run of failures failed. */
  since: z.string(),
  detail: z.string(),
});
export type ServiceProblem = z.infer<typeof ServiceProblem>;

/** What fills a failure reason's sentence (a folder, a date). */
const FailureParams = z.record(z.string(), z.union([z.string(), z.number()]));

/** What the sync engine found wrong with a job that its status alone does not show. */
export const SyncProblemReason = z.enum([
  /** The app stopped while the job was being sent. */
  'outcome-unknown-interrupted',
  /** The whole request was sent, then the connection closed or timed out without an answer. */
  'outcome-unknown-no-answer',
  /** The service said yes (2xx), but its answer could not be read. */
  'outcome-unknown-unreadable-answer',
  /** Something between the app and the service answered with an error page. */
  'outcome-unknown-gateway-error',
  /** A signed file did not pass verification; it is kept in the archive, not filed. */
  'download-not-verified',
  /** A link to a signed file pointed outside the service; it was not followed. */
  'download-link-refused',
  /** A signed file was larger than the limit; it was not kept. */
  'download-too-large',
]);
export type SyncProblemReason = z.infer<typeof SyncProblemReason>;

/**
 * Stored in `jobs.sync_problem` (core/sync/sync-problem.ts). On an OUTCOME_UNKNOWN job it is the
 * evidence of how sending ended; on any other job it makes the job need attention ('sync-problem').
 * `detail` is technical and shown behind "Details".
 */
export const SyncProblem = z.object({ reason: SyncProblemReason, detail: z.string().nullable(), at: z.string() });
export type SyncProblem = z.infer<typeof SyncProblem>;

/**
 * Why a job needs the administrator. Which jobs need attention is decided in one place, the
 * `jobs.attention` column (migration 4); this is that reason with what the UI needs to word it.
 */
export const JobAttention = z.discriminatedUnion('reason', [
  z.object({
    /** Still in the outbox after a failed attempt; retried by itself at `nextTryAt`. */
    reason: z.literal('not-sent'),
    /** The failure reason (src-shared/failure.ts) of the last attempt, which the words use; null when unknown. */
    failure: z.string().nullable(),
    nextTryAt: z.string().nullable(),
    detail: z.string(),
  }),
  z.object({ reason: z.literal('outcome-unknown'), detail: z.string().nullable() }),
  z.object({ reason: z.literal('rejected'), detail: z.string().nullable() }),
  z.object({ reason: z.literal('failed') }),
  z.object({
    /** Signed and kept in the app's archive, but not (yet) copied into the save folder. */
    reason: z.literal('not-filed'),
    /** Why, as a failure reason (src-shared/failure.ts) and what fills its sentence; null when unknown. */
    failure: z.string().nullable(),
    params: FailureParams.optional(),
    folder: z.string().nullable(),
    since: z.string(),
    detail: z.string(),
  }),
  z.object({
    /** The sync engine found a problem the status does not show (a signed file that did not verify, ...). */
    reason: z.literal('sync-problem'),
    problem: SyncProblem,
  }),
]);
export type JobAttention = z.infer<typeof JobAttention>;
export type AttentionReason = JobAttention['reason'];

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
]);
export type JobAttention = z.infer<typeof JobAttention>;
export type AttentionReason = JobAttention['reason'];

import type { AccountDetail, ConnectionTestResult, JobDetail } from '../../../src-shared/contract';
import type { Flow } from '../../../src-shared/domain';
import type { CoreContext } from '../context';
import type { JobRow, SignerRow } from '../jobs/read';

/**
 * The seam between the desk and the signing services (issue #10). Each service is one provider in
 * `providers/<service>/`; the registry maps every flow to one. The engine, the outbox, the
 * downloader and the job actions speak only these types; failures cross as `ServiceCallError`.
 */

/** What the service gave back for a created job, stored in one transaction with the job's new status. */
export interface CreatedJob {
  serviceJobId: string;
  /** The service's word for the job's state, kept beside the common status. */
  serviceStatus: string | null;
  /** Links and data only the provider reads later (JSON in `jobs.provider_data`), merged into what is there. */
  providerData?: Record<string, unknown>;
  /** Per signer (by our id): the service's reference and its data (a signing address, ...). */
  signers?: Record<string, { remoteRef?: string; providerData?: Record<string, unknown> }>;
  /** Bytes sent, for the job's log. */
  bytes?: number;
  /** Signers the service has not got yet (Rest PKI: later sessions, made one after another): they stay `not_sent`. */
  notSentSigners?: string[];
}

/** A submission built and ready to go: preparing may fail (a document unreadable) without the service ever hearing of it. */
export interface PreparedSubmission {
  /** Sends it. Throws `ServiceCallError` (with `details.unknownOutcome` when the request may have arrived). */
  send(): Promise<CreatedJob>;
  /** Removes what preparing left (a bundle file), whatever happened. */
  discard(): Promise<void>;
}

/** Where the browser of a signer returns to, per signer id (services that take one per signer) or per job. */
export interface ReturnAddresses {
  forJob(kind: ReturnKind): string | undefined;
  forSigner(signerId: string): string | undefined;
}
export type ReturnKind = 'completion' | 'rejection' | 'error';

/** One status change as stored: which job it went to and what moved, for notifications. */
export interface AppliedChange {
  jobId: string | null;
  /** False when this exact change had been applied before (a re-delivery, or a crash before confirm). */
  fresh: boolean;
  newlySigned: SignerRow[];
  /** Signers whose refusal arrived with this change. */
  newlyRejected: SignerRow[];
  finishedAs: JobRow['status'] | null;
  /** No job of this installation matches: the change is kept, not confirmed. */
  unmatched?: boolean;
  /** The change was older than what the job already shows; it was recorded as such and changed nothing that was newer. */
  stale?: boolean;
  /** The change carried the reference of a job whose create answer was lost: the job is linked to its service id now. */
  reconciled?: boolean;
}

export interface ChannelPoll {
  changes: AppliedChange[];
  skipped: boolean;
  error?: string;
  failure?: { reason?: string; detail?: string; code?: string };
}

/** A queue several accounts may share; polled once per pass through the first account whose session opens. */
export interface QueueChannel {
  key: string;
  accountIds: string[];
}

export interface ProviderSession {
  /** The CA certificates (PEM) a signed file from this account's service must chain to. */
  readonly signerTrust: string[];
  prepare(jobId: string, returns: ReturnAddresses): Promise<PreparedSubmission>;
  /** Takes status changes off a queue: each is committed before it is acknowledged. */
  pollChannel?(channel: QueueChannel, onChange: (change: AppliedChange) => void): Promise<ChannelPoll>;
  /** Acknowledges a kept queue item at the service (so it stops coming back). */
  acknowledge?(origin: string): Promise<void>;
  /**
   * Asks the service about one job (services without a queue, or to learn at once what a return
   * hinted): applies what it learned in its own transaction, never moving a signer back, and says
   * what moved. Called on the job's check schedule (job_checks): every few seconds after a signing
   * address was handed out or a browser came back, then less often.
   */
  check?(jobId: string, returns: ReturnAddresses): Promise<AppliedChange>;
  /** A fresh address where the signer signs now (a first one may work only once). */
  signingUrl?(jobId: string, signerId: string): Promise<string>;
  /** Streams one signed file from its origin (as the provider stored it), size-capped. */
  fetch<T>(origin: string, consume: (chunks: AsyncIterable<Buffer>) => Promise<T>): Promise<T>;
  /**
   * 'cancelled': asked at the service, whose own status follows; 'finished': too late; 'withdrawn':
   * the service cannot cancel, so the provider stopped the job here (and logged that itself).
   */
  cancel?(jobId: string): Promise<'cancelled' | 'finished' | 'withdrawn'>;
  /** Removes the documents at the service (on request, or after filing where the account says so). */
  deleteDocuments?(jobId: string): Promise<void>;
  probe(): Promise<ConnectionTestResult>;
  close(): Promise<void>;
}

/** What a job offers at the service now, for the job page and the CLI. */
export interface JobCapabilities {
  canCancel: boolean;
  /** From when the service allows deleting the documents; null when it never will. */
  documentsDeletableFrom: Date | null;
}

export interface Provider {
  /** The service's name, used in logs and secrets' keys; never shown. */
  readonly service: string;
  readonly flows: readonly Flow[];
  open(context: CoreContext, accountId: string): Promise<ProviderSession>;
  /** The queues the given accounts are on (services with queues). */
  channels?(context: CoreContext, accountIds: readonly string[]): QueueChannel[];
  /** Once per process, by the holder of the sync lease before its first pass: what a stopped process left (bundles, ...). */
  cleanUpAfterStop?(context: CoreContext): Promise<void>;
  /** Jobs whose documents the account asked to have removed from the service once filed, due now (Posten: a day after signing). */
  documentsToDeleteAfterFiling?(context: CoreContext, accountId: string): string[];
  capabilities(context: CoreContext, job: JobRow, signers: SignerRow[]): JobCapabilities;
  /** The signer's address to sign at, where the flow has one and the signer can sign now. */
  storedSigningUrl?(job: JobRow, signer: SignerRow): string | null;
  getAccount(context: CoreContext, accountId: string): AccountDetail;
  /** Removes every secret the account keeps. */
  deleteSecrets(context: CoreContext, accountId: string): Promise<void>;
  /** The user's words for a stored service code, where the provider knows it. */
  reasonOfCode?(code: string): string | undefined;
  /** How the service ended a job in its own terms, where that says more than the status (JobDetail.outcome). */
  outcomeOf?(job: JobRow): JobDetail['outcome'];
  /** The certificate a signer signed with, as the service reported it (Rest PKI Core), for the job page. */
  signerCertificate?(signer: SignerRow): SignerCertificate | null;
}

export interface SignerCertificate {
  name: string;
  cpf: string | null;
  issuer: string | null;
}

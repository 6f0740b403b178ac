export type Flow = 'portal' | 'direct';
export type JobStatus = 'IN_PROGRESS' | 'COMPLETED_SUCCESSFULLY' | 'FAILED';

export interface SignerRecord {
  /** 0-based position in the manifest (what the control API calls {index}). */
  index: number;
  /** Server-internal id, unique across all jobs: used in the signer href and the xades-url. */
  id: number;
  order: number;
  pin?: string;
  signerIdentifier?: string;
  email?: string;
  sms?: string;
  onBehalfOf?: 'SELF' | 'OTHER';
  status: string;
  /** ISO date-time on the sandbox clock of the action that caused `status`. */
  since: string;
  signedAt?: string;
}

export interface DocumentRecord {
  /** Entry name in the bundle (URL-decoded href). */
  fileName: string;
  title: string;
  mimeType: string;
  /** Path relative to the job's folder in the data dir. */
  file: string;
}

export interface JobRecord {
  id: number;
  flow: Flow;
  org: string;
  reference?: string;
  /** '' = the default queue. */
  pollingQueue: string;
  title: string;
  nonsensitiveTitle?: string;
  description?: string;
  documents: DocumentRecord[];
  signers: SignerRecord[];
  status: JobStatus;
  createdAt: string;
  completedAt?: string;
  activationTime: string;
  availableSeconds: number;
  /** Index into the sorted distinct signer orders; the group that may sign now. */
  activeGroup: number;
  groupActivatedAt: string;
  exitUrls?: { completion: string; rejection: string; error: string };
  statusRetrievalMethod?: 'WAIT_FOR_CALLBACK' | 'POLLING';
  statusQueryTokens: string[];
  cancelled?: boolean;
  confirmed?: boolean;
  documentsDeleted?: boolean;
  hasPades?: boolean;
}

/** What a queued status change remembers: the job as it was when the change happened. */
export interface StatusSnapshot {
  status: JobStatus;
  signers: { status: string; since: string; signed: boolean }[];
}

export function signerDisplayIdentifier(signer: SignerRecord): string {
  return signer.pin ?? signer.signerIdentifier ?? [signer.email, signer.sms].filter(Boolean).join(' / ');
}

/** Key of a signer's inbox: the same person is found by the same key across jobs. */
export function signerIdentityKey(signer: SignerRecord): string {
  if (signer.pin) return signer.pin;
  if (signer.signerIdentifier) return signer.signerIdentifier;
  return signer.email ?? signer.sms ?? `signer-${signer.id}`;
}

export function isFinal(job: JobRecord): boolean {
  return job.status !== 'IN_PROGRESS';
}

export function signerOrderGroups(job: JobRecord): number[] {
  return [...new Set(job.signers.map((s) => s.order))].sort((a, b) => a - b);
}

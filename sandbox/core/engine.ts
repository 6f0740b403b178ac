import { randomBytes } from 'node:crypto';
import type { SandboxPki } from '../pki/index';
import type { SandboxClock } from './clock';
import { ApiError } from './errors';
import type { DocumentRecord, Flow, JobRecord, SignerRecord } from './model';
import { signerIdentityKey, signerOrderGroups } from './model';
import { produceSignerResults, signerDisplayName } from './results';
import type { SandboxStore } from './store';
import { snapshotOf } from '../api/xml-responses';

export const DEFAULT_AVAILABLE_SECONDS = 2_592_000;
export const DIRECT_AVAILABLE_SECONDS = 2_592_000;

export interface NewJob {
  flow: Flow;
  org: string;
  reference?: string;
  pollingQueue: string;
  title: string;
  nonsensitiveTitle?: string;
  description?: string;
  documents: { fileName: string; title: string; mimeType: string; bytes: Buffer }[];
  signers: Omit<SignerRecord, 'index' | 'id' | 'status' | 'since'>[];
  activationTime?: string;
  availableSeconds?: number;
  exitUrls?: JobRecord['exitUrls'];
  statusRetrievalMethod?: JobRecord['statusRetrievalMethod'];
}

export interface SignerActionResult {
  job: JobRecord;
  /** Direct flow: where the signer's browser goes next (exit URL with status_query_token). */
  redirect?: string;
}

export const newToken = (): string => randomBytes(24).toString('base64url');

function withQueryParameter(url: string, name: string, value: string): string {
  const hash = url.indexOf('#');
  const [head, fragment] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ''];
  return `${head}${head.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}${fragment}`;
}

/**
 * Job lifecycles on the sandbox clock: order groups activate one after another, deadlines per
 * group, and every change of a portal job (or a POLLING direct job) goes on its queue.
 * All mutations run one at a time, because signing is asynchronous and appends to one PDF.
 */
export class JobEngine {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: SandboxClock,
    private readonly pki: SandboxPki,
  ) {}

  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  get autosignAfterSeconds(): number | undefined {
    const value = this.store.getMeta('autosignAfterSeconds');
    return value === undefined ? undefined : Number(value);
  }

  set autosignAfterSeconds(seconds: number | undefined) {
    this.store.setMeta('autosignAfterSeconds', seconds === undefined ? undefined : String(seconds));
  }

  createJob(input: NewJob): JobRecord {
    const now = this.clock.now();
    const id = this.store.nextId('job');
    const documents: DocumentRecord[] = input.documents.map((d, i) => {
      const file = `document-${i}`;
      this.store.writeJobFile(id, file, d.bytes);
      return { fileName: d.fileName, title: d.title, mimeType: d.mimeType, file };
    });
    const requested = input.activationTime ? new Date(input.activationTime) : now;
    const activation = requested.getTime() > now.getTime() ? requested : now;
    const job: JobRecord = {
      id,
      flow: input.flow,
      org: input.org,
      reference: input.reference,
      pollingQueue: input.pollingQueue,
      title: input.title,
      nonsensitiveTitle: input.nonsensitiveTitle,
      description: input.description,
      documents,
      signers: input.signers.map((s, index) => ({ ...s, index, id: this.store.nextId('signer'), status: 'WAITING', since: now.toISOString() })),
      status: 'IN_PROGRESS',
      createdAt: now.toISOString(),
      activationTime: activation.toISOString(),
      availableSeconds: input.availableSeconds ?? (input.flow === 'direct' ? DIRECT_AVAILABLE_SECONDS : DEFAULT_AVAILABLE_SECONDS),
      activeGroup: 0,
      groupActivatedAt: activation.toISOString(),
      exitUrls: input.exitUrls,
      statusRetrievalMethod: input.statusRetrievalMethod,
      statusQueryTokens: [],
    };
    this.store.saveJob(job);
    return job;
  }

  requireJob(id: number): JobRecord {
    const job = this.store.getJob(id);
    if (!job) throw new ApiError(404, 'SIGNATURE_JOB_NOT_FOUND', `No signature job with id ${id}`);
    return job;
  }

  deadline(job: JobRecord): number {
    return new Date(job.groupActivatedAt).getTime() + job.availableSeconds * 1000;
  }

  /** Whether this signer may act now (active group, activated, still waiting). */
  canAct(job: JobRecord, signer: SignerRecord): boolean {
    const groups = signerOrderGroups(job);
    return (
      job.status === 'IN_PROGRESS' &&
      signer.status === 'WAITING' &&
      signer.order === groups[job.activeGroup] &&
      new Date(job.groupActivatedAt).getTime() <= this.clock.nowMs()
    );
  }

  private publish(job: JobRecord): void {
    this.store.saveJob(job);
    const queued = job.flow === 'portal' || job.statusRetrievalMethod === 'POLLING';
    if (queued) this.store.enqueue(job, snapshotOf(job), this.clock.nowMs());
  }

  private requireActingSigner(job: JobRecord, index: number): SignerRecord {
    const signer = job.signers[index];
    if (!signer) throw new ApiError(404, 'SIGNER_NOT_FOUND', `Job ${job.id} has no signer with index ${index}`);
    if (!this.canAct(job, signer)) {
      const reason =
        job.status !== 'IN_PROGRESS'
          ? `the job is ${job.status}`
          : signer.status !== 'WAITING'
            ? `the signer is ${signer.status}`
            : 'it is not this signer\'s turn yet';
      throw new ApiError(409, 'SIGNER_CANNOT_ACT', `Signer ${index} of job ${job.id} cannot act: ${reason}`);
    }
    return signer;
  }

  private exitRedirect(job: JobRecord, kind: 'completion' | 'rejection' | 'error'): string | undefined {
    if (job.flow !== 'direct' || !job.exitUrls) return undefined;
    const token = newToken();
    job.statusQueryTokens.push(token);
    return withQueryParameter(job.exitUrls[kind], 'status_query_token', token);
  }

  /** Direct flow: a signer who can no longer act (job ended under them) is sent to the error URL. */
  errorRedirect(jobId: number): Promise<string | undefined> {
    return this.exclusive(() => {
      const job = this.requireJob(jobId);
      const redirect = this.exitRedirect(job, 'error');
      this.store.saveJob(job);
      return redirect;
    });
  }

  sign(jobId: number, index: number): Promise<SignerActionResult> {
    return this.exclusive(() => this.signNow(jobId, index));
  }

  private async signNow(jobId: number, index: number): Promise<SignerActionResult> {
    const job = this.requireJob(jobId);
    const signer = this.requireActingSigner(job, index);
    const signingTime = this.clock.now();
    const keyPair = await this.pki.signerKeyPair({ id: signerIdentityKey(signer), displayName: signerDisplayName(signer) });
    await produceSignerResults(this.store, job, signer, keyPair, signingTime);
    signer.status = 'SIGNED';
    signer.since = signingTime.toISOString();
    signer.signedAt = signer.since;
    job.hasPades = true;
    if (job.signers.every((s) => s.status === 'SIGNED')) {
      job.status = 'COMPLETED_SUCCESSFULLY';
      job.completedAt = signer.since;
    } else {
      const groups = signerOrderGroups(job);
      const groupDone = job.signers.filter((s) => s.order === groups[job.activeGroup]).every((s) => s.status === 'SIGNED');
      if (groupDone) {
        job.activeGroup += 1;
        job.groupActivatedAt = signer.since;
      }
    }
    const redirect = this.exitRedirect(job, 'completion');
    this.publish(job);
    return { job, redirect };
  }

  reject(jobId: number, index: number): Promise<SignerActionResult> {
    return this.exclusive(() => {
      const job = this.requireJob(jobId);
      const signer = this.requireActingSigner(job, index);
      const now = this.clock.iso();
      for (const other of job.signers) {
        if (other === signer) Object.assign(other, { status: 'REJECTED', since: now });
        else if (other.status !== 'SIGNED') Object.assign(other, { status: 'NOT_APPLICABLE', since: now });
      }
      job.status = 'FAILED';
      job.completedAt = now;
      const redirect = this.exitRedirect(job, 'rejection');
      this.publish(job);
      return { job, redirect };
    });
  }

  cancel(jobId: number): Promise<JobRecord> {
    return this.exclusive(() => {
      const job = this.requireJob(jobId);
      if (job.status !== 'IN_PROGRESS') throw new ApiError(409, 'JOB_CANNOT_BE_CANCELLED', `Job ${jobId} is ${job.status} and can no longer be cancelled`);
      const now = this.clock.iso();
      for (const s of job.signers) if (s.status !== 'SIGNED') Object.assign(s, { status: 'CANCELLED', since: now });
      job.status = 'FAILED';
      job.cancelled = true;
      job.completedAt = now;
      this.publish(job);
      return job;
    });
  }

  /** Ends the active group as expired; `at` defaults to now (control API) or is the deadline (clock). */
  private expireNow(job: JobRecord, at: string): void {
    const groups = signerOrderGroups(job);
    const active = groups[job.activeGroup];
    for (const s of job.signers) {
      if (s.status === 'SIGNED') continue;
      Object.assign(s, { status: s.order === active ? 'EXPIRED' : 'NOT_APPLICABLE', since: at });
    }
    job.status = 'FAILED';
    job.completedAt = at;
    this.publish(job);
  }

  expire(jobId: number): Promise<JobRecord> {
    return this.exclusive(() => {
      const job = this.requireJob(jobId);
      if (job.status !== 'IN_PROGRESS') throw new ApiError(409, 'JOB_NOT_IN_PROGRESS', `Job ${jobId} is already ${job.status}`);
      this.expireNow(job, this.clock.iso());
      return job;
    });
  }

  /** Applies what the passing of (sandbox) time causes: deadlines and auto-signing. */
  tick(): Promise<void> {
    return this.exclusive(async () => {
      const now = this.clock.nowMs();
      const autosign = this.autosignAfterSeconds;
      for (const job of this.store.listJobs({ activeOnly: true })) {
        const deadline = this.deadline(job);
        if (deadline <= now) {
          this.expireNow(job, new Date(deadline).toISOString());
          continue;
        }
        if (autosign === undefined) continue;
        if (new Date(job.groupActivatedAt).getTime() + autosign * 1000 > now) continue;
        for (const signer of job.signers) {
          const fresh = this.requireJob(job.id);
          if (this.canAct(fresh, fresh.signers[signer.index])) {
            try {
              await this.signNow(job.id, signer.index);
            } catch (error) {
              console.error(`sandbox autosign of job ${job.id} signer ${signer.index} failed:`, error);
            }
          }
        }
      }
    });
  }

  newRedirectToken(job: JobRecord, signer: SignerRecord): string {
    const token = newToken();
    this.store.addToken(token, 'redirect', job.id, signer.index);
    return token;
  }
}

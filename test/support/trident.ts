import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { addTridentAccountForSandbox } from '../../src-main/demo/demo-sandbox';
import type { AccountDetail, AddTridentAccountInput, JobDetail, SyncReport } from '../../src-shared/contract';
import { call, control, samplePdf } from './sandbox-account';

/** A clock the test moves on: the job checks' schedule (seconds apart) passes without waiting. */
export function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

export async function addTridentSandboxAccount(core: Core, sandbox: RunningSandbox, extra: Partial<AddTridentAccountInput> = {}): Promise<AccountDetail> {
  const result = await addTridentAccountForSandbox(core, sandbox.info, { name: 'TRIDENT sandbox', ...extra });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as AccountDetail;
}

/** Stages PDFs the way compose does and creates a TRIDENT job of them. */
export async function createTridentJob(
  core: Core,
  accountId: string,
  options: { title?: string; documents?: string[]; signers?: { name?: string }[]; labels?: string[][]; description?: string } = {},
): Promise<JobDetail> {
  const documents = [];
  for (const [index, text] of (options.documents ?? ['Agreement']).entries()) {
    const staged = await call(core, 'documents.stage', { fileName: `document-${index + 1}.pdf`, contentBase64: (await samplePdf(text)).toString('base64') });
    documents.push({ stagedId: staged.id, title: text });
  }
  return call(core, 'jobs.create', {
    flow: 'trident',
    accountId,
    title: options.title ?? 'TRIDENT agreement',
    documents,
    signers: options.signers ?? [{ name: 'Kari Nordmann' }],
    ...(options.labels ? { labels: options.labels } : {}),
    ...(options.description ? { description: options.description } : {}),
  });
}

/**
 * Sync passes, moving the clock on by `stepMs` before each (past the fast check interval), until
 * `done` holds for the job; the last report is returned with it.
 */
export async function passUntil(
  core: Core,
  clock: ReturnType<typeof movableClock>,
  jobId: string,
  done: (job: JobDetail) => boolean,
  what: string,
  options: { stepMs?: number; passes?: number } = {},
): Promise<{ job: JobDetail; report: SyncReport }> {
  let report: SyncReport | undefined;
  for (let pass = 0; pass < (options.passes ?? 10); pass++) {
    clock.advance(options.stepMs ?? 4_000);
    report = await core.sync.runPass();
    const job = await call(core, 'jobs.get', { id: jobId });
    if (done(job)) return { job, report };
  }
  const job = await call(core, 'jobs.get', { id: jobId });
  throw new Error(`${what} did not happen: the job is ${job.status} (${job.serviceStatus}); last report ${JSON.stringify(report)}`);
}

export interface SandboxProcess {
  id: string;
  documents: { id: string; result?: { status: string } }[];
  labels: string[][] | null;
  uiLocales: string[] | null;
  finishCallbackUrl: string;
  agreementHtml?: string;
  result?: { status: string; details?: { message: string } };
}

export const tridentControl = (sandbox: RunningSandbox, method: string, path: string, body?: unknown) => control(sandbox, method, `/trident${path}`, body);

export const sandboxProcesses = async (sandbox: RunningSandbox) => (await tridentControl(sandbox, 'GET', '/processes')) as SandboxProcess[];

/** Acts as the person at the sandbox: signs, cancels or fails; returns where their browser would go next. */
export async function personAt(sandbox: RunningSandbox, processId: string, action: 'sign' | 'cancel' | 'fail', body?: unknown): Promise<string> {
  const answer = (await tridentControl(sandbox, 'POST', `/processes/${processId}/${action}`, body ?? {})) as { redirect: string };
  return answer.redirect;
}

/** The process id the app keeps for a signer (its remote reference), from the sandbox's list by its task address. */
export async function processOf(sandbox: RunningSandbox, job: JobDetail, signerIndex = 0): Promise<SandboxProcess> {
  const url = job.signers[signerIndex]?.signUrl;
  if (!url) throw new Error(`Signer ${signerIndex + 1} has no address to sign at`);
  const id = new URL(url).searchParams.get('signerProcessId');
  const found = (await sandboxProcesses(sandbox)).find((p) => p.id === id);
  if (!found) throw new Error(`The sandbox has no process ${id}`);
  return found;
}

/** How many signatures pdfsig finds valid in a file. */
export function validSignatures(file: string): { count: number; report: string } {
  let report: string;
  try {
    report = execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (error) {
    report = `${(error as { stdout?: string }).stdout ?? ''}`;
  }
  return { count: (report.match(/Signature is Valid/g) ?? []).length, report };
}

/** The agreement page's text as the sandbox shows it to the person (its HTTPS task pages trust the sandbox CA). */
export async function agreementOf(sandbox: RunningSandbox, processId: string): Promise<string> {
  const agent = new Agent({ connect: { ca: readFileSync(sandbox.info.trident.caCertificate, 'utf8') } });
  try {
    const response = await request(`${sandbox.info.trident.baseUrl}/trustedx-resources/esignsp/v2/ui/agreement?signerProcessId=${encodeURIComponent(processId)}`, { dispatcher: agent });
    return await response.body.text();
  } finally {
    await agent.close();
  }
}

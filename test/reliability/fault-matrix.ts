// `npm run soak -- faults [--call "poll portal queue"] [--fault 100MB]`: every call each provider
// makes, against every way a service (or what stands in front of it) can misbehave. Each cell checks:
//   alive    the core still answers a call afterwards, and nothing was thrown unhandled;
//   words    what the administrator sees is a failure reason that fits the fault, with a sentence
//            in English and in Norwegian, and no stack trace anywhere in what crossed;
//   bounded  the process did not grow by the size of a hostile answer (peak RSS during the call),
//            and an answer past its cap was not read on (bytes the front got to write);
//   nothing lost  once the fault is lifted and time passes, the job ends where it should (sent
//            once, every status change applied once and confirmed, the signed files filed);
//   and under a 429 storm or a DoSFilter block, that the sync engine does not ask again before
//   its time; after an external entity, that the file it names shows up nowhere.
// It prints the matrix (provider × call × fault → held / FAILED) and exits 1 when a cell failed.
// The providers come from the registry: a provider without a fault profile here fails its row, so
// a new service cannot join without joining this matrix. test/reliability/README.md has the figures.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { allProviders } from '../../src-main/core/providers/registry';
import { SyncProblemReason, type AccountDetail, type ConnectionTestResult, type JobDetail, type MethodOutput } from '../../src-shared/contract';
import { isFailureReason } from '../../src-shared/failure';
import { attentionText, syncProblemText } from '../../src-shared/i18n/attention-words';
import { createTranslator, en as enCatalogue, failureText, nb as nbCatalogue, type Language } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { createTestCore, tempDir } from '../support/core';
import { startHostileService, type Exchange, type HostileService } from '../support/hostile-service';
import { addSandboxAccount, call, control, samplePdf } from '../support/sandbox-account';
import { startSandbox } from '../../sandbox';
import { waitUntil } from '../support/wait';

// ---- Faults -------------------------------------------------------------------------------------

export const faultNames = ['5xx', 'reset', 'timeout', 'garbage', '100MB', 'xml-bomb', 'xxe', '429-storm', 'dosfilter', 'wrong-org-tls'] as const;
export type FaultName = (typeof faultNames)[number];

/** How long a call to the service may take in the matrix (the app's default is 60 s). */
const SERVICE_TIMEOUT_MS = 3_000;
/** The hostile answer's size, and how much of it the front may get to write before the app stops reading (its cap plus socket buffers). */
const HUGE_BYTES = 100 * 1024 * 1024;
const CAPPED_WRITE_LIMIT = 32 * 1024 * 1024;
/** Peak growth of the process's resident memory during one call that still counts as bounded. */
const RSS_GROWTH_LIMIT = 64 * 1024 * 1024;
/** An organisation number that is not Posten's, for the wrong server certificate. */
const OTHER_ORGANIZATION = '999999999';
const GARBAGE = '<<<this is not XML \u0000\u0001 garbage from a broken proxy';

const BILLION_LAUGHS_DTD = `<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>`;

/**
 * The service's own answer with a document type slipped in and its entity used in the first value
 * the app keeps (a job id, a status): expanded, it would fill the memory or land in the database.
 * When the answer is not XML (a PDF, an empty 200), a document of its own.
 */
function withEntities(answer: Buffer, dtd: string, entity: string): Buffer {
  const text = answer.toString('utf8');
  const start = text.search(/<[A-Za-z]/);
  if (!text.trimStart().startsWith('<') || start === -1 || !/>[^<>\s][^<>]*</.test(text.slice(start))) {
    return Buffer.from(`<?xml version="1.0"?>\n${dtd}\n<lolz>&${entity};</lolz>`);
  }
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${dtd}\n${text.slice(start).replace(/>([^<>\s][^<>]*)</, `>$1&${entity};<`)}`);
}

/** The opening of the answer's root element, so a 100 MB answer looks like the real one for as long as the reader looks. */
function xmlOpening(answer: Buffer): string {
  const text = answer.toString('utf8');
  const root = /<([A-Za-z][\w.:-]*)[^>]*>/.exec(text.replace(/<\?xml[^>]*\?>/, ''));
  return root ? `<?xml version="1.0" encoding="UTF-8"?>${root[0]}<reference>` : '';
}

interface Injected {
  /** Ends the fault: the front forwards again, the sandbox's own faults are cleared, the right certificate is back. */
  lift(): Promise<void>;
  /** Bytes of hostile body the front wrote (the 100 MB answer). */
  readonly bytesWritten: number;
}

function replyTo(exchange: Exchange, status: number, headers: Record<string, string>, body: Buffer | string): void {
  exchange.reply({ status, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });
}

/**
 * Puts the fault in place for the call's requests: the sandbox's own injector where the fault comes
 * before the service acts (5xx), the hostile front where it comes after (the service acted, then the
 * answer broke), and for DoSFilter and the wrong certificate every request from the moment the
 * call is next.
 */
async function inject(world: World, callSpec: CallSpec, fault: FaultName): Promise<Injected> {
  const { hostile, sandbox } = world;
  let bytesWritten = 0;
  const lift = async () => {
    hostile.clear();
    await control(sandbox, 'DELETE', '/faults');
    await hostile.presentOrganization();
  };
  /** Runs `start` now, or right after the front has answered the request that precedes the call in the same pass. */
  const from = (start: () => Promise<void> | void) => {
    if (!callSpec.precededBy) return Promise.resolve(start());
    hostile.tamper(
      callSpec.precededBy,
      async (exchange) => {
        const answer = await exchange.forward();
        exchange.res.once('finish', () => void start());
        exchange.reply({ ...answer, headers: { ...answer.headers, connection: 'close' } });
      },
      1,
    );
    return Promise.resolve();
  };
  const forwardThen = (handle: (exchange: Exchange, answer: Awaited<ReturnType<Exchange['forward']>>) => Promise<void> | void) =>
    hostile.tamper(callSpec.match, async (exchange) => handle(exchange, await exchange.forward()));

  switch (fault) {
    case '5xx':
      // The sandbox's own fault injector: a 500 with the service's error document, before it acts.
      await control(sandbox, 'POST', '/faults', { match: callSpec.match, kind: 'status', status: 500 });
      break;
    case 'reset':
      // The service acted; the connection breaks before its answer.
      forwardThen((exchange) => void exchange.req.socket.destroy());
      break;
    case 'timeout':
      // The service acted; its answer is held until the app gives up waiting.
      forwardThen(
        (exchange) =>
          new Promise<void>((resolve) => {
            const giveUp = setTimeout(() => exchange.res.destroy(), SERVICE_TIMEOUT_MS * 4);
            exchange.res.once('close', () => {
              clearTimeout(giveUp);
              resolve();
            });
          }),
      );
      break;
    case 'garbage':
      forwardThen((exchange) => replyTo(exchange, 200, { 'content-type': 'application/xml' }, GARBAGE));
      break;
    case '100MB':
      forwardThen(
        (exchange, answer) =>
          new Promise<void>((resolve) => {
            exchange.res.writeHead(200, { 'content-type': answer.headers['content-type'] ?? 'application/xml' });
            const opening = answer.body.subarray(0, 5).toString('latin1') === '%PDF-' ? '' : xmlOpening(answer.body);
            if (opening) exchange.res.write(opening);
            const chunk = Buffer.alloc(64 * 1024, 'A');
            const pump = () => {
              while (bytesWritten < HUGE_BYTES && !exchange.res.destroyed) {
                bytesWritten += chunk.length;
                if (!exchange.res.write(chunk)) return void exchange.res.once('drain', pump);
              }
              exchange.res.end();
              resolve();
            };
            exchange.res.once('close', resolve);
            pump();
          }),
      );
      break;
    case 'xml-bomb':
      forwardThen((exchange, answer) => replyTo(exchange, 200, { 'content-type': 'application/xml' }, withEntities(answer.body, BILLION_LAUGHS_DTD, 'lol9')));
      break;
    case 'xxe':
      forwardThen((exchange, answer) =>
        replyTo(exchange, 200, { 'content-type': 'application/xml' }, withEntities(answer.body, `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://${world.canary.path}">]>`, 'xxe')),
      );
      break;
    case '429-storm':
      // Every request of the call is answered 429 with a time to come back, until lifted.
      hostile.tamper(callSpec.match, (exchange) =>
        replyTo(exchange, 429, { 'content-type': 'text/plain', 'retry-after': '30', 'x-next-permitted-poll-time': new Date(Date.now() + 30_000).toISOString() }, 'Too Many Requests'),
      );
      break;
    case 'dosfilter':
      // The service blocks the organisation: every request, whatever it asks, until lifted.
      await from(() => {
        for (const method of ['GET', 'POST', 'DELETE']) {
          hostile.tamper(`${method} .`, (exchange) => replyTo(exchange, 429, { 'content-type': 'text/plain', dosfilter: 'unavailable' }, 'Too many requests'));
        }
      });
      break;
    case 'wrong-org-tls':
      await from(() => hostile.presentOrganization(OTHER_ORGANIZATION));
      break;
  }
  return {
    lift,
    get bytesWritten() {
      return bytesWritten;
    },
  };
}

// ---- What the administrator sees ----------------------------------------------------------------

/** What a call left for the administrator to read: a reason (a failure reason or a sync problem), the technical detail, and what crossed the contract. */
export interface Shown {
  /** The call did what it was asked (an answer that is read no further, say). */
  succeeded: boolean;
  reason?: string | null;
  params?: Record<string, string | number> | null;
  /** Extra sentences the UI shows with it (a job's attention). */
  sentences?: Record<Language, string[]>;
  /** Everything that crossed (the job, the error value, the account), scanned for stack traces. */
  crossed: unknown;
}

const translators = { en: createTranslator('en'), nb: createTranslator('nb') };

/** The reason's sentence in each language, as the job page, the account page or the CLI words it. */
function reasonSentences(reason: string, params?: Record<string, string | number> | null): Record<Language, string> | undefined {
  const syncProblem = SyncProblemReason.safeParse(reason);
  if (syncProblem.success) {
    const problem = { reason: syncProblem.data, detail: null, at: new Date().toISOString() };
    return { en: syncProblemText(translators.en, problem), nb: syncProblemText(translators.nb, problem) };
  }
  if (!isFailureReason(reason)) return undefined;
  const key = `failure.${reason}` as keyof typeof enCatalogue;
  // A reason without its own sentence in a language would be worded by a fallback: not good enough.
  if (!(key in enCatalogue) || !(key in nbCatalogue)) return undefined;
  return { en: failureText(translators.en, { reason, params: params ?? undefined }), nb: failureText(translators.nb, { reason, params: params ?? undefined }) };
}

const STACK = /\n\s+at |\bat [\w$.<>]+ \(?[^)\s]*\.(?:ts|js|mjs|cjs):\d+/;

function wordsProblems(shown: Shown, expected: Expectation): string[] {
  const problems: string[] = [];
  if (STACK.test(JSON.stringify(shown.crossed))) problems.push('a stack trace crossed to the user');
  if ('succeeds' in expected) {
    if (!shown.succeeded) problems.push(`expected the call to succeed (the answer is not read further), got ${shown.reason ?? 'a failure without a reason'}`);
    return problems;
  }
  if (shown.succeeded) return [...problems, `the call succeeded: the fault went unnoticed (expected ${expected.reasons.join(' or ')})`];
  if (!shown.reason) return [...problems, 'no reason was shown'];
  if (!expected.reasons.includes(shown.reason)) problems.push(`shown as ${shown.reason}, expected ${expected.reasons.join(' or ')}`);
  const sentences = reasonSentences(shown.reason, shown.params);
  if (!sentences) return [...problems, `${shown.reason} has no sentence in both languages`];
  for (const language of ['en', 'nb'] as const) {
    for (const sentence of [sentences[language], ...(shown.sentences?.[language] ?? [])]) {
      if (!sentence.trim() || /\{\w+\}/.test(sentence) || /^[a-z]+(\.[\w-]+)+$/.test(sentence)) problems.push(`not a sentence (${language}): ${JSON.stringify(sentence)}`);
    }
  }
  if (sentences.en === sentences.nb) problems.push(`the same words in both languages: ${sentences.en}`);
  return problems;
}

// ---- Expectations -------------------------------------------------------------------------------

type Expectation = { succeeds: true } | { reasons: string[] };

/** How a call treats its answer: what a hostile body can do to it. */
type AnswerKind = 'create' | 'xml' | 'ignored' | 'pdf' | 'xml-file' | 'text';

function expectation(callSpec: CallSpec, fault: FaultName): Expectation {
  const kind = callSpec.answer;
  const expect = (...reasons: string[]): Expectation => ({ reasons: callSpec.reasonsInstead?.(reasons) ?? reasons });
  switch (fault) {
    case '5xx':
      return expect('service.internalError');
    case 'reset':
      return kind === 'create' ? expect('outcome-unknown-no-answer') : expect('network.reset');
    case 'timeout':
      return kind === 'create' ? expect('outcome-unknown-no-answer') : expect('network.timeout');
    case 'garbage':
    case 'xml-bomb':
    case 'xxe':
      if (kind === 'create') return expect('outcome-unknown-unreadable-answer');
      if (kind === 'ignored' || kind === 'text') return { succeeds: true };
      if (kind === 'pdf' || kind === 'xml-file') return expect('download.notVerified');
      return expect('service.unexpectedAnswer');
    case '100MB':
      if (kind === 'create') return expect('outcome-unknown-unreadable-answer');
      if (kind === 'pdf') return expect('download.notVerified');
      if (kind === 'xml-file') return expect('download.notVerified', 'download.tooLarge');
      return expect('service.unexpectedAnswer');
    case '429-storm':
      return expect('service.rateLimited', 'service.pollTooEarly');
    case 'dosfilter':
      return expect('service.rateLimited');
    case 'wrong-org-tls':
      return expect('tls.wrongServer');
  }
}

// ---- The world the cells run in -----------------------------------------------------------------

export interface World {
  dir: { path: string; remove(): void };
  sandbox: RunningSandbox;
  hostile: HostileService;
  core: Core;
  account: AccountDetail;
  saveFolder: string;
  /** A file an external entity points at: its token must never show up anywhere. */
  canary: { path: string; token: string };
  /** Moves the app's clock on (backoffs, poll waits); `alsoService` moves the sandbox's too. */
  later(ms: number, options?: { alsoService?: boolean }): Promise<void>;
  /** Errors nobody handled while the world ran. */
  unhandled: unknown[];
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const dir = tempDir('sd-fault-matrix-');
  // Re-delivery after a second: a change whose answer was destroyed comes back within the cell.
  const sandbox = await startSandbox({ dataDir: join(dir.path, 'sandbox'), emptyQueueDelaySeconds: 0, rateLimitPerSecond: 1000, redeliverySeconds: 1 });
  const hostile = await startHostileService(sandbox, { keepAlive: false });
  const saveFolder = join(dir.path, 'Signed');
  mkdirSync(saveFolder);
  let offsetMs = 0;
  const core = createTestCore(join(dir.path, 'app'), { clock: { now: () => new Date(Date.now() + offsetMs) }, config: { serviceTimeoutMs: SERVICE_TIMEOUT_MS } });
  const account = await addSandboxAccount(core, { ...sandbox, info: { ...sandbox.info, apiRoot: hostile.apiRoot } }, { saveFolder });
  const canary = { path: join(dir.path, 'canary.txt'), token: `canary-${randomBytes(12).toString('hex')}` };
  writeFileSync(canary.path, canary.token);
  const unhandled: unknown[] = [];
  const onUnhandled = (error: unknown) => unhandled.push(error);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const world: World = {
    dir,
    sandbox,
    hostile,
    core,
    account,
    saveFolder,
    canary,
    unhandled,
    async later(ms, options = {}) {
      offsetMs += ms;
      if (options.alsoService) await control(sandbox, 'POST', '/clock/advance', { seconds: ms / 1000 });
    },
    async close() {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
      await core.close();
      await hostile.close();
      await sandbox.close();
      dir.remove();
    },
  };
  // A direct job that waits for its signer all along, as an account using both flows has: every
  // pass polls both queues, so a fault on one queue meets the other one answering.
  await sent(world, await composeDirect(world, 'FM-background'));
  return world;
}

interface ServiceJob {
  id: number;
  reference: string | null;
  status: string;
  queuedChanges: number;
  documentsDeleted: boolean;
}

const serviceJobs = async (world: World) => (await control(world.sandbox, 'GET', '/jobs')) as ServiceJob[];
const sync = (world: World) => call(world.core, 'sync.run', {});
const detail = (world: World, id: string) => call(world.core, 'jobs.get', { id });

/** The service's jobs created for one of ours (its reference starts with the one we gave). */
async function serviceJobsOf(world: World, subject: Subject): Promise<ServiceJob[]> {
  return (await serviceJobs(world)).filter((job) => job.reference?.startsWith(`${subject.reference} sd-`));
}

/** Lets time pass (the longest backoff) and syncs, until `done` or the bound; the service re-delivers what it handed out after a second of real time. */
async function syncUntil(world: World, subject: Subject, done: (job: JobDetail) => boolean | Promise<boolean>, what: string): Promise<JobDetail> {
  return waitUntil(
    async () => {
      await world.later(31 * 60_000);
      await sync(world);
      const job = await detail(world, subject.jobId);
      return (await done(job)) ? job : undefined;
    },
    `${subject.reference}: ${what}`,
    { timeoutMs: 30_000, everyMs: 250 },
  );
}

/** Syncs until a pass finds nothing to do, so a cell starts from a quiet queue. */
async function quiet(world: World): Promise<void> {
  for (let pass = 0; pass < 8; pass++) {
    await world.later(31 * 60_000);
    const report = await sync(world);
    if (report.submitted === 0 && report.statusChanges === 0 && report.filed === 0) return;
  }
}

// ---- Calls --------------------------------------------------------------------------------------

interface Subject {
  jobId: string;
  /** Unique per cell: the job's reference, repeated by the service. */
  reference: string;
}

export interface CallSpec {
  name: string;
  /** "METHOD path-regex" of the call's request, as the front and the sandbox's faults match it. */
  match: string;
  /** The request just before it in the same pass: faults on every request (DoSFilter, TLS) start after it. */
  precededBy?: string;
  answer: AnswerKind;
  /** Made by the sync engine (waits as told) or by the administrator (asks once). */
  driver: 'engine' | 'administrator';
  /** For a call whose failures are all worded by one sentence of its own (deleting documents). */
  reasonsInstead?(reasons: string[]): string[];
  prepare(world: World, reference: string): Promise<Subject>;
  invoke(world: World, subject: Subject): Promise<Shown>;
  /** After the fault is lifted: what the administrator or the app does next, until the end state or a problem. */
  settle(world: World, subject: Subject): Promise<string[]>;
}

async function composePortal(world: World, reference: string): Promise<Subject> {
  const staged = await call(world.core, 'documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf(reference)).toString('base64') });
  const job = await call(world.core, 'jobs.create', {
    flow: 'portal',
    accountId: world.account.id,
    title: reference,
    reference,
    documents: [{ stagedId: staged.id, title: 'Avtale' }],
    signers: [{ email: 'kari@example.no', step: 1 }],
  });
  return { jobId: job.id, reference };
}

async function composeDirect(world: World, reference: string): Promise<Subject> {
  const staged = await call(world.core, 'documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf(reference)).toString('base64') });
  const job = await call(world.core, 'jobs.create', {
    flow: 'direct',
    accountId: world.account.id,
    title: reference,
    reference,
    documents: [{ stagedId: staged.id, title: 'Avtale' }],
    signers: [{ customIdentifier: 'leietaker-1', name: 'Kari Nordmann' }],
  });
  return { jobId: job.id, reference };
}

async function sent(world: World, subject: Subject): Promise<Subject> {
  await syncUntil(world, subject, (job) => job.status === 'in_progress', 'sent');
  return subject;
}

/** The signer signs at the service (its control API stands in for the signer's browser). */
async function signAtService(world: World, subject: Subject): Promise<void> {
  const [job] = await serviceJobsOf(world, subject);
  assert.ok(job, `${subject.reference} is at the service`);
  await control(world.sandbox, 'POST', `/jobs/${job.id}/signers/0/sign`);
}

/** What a job shows after a pass: the attention and its reason, a failed send, or the named file's failure. */
function jobShown(job: JobDetail, fileKind?: 'pades' | 'xades'): Shown {
  const sentences = {
    en: job.attention ? [attentionText(translators.en, 'en', job.attention)] : [],
    nb: job.attention ? [attentionText(translators.nb, 'nb', job.attention)] : [],
  };
  if (fileKind) {
    const file = job.downloads.find((d) => d.kind === fileKind);
    if (!file) return { succeeded: false, reason: null, crossed: job };
    if (file.state === 'filed') return { succeeded: true, crossed: job };
    return { succeeded: false, reason: file.lastErrorReason, params: file.lastErrorParams, sentences, crossed: job };
  }
  if (job.status === 'outcome_unknown') return { succeeded: false, reason: job.syncProblem?.reason, sentences, crossed: job };
  if (job.status === 'queued' && job.attention?.reason === 'not-sent') return { succeeded: false, reason: job.attention.failure, sentences, crossed: job };
  return { succeeded: job.status !== 'queued' && job.status !== 'rejected', reason: job.lastErrorReason, sentences, crossed: job };
}

/** What the account shows after a pass whose queue call failed. */
async function accountShown(world: World): Promise<Shown> {
  const account = await call(world.core, 'accounts.get', { id: world.account.id });
  const listed = (await call(world.core, 'accounts.list', {})).items.find((a) => a.id === world.account.id);
  return { succeeded: !account.lastPollErrorReason && !account.lastPollError, reason: account.lastPollErrorReason, crossed: { account, listed } };
}

/** What an administrator's call answered: its value or its error value. */
async function dispatchShown(world: World, method: 'jobs.cancel' | 'jobs.deleteDocuments' | 'jobs.signingLinks', subject: Subject): Promise<Shown & { error?: ErrorValue }> {
  const result = await world.core.dispatch(method, { id: subject.jobId });
  if (result.ok) return { succeeded: true, crossed: result.value };
  return { succeeded: false, reason: result.error.reason, params: result.error.params, crossed: result.error, error: result.error };
}

/** Every signer's signature applied exactly once, and the service told (nothing left in its queue). */
async function appliedOnceAndConfirmed(world: World, subject: Subject): Promise<string[]> {
  const job = await syncUntil(world, subject, (j) => j.status === 'completed', 'completed');
  const problems: string[] = [];
  const signed = job.events.filter((e) => e.kind === 'signer-status' && e.data.to === 'signed');
  if (signed.length !== job.signers.length) problems.push(`${signed.length} signature events for ${job.signers.length} signers`);
  await waitUntil(
    async () => {
      const [atService] = await serviceJobsOf(world, subject);
      if (atService?.queuedChanges === 0) return true;
      await world.later(31 * 60_000);
      await sync(world);
      return false;
    },
    `${subject.reference}: every change confirmed at the service`,
    { timeoutMs: 30_000, everyMs: 250 },
  ).catch((error: Error) => problems.push(error.message));
  return problems;
}

/** The job's signed files filed, verified, one copy each. */
async function filed(world: World, subject: Subject): Promise<string[]> {
  const allFiled = (j: JobDetail) => j.status === 'completed' && j.downloads.length > 0 && j.downloads.every((d) => d.state === 'filed');
  // A file refused for its content is fetched again later; time passes until it is filed, or the bound.
  await syncUntil(world, subject, allFiled, 'its files filed').catch(() => undefined);
  const job = await detail(world, subject.jobId);
  const problems: string[] = [];
  if (job.attention) problems.push(`still needs attention: ${job.attention.reason}`);
  for (const file of job.downloads) {
    if (file.state !== 'filed') problems.push(`the ${file.kind} was not filed (${file.state}: ${file.lastErrorReason ?? file.verification ?? ''})`);
    else if (file.verified !== true) problems.push(`the ${file.kind} was filed unverified`);
  }
  const copies = filesUnder(world.saveFolder).filter((path) => path.includes(subject.reference));
  if (copies.length > job.downloads.length) problems.push(`${copies.length} files filed for ${job.downloads.length} signed files`);
  return problems;
}

/** Sent exactly once: one job at the service, and ours is linked to it. */
async function sentOnce(world: World, subject: Subject): Promise<string[]> {
  let job = await detail(world, subject.jobId);
  if (job.status === 'outcome_unknown') {
    // The app waits for the service's own record; the signer signing brings the change that settles it.
    await signAtService(world, subject);
  }
  job = await syncUntil(world, subject, (j) => j.status === 'in_progress' || j.status === 'completed', 'sent and known');
  const atService = await serviceJobsOf(world, subject);
  const problems: string[] = [];
  if (atService.length !== 1) problems.push(`${atService.length} jobs at the service`);
  else if (job.serviceJobId !== String(atService[0].id)) problems.push(`linked to ${job.serviceJobId}, the service has ${atService[0].id}`);
  return problems;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const portalPoll = 'GET /portal/signature-jobs$';
const directPoll = 'GET /direct/signature-jobs$';

/** Posten signering: portal and direct flow, every request the client makes. */
const postenCalls: CallSpec[] = [
  {
    name: 'create portal job',
    match: 'POST /portal/signature-jobs$',
    answer: 'create',
    driver: 'engine',
    prepare: composePortal,
    async invoke(world, subject) {
      await sync(world);
      return jobShown(await detail(world, subject.jobId));
    },
    settle: sentOnce,
  },
  {
    name: 'create direct job',
    match: 'POST /direct/signature-jobs$',
    answer: 'create',
    driver: 'engine',
    prepare: composeDirect,
    async invoke(world, subject) {
      await sync(world);
      return jobShown(await detail(world, subject.jobId));
    },
    settle: sentOnce,
  },
  {
    name: 'poll portal queue',
    match: portalPoll,
    answer: 'xml',
    driver: 'engine',
    async prepare(world, reference) {
      const subject = await sent(world, await composePortal(world, reference));
      await signAtService(world, subject);
      return subject;
    },
    async invoke(world) {
      await sync(world);
      return accountShown(world);
    },
    settle: appliedOnceAndConfirmed,
  },
  {
    name: 'poll direct queue',
    match: directPoll,
    answer: 'xml',
    driver: 'engine',
    async prepare(world, reference) {
      const subject = await sent(world, await composeDirect(world, reference));
      await signAtService(world, subject);
      return subject;
    },
    async invoke(world) {
      await sync(world);
      return accountShown(world);
    },
    settle: appliedOnceAndConfirmed,
  },
  {
    name: 'confirm',
    match: 'POST /complete$',
    precededBy: portalPoll,
    answer: 'ignored',
    driver: 'engine',
    async prepare(world, reference) {
      const subject = await sent(world, await composePortal(world, reference));
      await signAtService(world, subject);
      return subject;
    },
    async invoke(world) {
      await sync(world);
      return accountShown(world);
    },
    settle: appliedOnceAndConfirmed,
  },
  {
    name: 'new redirect URL',
    match: 'POST /signers/\\d+$',
    answer: 'xml',
    driver: 'administrator',
    prepare: async (world, reference) => sent(world, await composeDirect(world, reference)),
    invoke: (world, subject) => dispatchShown(world, 'jobs.signingLinks', subject),
    async settle(world, subject) {
      const links = await world.core.dispatch('jobs.signingLinks', { id: subject.jobId });
      if (!links.ok) return [`asking again failed: ${links.error.reason ?? links.error.message}`];
      const [link] = (links.value as MethodOutput<'jobs.signingLinks'>).links;
      const opened = await fetch(link.url, { redirect: 'manual' });
      if (opened.status !== 303) return [`the fresh signing address does not lead on (HTTP ${opened.status})`];
      const session = new URL(opened.headers.get('location') ?? '', link.url).href;
      const pressed = await fetch(`${session}/sign`, { method: 'POST', redirect: 'manual' });
      if (pressed.status !== 303) return [`signing at the fresh address failed (HTTP ${pressed.status})`];
      return appliedOnceAndConfirmed(world, subject);
    },
  },
  {
    name: 'download PAdES',
    match: 'GET /pades$',
    precededBy: portalPoll,
    answer: 'pdf',
    driver: 'engine',
    async prepare(world, reference) {
      const subject = await sent(world, await composePortal(world, reference));
      await signAtService(world, subject);
      return subject;
    },
    async invoke(world, subject) {
      await sync(world);
      return jobShown(await detail(world, subject.jobId), 'pades');
    },
    settle: filed,
  },
  {
    name: 'download XAdES',
    match: 'GET /xades/\\d+$',
    precededBy: portalPoll,
    answer: 'xml-file',
    driver: 'engine',
    async prepare(world, reference) {
      const subject = await sent(world, await composePortal(world, reference));
      await signAtService(world, subject);
      return subject;
    },
    async invoke(world, subject) {
      await sync(world);
      return jobShown(await detail(world, subject.jobId), 'xades');
    },
    settle: filed,
  },
  {
    name: 'cancel',
    match: 'POST /cancel$',
    answer: 'ignored',
    driver: 'administrator',
    prepare: async (world, reference) => sent(world, await composePortal(world, reference)),
    invoke: (world, subject) => dispatchShown(world, 'jobs.cancel', subject),
    async settle(world, subject) {
      const again = await world.core.dispatch('jobs.cancel', { id: subject.jobId });
      // The first request may have reached the service: then it is finished already, and says so.
      if (!again.ok && !['job.alreadyFinished', 'job.notCancellable'].includes(again.error.reason ?? '')) return [`cancelling again failed: ${again.error.reason ?? again.error.message}`];
      await syncUntil(world, subject, (job) => job.status === 'cancelled', 'cancelled');
      // Posten words a cancelled portal job as failed, its unsigned signers as cancelled.
      const [atService] = (await serviceJobsOf(world, subject)) as (ServiceJob & { signers: { status: string }[] })[];
      return atService?.signers.every((signer) => signer.status === 'CANCELLED') ? [] : [`the service shows ${atService?.status}, signers ${atService?.signers.map((s) => s.status).join(', ')}`];
    },
  },
  {
    name: 'delete documents',
    match: 'DELETE /documents$',
    answer: 'ignored',
    driver: 'administrator',
    // Every failure of this call is one sentence, with or without the service being reachable.
    reasonsInstead: (reasons) => (reasons.some((r) => r.startsWith('network.')) ? ['job.documentsNotDeletedUnreachable'] : ['job.documentsNotDeleted']),
    async prepare(world, reference) {
      const subject = await sent(world, await composePortal(world, reference));
      await signAtService(world, subject);
      await syncUntil(world, subject, (job) => job.status === 'completed' && job.downloads.every((d) => d.state === 'filed'), 'completed and filed');
      // The service allows it a day after the last signature; both clocks move on.
      await world.later(25 * 3600_000, { alsoService: true });
      return subject;
    },
    invoke: (world, subject) => dispatchShown(world, 'jobs.deleteDocuments', subject),
    async settle(world, subject) {
      const again = await world.core.dispatch('jobs.deleteDocuments', { id: subject.jobId });
      const job = await detail(world, subject.jobId);
      const deletedEvents = job.events.filter((e) => e.kind === 'documents-deleted').length;
      const [atService] = await serviceJobsOf(world, subject);
      const problems: string[] = [];
      if (!again.ok && again.error.reason !== 'job.documentsAlreadyDeleted') problems.push(`deleting again failed: ${again.error.reason ?? again.error.message}`);
      if (deletedEvents !== 1) problems.push(`${deletedEvents} documents-deleted events`);
      if (!atService?.documentsDeleted) problems.push('the documents are still at the service');
      return problems;
    },
  },
  {
    name: 'probe',
    match: 'GET /api/\\d+$',
    answer: 'text',
    driver: 'administrator',
    // A connection closed right after the request reads exactly like a client certificate refused
    // under TLS 1.3 (the server closes after the handshake, "other side closed"); the connection
    // test names the likelier cause, the certificate (connection-test.ts).
    reasonsInstead: (reasons) => (reasons.includes('network.reset') ? [...reasons, 'tls.clientCertificateRejected'] : reasons),
    prepare: async (_world, reference) => ({ jobId: '', reference }),
    async invoke(world) {
      const result: ConnectionTestResult = await call(world.core, 'accounts.test', { id: world.account.id });
      return { succeeded: result.ok, reason: result.reason ?? null, params: result.params ?? null, crossed: result };
    },
    async settle(world) {
      const result = await call(world.core, 'accounts.test', { id: world.account.id });
      return result.ok && result.organization === world.account.organizationNumber ? [] : [`the connection test after the fault: ${result.reason ?? result.message}`];
    },
  },
];

/** Each provider's calls, by its service name. A provider the registry lists without an entry here fails its row. */
export const faultProfiles: Record<string, CallSpec[]> = { posten: postenCalls };

// ---- One cell -----------------------------------------------------------------------------------

export interface CellResult {
  provider: string;
  call: string;
  fault: FaultName;
  held: boolean;
  problems: string[];
  /** Peak growth of resident memory during the call, in MB. */
  rssGrowthMb: number;
  /** Bytes of hostile body the front wrote, in MB (100 MB answers only). */
  writtenMb?: number;
  ms: number;
}

/** Peak resident memory over a stretch of time, sampled often enough to see a 100 MB buffer. */
function rssSampler() {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) - start;
    },
  };
}

function fileContains(path: string, token: string): boolean {
  return existsSync(path) && readFileSync(path).includes(token);
}

export async function runCell(world: World, provider: string, callSpec: CallSpec, fault: FaultName): Promise<CellResult> {
  const started = Date.now();
  const problems: string[] = [];
  const reference = `FM-${fault}-${callSpec.name.replace(/\W+/g, '-')}`.slice(0, 36);
  const unhandledBefore = world.unhandled.length;
  await quiet(world);
  const subject = await callSpec.prepare(world, reference);
  // A minute passes: whatever the call needs is due (a poll's permitted time has whole seconds).
  await world.later(60_000);
  const seenBefore = world.hostile.seen.length;
  const injected = await inject(world, callSpec, fault);
  const sampler = rssSampler();
  let shown: Shown | undefined;
  try {
    shown = await callSpec.invoke(world, subject);
    // A service that asks for fewer requests is not asked again until its time has come.
    if (callSpec.driver === 'engine' && (fault === '429-storm' || fault === 'dosfilter')) {
      const pattern = new RegExp(fault === 'dosfilter' ? '.' : callSpec.match.slice(callSpec.match.indexOf(' ') + 1));
      const method = callSpec.match.slice(0, callSpec.match.indexOf(' '));
      const asked = () => world.hostile.seen.slice(seenBefore).filter((line) => (fault === 'dosfilter' || line.startsWith(`${method} `)) && pattern.test(line.slice(line.indexOf(' ') + 1))).length;
      const afterFirst = asked();
      await sync(world);
      await sync(world);
      if (asked() > afterFirst) problems.push(`asked ${asked() - afterFirst} more times while told to wait`);
    }
  } catch (error) {
    problems.push(`the call threw: ${(error as Error).message}`);
  }
  const rssGrowth = sampler.stop();
  await injected.lift();

  // alive
  const info = await world.core.dispatch('app.info', {});
  if (!info.ok) problems.push(`the core no longer answers: ${info.error.message}`);
  if (world.unhandled.length > unhandledBefore) problems.push(`unhandled: ${world.unhandled.slice(unhandledBefore).map((e) => (e as Error).message).join('; ')}`);
  // words
  if (shown) problems.push(...wordsProblems(shown, expectation(callSpec, fault)));
  // bounded
  if (rssGrowth > RSS_GROWTH_LIMIT) problems.push(`memory grew by ${Math.round(rssGrowth / 2 ** 20)} MB`);
  const capped = callSpec.answer !== 'pdf' && callSpec.answer !== 'xml-file';
  if (fault === '100MB' && capped && injected.bytesWritten > CAPPED_WRITE_LIMIT) problems.push(`the app read on to ${Math.round(injected.bytesWritten / 2 ** 20)} MB of a capped answer`);
  // nothing lost
  try {
    problems.push(...(await callSpec.settle(world, subject)));
  } catch (error) {
    problems.push(`after the fault: ${(error as Error).message}`);
  }
  if (fault === 'xxe') {
    const leaked = [join(world.dir.path, 'app', 'signing-desk.sqlite'), ...filesUnder(join(world.dir.path, 'app', 'archive')), ...filesUnder(world.saveFolder)].filter((path) => fileContains(path, world.canary.token));
    if (leaked.length || JSON.stringify(shown?.crossed ?? '').includes(world.canary.token)) problems.push(`the external entity was read: ${leaked.join(', ') || 'in the answer'}`);
  }
  return {
    provider,
    call: callSpec.name,
    fault,
    held: problems.length === 0,
    problems,
    rssGrowthMb: Math.round(rssGrowth / 2 ** 20),
    ...(fault === '100MB' ? { writtenMb: Math.round(injected.bytesWritten / 2 ** 20) } : {}),
    ms: Date.now() - started,
  };
}

// ---- The matrix ---------------------------------------------------------------------------------

function printMatrix(results: CellResult[], log: (line: string) => void): void {
  const calls = [...new Set(results.map((r) => `${r.provider} · ${r.call}`))];
  const faults = faultNames.filter((fault) => results.some((r) => r.fault === fault));
  const width = Math.max(...calls.map((c) => c.length)) + 2;
  const cellWidth = Math.max(...faults.map((f) => f.length)) + 2;
  log(`${''.padEnd(width)}${faults.map((f) => f.padEnd(cellWidth)).join('')}`);
  for (const row of calls) {
    const cells = faults.map((fault) => {
      const cell = results.find((r) => `${r.provider} · ${r.call}` === row && r.fault === fault);
      return (cell ? (cell.held ? 'held' : 'FAILED') : '-').padEnd(cellWidth);
    });
    log(`${row.padEnd(width)}${cells.join('')}`);
  }
}

export async function main(args: string[]): Promise<number> {
  const option = (name: string) => {
    const index = args.indexOf(`--${name}`);
    return index === -1 ? undefined : args[index + 1];
  };
  const onlyCall = option('call');
  const onlyFault = option('fault') as FaultName | undefined;
  if (onlyFault && !faultNames.includes(onlyFault)) {
    console.error(`Unknown fault ${onlyFault}: one of ${faultNames.join(', ')}`);
    return 2;
  }
  const started = Date.now();
  const results: CellResult[] = [];
  /** Failures outside any one cell: a provider without a profile, a job sent twice over the run. */
  const failures: string[] = [];
  for (const provider of allProviders()) {
    const calls = faultProfiles[provider.service];
    if (!calls) {
      failures.push(`provider ${provider.service} has no fault profile in test/reliability/fault-matrix.ts`);
      continue;
    }
    const world = await openWorld();
    try {
      for (const callSpec of calls.filter((c) => !onlyCall || c.name === onlyCall)) {
        for (const fault of faultNames.filter((f) => !onlyFault || f === onlyFault)) {
          const result = await runCell(world, provider.service, callSpec, fault);
          results.push(result);
          console.log(`${result.held ? 'held  ' : 'FAILED'} ${provider.service} · ${callSpec.name} × ${fault} (${result.ms} ms, +${result.rssGrowthMb} MB${result.writtenMb !== undefined ? `, ${result.writtenMb} MB written` : ''})${result.held ? '' : `: ${result.problems.join('; ')}`}`);
        }
      }
      // Across the whole run: no job of ours reached the service twice.
      const jobs = world.core.db.prepare("SELECT reference FROM jobs WHERE reference LIKE 'FM-%'").all() as { reference: string }[];
      const atService = await serviceJobs(world);
      const twice = jobs.filter((job) => atService.filter((s) => s.reference?.startsWith(`${job.reference} sd-`)).length > 1);
      if (twice.length) failures.push(`${provider.service}: sent twice over the run: ${twice.map((j) => j.reference).join(', ')}`);
    } finally {
      await world.close();
    }
  }
  console.log('');
  printMatrix(results, (line) => console.log(line));
  const failed = results.filter((r) => !r.held);
  const peak = Math.max(0, ...results.map((r) => r.rssGrowthMb));
  console.log(
    `\nfault matrix: ${results.length} cells, ${results.length - failed.length} held, ${failed.length} failed; peak memory growth in a call ${peak} MB; ${Math.round((Date.now() - started) / 1000)} s (Node ${process.versions.node})`,
  );
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  return failed.length === 0 && failures.length === 0 ? 0 : 1;
}

// Drain benchmark (issue #4): with 10,000 status changes waiting in the sandbox queue, the time to
// fetch, commit and confirm all of them, as changes per second and as a ratio to a bare loop of the
// same HTTP calls without the database. Prints figures; never fails on a target.
// Run with `npm run bench -- drain`.
import path from 'node:path';
import { Agent, request } from 'undici';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { JobRecord, StatusSnapshot } from '../../sandbox/core/model';
import { SandboxStore } from '../../sandbox/core/store';
import { postenAccountSettings, postenConnectionOf } from '../../src-main/core/providers/posten/accounts';
import { PostenClient } from '../../src-main/core/providers/posten/client';
import { RequestPacer } from '../../src-main/core/providers/posten/pacer';
import { pollPortalAccount } from '../../src-main/core/providers/posten/queue';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount } from '../support/sandbox-account';

const CHANGES = Number(process.env.DRAIN_CHANGES ?? 10_000);
const CHANGES_PER_JOB = 5;
const WARMUP_CHANGES = 500;
/** For profiling one side: e.g. DRAIN_PHASES=app with --cpu-prof. */
const PHASES = new Set((process.env.DRAIN_PHASES ?? 'bare,client,app').split(','));

type Core = ReturnType<typeof createTestCore>;

interface Fixture {
  sandbox: RunningSandbox;
  /** A second connection to the sandbox's own SQLite file, used only to seed its queue. */
  store: SandboxStore;
  core: Core;
  accountId: string;
  org: string;
  pollingQueue: string;
}

/**
 * Puts `changes` status changes on the sandbox queue, CHANGES_PER_JOB per job (two signers going
 * from WAITING to SIGNED, then COMPLETED), each change different so the app applies every one.
 * The job records are stored as already finished: the sandbox's engine scans every active job on
 * each API request (engine.tick), which with thousands of open jobs would dominate both loops.
 * Returns the service job ids, so the app's database can hold the same jobs.
 */
function seedSandboxQueue(fixture: Fixture, changes: number): number[] {
  const { store, org, pollingQueue } = fixture;
  // One transaction for the whole seed: the store's own methods, without a commit (and fsync) each.
  const db = (store as unknown as { db: { transaction<T>(fn: () => T): () => T } }).db;
  return db.transaction(() => {
    const ids: number[] = [];
    const start = Date.now() - 3_600_000;
    for (let seeded = 0; seeded < changes; seeded += CHANGES_PER_JOB) {
      const id = store.nextId('job');
      const at = (ms: number) => new Date(start + seeded * 1000 + ms).toISOString();
      const job: JobRecord = {
        id,
        flow: 'portal',
        org,
        reference: `BENCH-${id}`,
        pollingQueue,
        title: `Benchmark job ${id}`,
        documents: [{ fileName: 'document.pdf', title: 'Document', mimeType: 'application/pdf', file: 'document-0' }],
        signers: [0, 1].map((index) => ({
          index,
          id: store.nextId('signer'),
          order: index,
          pin: `0101${String(id).padStart(5, '0')}${index}`.slice(0, 11),
          status: 'SIGNED',
          since: at(4000),
          signedAt: at(4000),
        })),
        status: 'COMPLETED_SUCCESSFULLY',
        createdAt: at(0),
        completedAt: at(4000),
        activationTime: at(0),
        availableSeconds: 2_592_000,
        activeGroup: 1,
        groupActivatedAt: at(0),
        statusQueryTokens: [],
      };
      store.saveJob(job);
      const count = Math.min(CHANGES_PER_JOB, changes - seeded);
      for (let k = 0; k < count; k++) {
        const last = k === CHANGES_PER_JOB - 1;
        const snapshot: StatusSnapshot = {
          status: last ? 'COMPLETED_SUCCESSFULLY' : 'IN_PROGRESS',
          signers: [k >= 1, k >= 3].map((signed) => ({ status: signed ? 'SIGNED' : 'WAITING', since: at(k * 1000), signed })),
        };
        store.enqueue(job, snapshot, start);
      }
      ids.push(id);
    }
    return ids;
  })();
}

/** The same jobs in the app's database, in progress, with signers matched by national identity number. */
function seedAppJobs(fixture: Fixture, serviceJobIds: number[]): void {
  const db = fixture.core.db;
  const now = new Date().toISOString();
  const insertJob = db.prepare(
    `INSERT INTO jobs (id, account_id, flow, status, title, service_job_id, signer_total, signer_signed, active_step, search_text, created_at, updated_at)
     VALUES (?, ?, 'portal', 'in_progress', ?, ?, 2, 0, 1, ?, ?, ?)`,
  );
  const insertSigner = db.prepare(
    `INSERT INTO signers (id, job_id, position, step, national_identity_number, status, status_since) VALUES (?, ?, ?, ?, ?, 'waiting', ?)`,
  );
  db.transaction(() => {
    for (const serviceId of serviceJobIds) {
      const jobId = `bench-${serviceId}`;
      insertJob.run(jobId, fixture.accountId, `Benchmark job ${serviceId}`, String(serviceId), `benchmark job ${serviceId}`, now, now);
      for (const index of [0, 1]) insertSigner.run(`${jobId}-s${index}`, jobId, index, index + 1, `0101${String(serviceId).padStart(5, '0')}${index}`.slice(0, 11), now);
    }
  })();
}

/** (a) The app: the poller with its database, pass after pass until the queue is empty. */
async function drainWithApp(fixture: Fixture, client: PostenClient): Promise<{ changes: number; fresh: number }> {
  let changes = 0;
  let fresh = 0;
  for (;;) {
    const outcome = await pollPortalAccount(fixture.core.context, client, fixture.accountId);
    if (outcome.error) throw new Error(`poll failed: ${outcome.error}`);
    if (outcome.skipped) continue;
    changes += outcome.changes.length;
    fresh += outcome.changes.filter((change) => change.fresh).length;
    if (outcome.changes.length === 0) return { changes, fresh };
  }
}

/** (b) The same HTTP calls with undici and the same client certificate: no XML parsing, no database. */
async function drainBare(agent: Agent, pollUrl: string): Promise<number> {
  let changes = 0;
  for (;;) {
    const poll = await request(pollUrl, { method: 'GET', headers: { accept: 'application/xml' }, dispatcher: agent });
    const body = await poll.body.text();
    if (poll.statusCode === 204) return changes;
    if (poll.statusCode !== 200) throw new Error(`poll answered ${poll.statusCode}: ${body}`);
    const confirmationUrl = /<confirmation-url>([^<]+)<\/confirmation-url>/.exec(body)?.[1];
    if (!confirmationUrl) throw new Error(`no confirmation-url in ${body}`);
    const confirm = await request(confirmationUrl, { method: 'POST', headers: { accept: 'application/xml' }, dispatcher: agent });
    await confirm.body.dump();
    if (confirm.statusCode !== 200) throw new Error(`confirm answered ${confirm.statusCode}`);
    changes++;
  }
}

/** (c) Diagnostic: the app's PostenClient (XML parsing included) without the database. */
async function drainClientOnly(client: PostenClient, pollingQueue: string): Promise<number> {
  let changes = 0;
  for (;;) {
    const result = await client.pollPortal(pollingQueue || undefined);
    if (result.kind === 'empty') return changes;
    await client.confirm(result.change.confirmationUrl);
    changes++;
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const rate = (changes: number, ms: number) => (changes / ms) * 1000;

const dir = tempDir('bench-drain-');
let fixture: Fixture | undefined;
const clients: { close(): Promise<void> }[] = [];
try {
  const sandboxDir = path.join(dir.path, 'sandbox');
  const sandbox = await startSandbox({ dataDir: sandboxDir, emptyQueueDelaySeconds: 0, rateLimitPerSecond: 100_000 });
  const core = createTestCore(path.join(dir.path, 'app'));
  const account = await addSandboxAccount(core, sandbox);
  const settings = postenAccountSettings(core.context, account.id);
  fixture = { sandbox, store: new SandboxStore(sandboxDir), core, accountId: account.id, org: settings.organizationNumber, pollingQueue: settings.pollingQueue };

  const connection = await postenConnectionOf(core.context, account.id);
  const client = new PostenClient(connection, { pacer: new RequestPacer(100_000) });
  clients.push(client);
  const agent = new Agent({
    connect: { key: connection.privateKeyPem, cert: connection.certificateChainPems.join('\n'), ca: connection.trustedCaPems, rejectUnauthorized: true, servername: undefined },
    keepAliveTimeout: 10_000,
  });
  clients.push(agent);
  const pollUrl = `${connection.apiRoot}/${connection.organizationNumber}/portal/signature-jobs${settings.pollingQueue ? `?polling_queue=${encodeURIComponent(settings.pollingQueue)}` : ''}`;

  // Warm both sides (JIT, TLS session, SQLite caches) before anything is timed.
  seedAppJobs(fixture, seedSandboxQueue(fixture, WARMUP_CHANGES));
  await drainWithApp(fixture, client);
  seedSandboxQueue(fixture, WARMUP_CHANGES);
  await drainBare(agent, pollUrl);

  const skipped = { ms: NaN, value: CHANGES };
  const seedStart = Date.now();
  if (PHASES.has('bare')) seedSandboxQueue(fixture, CHANGES);
  const seedMs = Date.now() - seedStart;
  const bare = PHASES.has('bare') ? await timed(() => drainBare(agent, pollUrl)) : skipped;

  if (PHASES.has('client')) seedSandboxQueue(fixture, CHANGES);
  const clientOnly = PHASES.has('client') ? await timed(() => drainClientOnly(client, settings.pollingQueue)) : skipped;

  if (PHASES.has('app')) seedAppJobs(fixture, seedSandboxQueue(fixture, CHANGES));
  const app = PHASES.has('app') ? await timed(() => drainWithApp(fixture!, client)) : { ms: NaN, value: { changes: CHANGES, fresh: CHANGES } };
  const left = fixture.store.queueLength();

  const bareRate = rate(bare.value, bare.ms);
  const appRate = rate(app.value.changes, app.ms);
  console.log(`queue: ${CHANGES} changes (${CHANGES / CHANGES_PER_JOB} jobs x ${CHANGES_PER_JOB}), seeded in ${seedMs} ms; sandbox in process, TLS with client certificate`);
  console.log(`(b) bare loop (undici GET + POST, no parsing, no DB): ${bare.value} changes in ${bare.ms.toFixed(0)} ms = ${bareRate.toFixed(0)} changes/s`);
  console.log(`(c) PostenClient, no DB (diagnostic):                 ${clientOnly.value} changes in ${clientOnly.ms.toFixed(0)} ms = ${rate(clientOnly.value, clientOnly.ms).toFixed(0)} changes/s`);
  console.log(`(a) app drain (pollPortalAccount: fetch, commit, confirm): ${app.value.changes} changes (${app.value.fresh} applied fresh) in ${app.ms.toFixed(0)} ms = ${appRate.toFixed(0)} changes/s`);
  console.log(`app / bare: ${(appRate / bareRate).toFixed(2)}  (targets: >= 300 changes/s and >= 0.5 of the bare loop)`);
  console.log(`left in the sandbox queue afterwards: ${left}`);
  if (bare.value !== CHANGES || clientOnly.value !== CHANGES || app.value.changes !== CHANGES || app.value.fresh !== CHANGES || left !== 0) {
    console.error('A drain did not see exactly the seeded changes: the figures above are not comparable.');
    process.exitCode = 1;
  }
} finally {
  for (const client of clients) await client.close().catch(() => {});
  if (fixture) {
    fixture.store.close();
    await fixture.core.close();
    await fixture.sandbox.close();
  }
  dir.remove();
}

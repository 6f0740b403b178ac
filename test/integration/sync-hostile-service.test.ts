// The sync engine against a service that misbehaves: answers lost after the service acted,
// deliveries out of order, links that lead elsewhere, files that are not what they claim, clock
// headers that jump, and answers without end. A small HTTPS server stands in front of the sandbox
// (test/support/hostile-service.ts) and does what the sandbox cannot.
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { RunningSandbox } from '../../sandbox';
import { runCli } from '../../src-main/cli/run';
import type { Core } from '../../src-main/core';
import type { AccountDetail, JobDetail } from '../../src-shared/contract';
import { createTestCore, tempDir } from '../support/core';
import { startHostileService, type Answer, type HostileService } from '../support/hostile-service';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-hostile-');
const dataDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signed');
let sandbox: RunningSandbox;
let hostile: HostileService;
let core: Core & { notifier: { sent: { title: string }[]; attentionCount: number } };
let account: AccountDetail;

interface ServiceJob {
  id: number;
  reference: string | null;
  status: string;
}

const serviceJobs = async () => (await control(sandbox, 'GET', '/jobs')) as ServiceJob[];
const sync = () => call(core, 'sync.run', {});
const detail = (id: string) => call(core, 'jobs.get', { id });

async function composeJob(title: string, options: { signers?: number; documents?: Buffer[] } = {}): Promise<JobDetail> {
  const documents = [];
  for (const [index, bytes] of (options.documents ?? [await samplePdf(title)]).entries()) {
    const staged = await call(core, 'documents.stage', { fileName: `d${index}.pdf`, contentBase64: bytes.toString('base64') });
    documents.push({ stagedId: staged.id, title: `Dokument ${index + 1}` });
  }
  return call(core, 'jobs.create', { flow: 'portal', 
    accountId: account.id,
    title,
    reference: 'HR-7',
    documents,
    signers: Array.from({ length: options.signers ?? 1 }, (_, index) => ({ email: `signer${index + 1}@example.no`, step: 1 })),
  });
}

/** Sends a composed job through the service as it is (no tampering). */
async function sentJob(title: string, options: { signers?: number } = {}): Promise<JobDetail> {
  const job = await composeJob(title, options);
  await sync();
  const sent = await detail(job.id);
  assert.equal(sent.status, 'in_progress', sent.lastErrorMessage ?? '');
  return sent;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const xmlAnswer = (answer: Answer, xml: string): Answer => ({ ...answer, body: Buffer.from(xml) });

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  });
  return { code, stdout, stderr };
}

/**
 * Five documents of 8 MB that do not compress: far more than sockets buffer, so a request cut off
 * after its first bytes is certainly cut off half-way. Made before anything else runs (making them
 * blocks the event loop for a while, which would race kept-alive connections).
 */
const bigDocuments: Buffer[] = [];
async function bigDocument(n: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  await pdf.attach(randomBytes(8 * 1024 * 1024), `noise-${n}.bin`, { mimeType: 'application/octet-stream' });
  return Buffer.from(await pdf.save());
}

before(async () => {
  for (let n = 0; n < 5; n++) bigDocuments.push(await bigDocument(n));
  sandbox = await startTestSandbox(dir.path);
  hostile = await startHostileService(sandbox);
  mkdirSync(saveFolder);
  core = createTestCore(dataDir, { config: { signedFileMaxBytes: 8 * 1024 * 1024 } });
  account = await addSandboxAccount(core, { ...sandbox, info: { ...sandbox.info, apiRoot: hostile.apiRoot } }, { saveFolder });
});
after(async () => {
  await core.close();
  await hostile.close();
  await sandbox.close();
  dir.remove();
});
beforeEach(() => {
  hostile.clear();
  core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
});

describe('a create whose answer was lost is never sent again silently', () => {
  test('a 200 with an unreadable body: outcome unknown with the evidence, not resent, settled by the change that carries its reference', async () => {
    hostile.tamper('POST /portal/signature-jobs$', async (exchange) => exchange.reply(xmlAnswer(await exchange.forward(), '<portal-signature-job-response xmlns="http://signering.posten.no/schema/v1"><signature-job-id>')), 1);
    const before = (await serviceJobs()).length;
    const job = await composeJob('Lost answer');
    await sync();
    let now = await detail(job.id);
    assert.equal(now.status, 'outcome_unknown');
    assert.equal(now.attention?.reason, 'outcome-unknown');
    assert.equal(now.syncProblem?.reason, 'outcome-unknown-unreadable-answer', 'the evidence');
    assert.match(now.syncProblem?.detail ?? '', /HTTP 200/);
    assert.match(now.serviceReference ?? '', /^HR-7 sd-[0-9a-f]{10}$/);
    const atService = (await serviceJobs()).slice(before);
    assert.deepEqual(atService.map((j) => j.reference), [now.serviceReference], 'the service has the job, under the reference sent');
    assert.ok((await call(core, 'jobs.list', { filter: 'needsAttention' })).items.some((j) => j.id === job.id));

    // However long the app keeps syncing, it does not send the job again by itself.
    core.db.prepare('UPDATE jobs SET next_submit_at = ? WHERE id = ?').run(new Date(0).toISOString(), job.id);
    await sync();
    await sync();
    assert.equal((await serviceJobs()).length, before + 1, 'sent once');
    assert.equal((await detail(job.id)).status, 'outcome_unknown');

    // The signer signs; the status change carries the job's reference and settles it.
    await control(sandbox, 'POST', `/jobs/${atService[0].id}/signers/0/sign`);
    const report = await sync();
    assert.deepEqual(report.errors, []);
    now = await detail(job.id);
    assert.equal(now.status, 'completed');
    assert.equal(now.serviceJobId, String(atService[0].id));
    assert.equal(now.attention, null);
    assert.equal(now.syncProblem, null);
    assert.ok(now.events.some((e) => e.kind === 'reconciled'));
    assert.equal(now.downloads.find((d) => d.kind === 'pades')?.state, 'filed');
    assert.deepEqual(await call(core, 'jobs.listUnmatched', {}), { items: [] });
  });

  test('the connection closes after the whole request was sent: outcome unknown, not resent', async () => {
    hostile.tamper('POST /portal/signature-jobs$', async (exchange) => {
      await exchange.forward();
      exchange.req.socket.destroy();
    }, 1);
    const before = (await serviceJobs()).length;
    const job = await composeJob('No answer');
    await sync();
    const now = await detail(job.id);
    assert.equal(now.status, 'outcome_unknown');
    assert.equal(now.attention?.reason, 'outcome-unknown');
    assert.equal(now.syncProblem?.reason, 'outcome-unknown-no-answer');
    assert.ok(now.events.some((e) => e.kind === 'outcome-unknown' && e.data.reference === now.serviceReference));
    await sync();
    assert.equal((await serviceJobs()).length, before + 1);
  });

  test('the connection closes while the request is still being sent: it cannot have arrived, so it is retried and sent once', async () => {
    hostile.tamper('POST /portal/signature-jobs$', (exchange) => {
      exchange.req.once('data', () => exchange.req.socket.destroy());
    }, 1);
    const before = (await serviceJobs()).length;
    const job = await composeJob('Cut off', { documents: bigDocuments });
    await sync();
    let now = await detail(job.id);
    assert.equal(now.status, 'queued', now.lastErrorMessage ?? '');
    assert.ok(now.nextSubmitAt);
    core.db.prepare('UPDATE jobs SET next_submit_at = ? WHERE id = ?').run(new Date(0).toISOString(), job.id);
    await sync();
    now = await detail(job.id);
    assert.equal(now.status, 'in_progress', now.lastErrorMessage ?? '');
    assert.equal((await serviceJobs()).length, before + 1, 'sent exactly once');
  });
});

describe('sending an outcome-unknown job again', () => {
  test('needs the duplicate risk accepted (contract and CLI); the late change of the first create is kept apart', async () => {
    hostile.tamper('POST /portal/signature-jobs$', async (exchange) => exchange.reply(xmlAnswer(await exchange.forward(), 'not xml')), 1);
    const job = await composeJob('Send again');
    await sync();
    const unknown = await detail(job.id);
    assert.equal(unknown.status, 'outcome_unknown');
    const first = (await serviceJobs()).find((j) => j.reference === unknown.serviceReference)!;
    // The command line says it needs attention, and shows the evidence.
    const shown = await cli(['jobs', 'show', job.id]);
    assert.match(shown.stdout, /\n {2}Attention +Sending was interrupted: check whether the service received it\n/);
    assert.match(shown.stdout, /\n {2}Sync problem +The service accepted something, but its answer could not be read\..* Details: .*HTTP 200/);

    const refused = await core.dispatch('jobs.retrySubmit', { id: job.id });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.error.message : '', /second job/);
    const cliRefused = await cli(['jobs', 'retry', job.id]);
    assert.equal(cliRefused.code, 1);
    assert.match(cliRefused.stderr, /second job/);
    const cliAccepted = await cli(['jobs', 'retry', job.id, '--accept-duplicate-risk']);
    assert.equal(cliAccepted.code, 0, cliAccepted.stderr);

    await sync();
    const resent = await detail(job.id);
    assert.equal(resent.status, 'in_progress');
    assert.notEqual(resent.serviceReference, unknown.serviceReference, 'a new reference for the new create');
    assert.notEqual(resent.serviceJobId, String(first.id));
    assert.ok(resent.events.some((e) => e.kind === 'retry-requested' && e.data.acceptedDuplicateRisk === true));

    // The first create did reach the service; its change must not be taken for the second job's.
    await control(sandbox, 'POST', `/jobs/${first.id}/signers/0/sign`);
    await sync();
    assert.equal((await detail(job.id)).status, 'in_progress');
    const unmatched = (await call(core, 'jobs.listUnmatched', {})).items;
    assert.deepEqual(unmatched.map((u) => [u.serviceJobId, u.reference]), [[String(first.id), unknown.serviceReference]]);
    await call(core, 'jobs.dismissUnmatched', { id: unmatched[0].id });
    assert.deepEqual((await call(core, 'jobs.listUnmatched', {})).items, []);
  });
});

describe('out-of-order deliveries', () => {
  test('an older change arriving after a newer one moves nothing back and is logged as stale', async () => {
    const job = await sentJob('Out of order', { signers: 2 });
    await control(sandbox, 'POST', `/jobs/${job.serviceJobId}/signers/0/sign`);
    await control(sandbox, 'POST', `/jobs/${job.serviceJobId}/signers/1/sign`);
    // The service hands out the newer change first and the older one after it.
    let older: Answer | undefined;
    hostile.tamper('GET /portal/signature-jobs$', async (exchange) => {
      older = await exchange.forward();
      exchange.reply(await exchange.forward());
    }, 1);
    hostile.tamper('GET /portal/signature-jobs$', (exchange) => exchange.reply(older!), 1);
    const report = await sync();
    assert.deepEqual(report.errors, []);
    assert.match(older!.body.toString(), /IN_PROGRESS/);
    const now = await detail(job.id);
    assert.equal(now.status, 'completed');
    assert.deepEqual(now.signers.map((s) => s.status), ['signed', 'signed']);
    const stale = now.events.filter((e) => e.kind === 'stale-status-change');
    assert.equal(stale.length, 1);
    assert.equal(stale[0].data.status, 'IN_PROGRESS');
    assert.equal(stale[0].data.kept, 'completed');
  });
});

describe('signed files that do not verify are never filed', () => {
  async function completeWithPadesUrl(title: string, padesUrl: (original: string) => string): Promise<JobDetail> {
    const job = await sentJob(title);
    await control(sandbox, 'POST', `/jobs/${job.serviceJobId}/signers/0/sign`);
    hostile.tamper('GET /portal/signature-jobs$', async (exchange) => {
      const answer = await exchange.forward();
      exchange.reply(xmlAnswer(answer, answer.body.toString().replace(/<pades-url>([^<]+)<\/pades-url>/, (_, url: string) => `<pades-url>${padesUrl(url)}</pades-url>`)));
    }, 1);
    await sync();
    return detail(job.id);
  }

  const padesFiled = (title: string) => filesUnder(saveFolder).filter((path) => path.includes(title) && path.endsWith('.pdf'));

  test('a link over plain http:// is not followed', async () => {
    let fetched = 0;
    const plain = http.createServer((_req, res) => {
      fetched++;
      res.end('%PDF-1.7 whatever');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const port = (plain.address() as AddressInfo).port;
      const job = await completeWithPadesUrl('Plain link', () => `http://127.0.0.1:${port}/pades`);
      assert.equal(job.status, 'completed');
      assert.equal(fetched, 0);
      const pades = job.downloads.find((d) => d.kind === 'pades')!;
      assert.equal(pades.state, 'failed');
      assert.match(pades.lastError ?? '', /not an HTTPS address under/);
      assert.equal(job.attention?.reason, 'sync-problem');
      assert.equal(job.syncProblem?.reason, 'download-link-refused');
      assert.deepEqual(padesFiled('Plain link'), []);
      assert.ok((await call(core, 'jobs.list', { filter: 'needsAttention' })).items.some((j) => j.id === job.id));
    } finally {
      plain.close();
    }
  });

  test('an HTML "Login required" page is kept in the archive as evidence, not filed as signed', async () => {
    hostile.tamper('GET /pades$', (exchange) => exchange.reply({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<!DOCTYPE html><html><body><h1>Login required</h1></body></html>') }));
    const job = await completeWithPadesUrl('Login page', (url) => url);
    const pades = job.downloads.find((d) => d.kind === 'pades')!;
    assert.equal(pades.state, 'failed');
    assert.equal(pades.verified, false);
    assert.match(pades.verification ?? '', /Not a PDF: it begins with "<!DOCTYPE html>/);
    assert.match(readFileSync(pades.archivePath!, 'utf8'), /Login required/);
    assert.equal(pades.savedPath, null);
    assert.deepEqual(padesFiled('Login page'), []);
    assert.deepEqual(job.attention, { reason: 'sync-problem', problem: job.syncProblem });
    assert.equal(job.syncProblem?.reason, 'download-not-verified');
    const shown = JSON.parse((await cli(['jobs', 'show', job.id, '--json'])).stdout) as { needsAttention: boolean; attentionReason: string | null };
    assert.deepEqual([shown.needsAttention, shown.attentionReason], [true, 'A signed file did not pass verification and was not saved']);
    assert.ok(job.events.some((e) => e.kind === 'downloaded' && e.data.verified === false));
    // The job's signatures (XAdES) did verify and were filed as usual.
    assert.ok(job.downloads.filter((d) => d.kind === 'xades').every((d) => d.state === 'filed'));
  });

  test('a file of "A"s is kept as evidence, not filed; one over the size limit is cut off unread', async () => {
    hostile.tamper('GET /pades$', (exchange) => exchange.reply({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(2 * 1024 * 1024, 'A') }), 1);
    const job = await completeWithPadesUrl('Run of A', (url) => url);
    const pades = job.downloads.find((d) => d.kind === 'pades')!;
    assert.equal(pades.state, 'failed');
    assert.equal(statSync(pades.archivePath!).size, 2 * 1024 * 1024);
    assert.deepEqual(padesFiled('Run of A'), []);

    // 500 MB, streamed without a length: the app stops at its limit (8 MB in this test).
    let written = 0;
    hostile.tamper('GET /pades$', (exchange) => {
      exchange.res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'A');
      const pump = () => {
        while (written < 500 * 1024 * 1024 && !exchange.res.destroyed) {
          written += chunk.length;
          if (!exchange.res.write(chunk)) return void exchange.res.once('drain', pump);
        }
        exchange.res.end();
      };
      pump();
    }, 1);
    const huge = await completeWithPadesUrl('Endless file', (url) => url);
    const hugePades = huge.downloads.find((d) => d.kind === 'pades')!;
    assert.equal(hugePades.state, 'failed');
    assert.match(hugePades.lastError ?? '', /larger than 8 MB/);
    assert.equal(hugePades.archivePath, null);
    assert.equal(huge.attention?.reason, 'sync-problem');
    assert.equal(huge.syncProblem?.reason, 'download-too-large');
    assert.ok(written < 64 * 1024 * 1024, `the service got to write ${written} bytes`);
    assert.deepEqual(padesFiled('Endless file'), []);
  });
});

describe('the service clock', () => {
  const nextPollInSeconds = () => (Date.parse((core.db.prepare('SELECT next_poll_at FROM accounts WHERE id = ?').get(account.id) as { next_poll_at: string }).next_poll_at) - Date.now()) / 1000;

  test('a service whose clock jumped a day ahead: the wait is measured on its clock', async () => {
    hostile.tamper('GET /portal/signature-jobs$', async (exchange) => {
      const answer = await exchange.forward();
      const serviceNow = Date.now() + 86_400_000;
      exchange.reply({ ...answer, headers: { ...answer.headers, date: new Date(serviceNow).toUTCString(), 'x-next-permitted-poll-time': new Date(serviceNow + 30_000).toISOString() } });
    }, 1);
    await sync();
    const wait = nextPollInSeconds();
    assert.ok(wait > 20 && wait <= 31, `waits ${wait} s`);
    assert.equal((await call(core, 'accounts.get', { id: account.id })).pollWarning, null);
  });

  test('a poll time a day ahead of the service clock is not obeyed: the wait is capped and the account shows a warning', async () => {
    hostile.tamper('GET /portal/signature-jobs$', async (exchange) => {
      const answer = await exchange.forward();
      exchange.reply({ ...answer, headers: { ...answer.headers, 'x-next-permitted-poll-time': new Date(Date.now() + 86_400_000).toISOString() } });
    }, 1);
    await sync();
    const wait = nextPollInSeconds();
    assert.ok(wait > 0 && wait <= 600, `waits ${wait} s`);
    const shown = await call(core, 'accounts.get', { id: account.id });
    assert.equal(shown.pollWarning?.reason, 'poll-time-far-ahead');
    assert.ok(shown.pollWarning!.requestedWaitSeconds > 86_000);
    const listed = (await call(core, 'accounts.list', {})).items.find((a) => a.id === account.id);
    assert.ok(listed?.pollWarning);
    const human = await cli(['accounts', 'list']);
    assert.match(human.stdout, /Warning \(Sandbox\): The service asked Signing Desk not to check for news until .* 24 hours ahead/);

    // A sane answer later clears the warning.
    core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
    await sync();
    assert.equal((await call(core, 'accounts.get', { id: account.id })).pollWarning, null);
  });
});

describe('answers without end', () => {
  test('a 500 MB poll answer is cut off at 1 MB with an error in words, and the next poll does the same', async () => {
    let written = 0;
    hostile.tamper('GET /portal/signature-jobs$', (exchange) => {
      exchange.res.writeHead(200, { 'content-type': 'application/xml', 'x-next-permitted-poll-time': new Date().toISOString() });
      exchange.res.write('<portal-signature-job-status-change-response xmlns="http://signering.posten.no/schema/v1"><reference>');
      const chunk = Buffer.alloc(64 * 1024, 'A');
      const pump = () => {
        while (written < 500 * 1024 * 1024 && !exchange.res.destroyed) {
          written += chunk.length;
          if (!exchange.res.write(chunk)) return void exchange.res.once('drain', pump);
        }
        exchange.res.end();
      };
      pump();
    }, 2);
    const report = await sync();
    assert.match(report.errors.join(' '), /status answer was larger than 1 MB/);
    assert.ok(written < 32 * 1024 * 1024, `the service got to write ${written} bytes`);
    const row = core.db.prepare('SELECT last_poll_error FROM accounts WHERE id = ?').get(account.id) as { last_poll_error: string };
    assert.match(row.last_poll_error, /larger than 1 MB/);
    written = 0;
    core.db.prepare('UPDATE sync_channels SET next_poll_at = NULL').run();
    const again = await sync();
    assert.match(again.errors.join(' '), /larger than 1 MB/);
    assert.ok(written < 32 * 1024 * 1024, `the service got to write ${written} bytes`);
  });
});

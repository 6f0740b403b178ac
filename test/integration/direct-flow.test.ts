// Posten's direct flow end to end through the command line (issue #10 item 7): a job created with
// `jobs create direct`, sent by `sync` (which serves the return listener), links from `jobs links`,
// a signer's browser signing on the sandbox's page and landing on the listener, the queue
// confirming, PAdES and XAdES filed and verified; a rejection; a signer who signs elsewhere while
// nothing listens; a used address renewed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningSandbox } from '../../sandbox';
import type { JobJson } from '../../src-main/cli/job-json';
import type { AccountDetail } from '../../src-shared/contract';
import { tempDir } from '../support/core';
import { cliOn } from '../support/cli';
import { control, samplePdf, startTestSandbox } from '../support/sandbox-account';
import { waitUntil } from '../support/wait';

const dir = tempDir('sd-direct-');
const dataDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signed');
const pdf = join(dir.path, 'avtale.pdf');
const env: NodeJS.ProcessEnv = { SD_TEST_PASSPHRASE: '' };
const { cli, json } = cliOn(dataDir, env);
let sandbox: RunningSandbox;
let account: AccountDetail;

interface LinksJson {
  jobId: string;
  links: { signerId: string; signer: number; url: string }[];
}

before(async () => {
  sandbox = await startTestSandbox(dir.path, { emptyQueueDelaySeconds: 1 });
  env.SD_TEST_PASSPHRASE = sandbox.info.senderCertificatePassword;
  mkdirSync(saveFolder);
  writeFileSync(pdf, await samplePdf('Avtale', 2));
  account = await json<AccountDetail>(
    ...['accounts', 'add', 'posten', '--name', 'Sandbox', '--org', sandbox.info.senderOrganizationNumber, '--environment', 'custom'],
    ...['--api-root', sandbox.info.apiRoot, '--ca', sandbox.info.caCertificate, '--server-org', sandbox.info.serverOrganizationNumber],
    ...['--certificate', sandbox.info.senderCertificate, '--passphrase-env', 'SD_TEST_PASSPHRASE', '--save-folder', saveFolder],
  );
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

const createDirect = (title: string, ...signers: string[]) =>
  json<JobJson>('jobs', 'create', 'direct', '--account', account.id, '--title', title, '--document', `${pdf}=Avtale`, ...signers.flatMap((s) => ['--signer', s]));
const show = (id: string) => json<JobJson>('jobs', 'show', id);

/** `signing-desk sync` running until the test is done with it: it sends, polls and serves the return listener. */
function runSync() {
  const abort = new AbortController();
  const done = cli(['sync', '--interval', '1'], { signal: abort.signal });
  return {
    async stop() {
      abort.abort();
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
    },
  };
}

/** What the signer's browser does: opens the address (the sandbox swaps it for its page) and presses a button; returns the exit it is sent to. */
async function signInBrowser(url: string, action: 'sign' | 'reject'): Promise<{ exit: string }> {
  const opened = await fetch(url, { redirect: 'manual' });
  assert.equal(opened.status, 303, `the signing address leads on (got ${opened.status})`);
  const session = new URL(opened.headers.get('location') ?? '', url).href;
  const pressed = await fetch(`${session}/${action}`, { method: 'POST', redirect: 'manual' });
  assert.equal(pressed.status, 303);
  return { exit: pressed.headers.get('location') ?? '' };
}

describe('the direct flow through the command line', () => {
  test('sign in a browser: the listener notes the return at once, the queue confirms, PAdES and XAdES are filed and verified', async () => {
    const created = await createDirect('Leieavtale', 'pin=01010112377,name=Kari Nordmann', 'id=leietaker-2');
    assert.equal(created.flow, 'direct');
    assert.equal(created.status, 'queued');
    assert.deepEqual(created.signers.map((s) => [s.status, s.name]), [['not_sent', 'Kari Nordmann'], ['not_sent', null]]);
    const sync = runSync();
    try {
      const sent = await waitUntil(async () => ((await show(created.id)).status === 'in_progress' ? show(created.id) : undefined), 'the job to be sent');
      assert.equal(sent.serviceStatus, 'IN_PROGRESS');
      assert.ok(sent.signers.every((s) => s.status === 'waiting' && s.signUrl?.startsWith(sandbox.info.webRoot.replace(/\/web$/, ''))), JSON.stringify(sent.signers));

      const links = await json<LinksJson>('jobs', 'links', created.id);
      assert.deepEqual(links.links.map((l) => l.signer), [1, 2]);
      const { exit } = await signInBrowser(links.links[0]!.url, 'sign');
      assert.match(exit, /^http:\/\/127\.0\.0\.1:\d+\/r\/[\w-]+\/completion/, 'the exit URL is the return listener');
      const page = await fetch(exit);
      assert.equal(page.status, 200);
      const words = await page.text();
      assert.match(words, /Du kan lukke denne fanen/);
      assert.match(words, /You can close this tab/);

      // The return is a hint, shown at once; the queue's change makes the signer signed.
      const hinted = await show(created.id);
      assert.ok(hinted.events.some((e) => e.kind === 'signer-returned' && e.data.exit === 'completion'), 'the return is in the job\'s log as soon as the page is shown');
      // Shown until the queue's own change arrives (which may already have happened on a fast sandbox).
      assert.ok(hinted.returnHint?.kind === 'completion' || hinted.signers[0]!.status === 'signed', JSON.stringify(hinted.returnHint));
      // The queue's change makes the signer signed; the next poll clears the hint whichever came first.
      const oneSigned = await waitUntil(async () => {
        const job = await show(created.id);
        return job.signers[0]!.status === 'signed' && job.returnHint === null ? job : undefined;
      }, 'the queue to confirm the first signature and the hint to go');
      assert.equal(oneSigned.signers[1]!.status, 'waiting');
      assert.ok(!oneSigned.events.some((e) => e.kind === 'stale-status-change'), JSON.stringify(oneSigned.events.map((e) => e.kind)));

      // The second signer uses their link on a phone, say: no return reaches this computer's listener.
      const second = await json<LinksJson>('jobs', 'links', created.id, '--signer', '2');
      await signInBrowser(second.links[0]!.url, 'sign');
      const done = await waitUntil(async () => {
        const job = await show(created.id);
        return job.status === 'completed' && job.downloads.length === 3 && job.downloads.every((d) => d.state === 'filed') ? job : undefined;
      }, 'the job to complete and its files to be filed');
      assert.match(done.status, /complet/);
      assert.equal(done.serviceStatus, 'COMPLETED_SUCCESSFULLY');
      assert.ok(done.downloads.every((d) => d.verified === true), JSON.stringify(done.downloads.map((d) => d.verification)));
      assert.deepEqual(done.downloads.map((d) => d.kind).sort(), ['pades', 'xades', 'xades']);
      assert.ok(done.signers.every((s) => s.signUrl === null), 'no address once signed');
    } finally {
      await sync.stop();
    }
    const filed = readdirSync(saveFolder, { recursive: true }).map(String);
    assert.ok(filed.some((file) => file.endsWith('.pdf')), filed.join(', '));
  });

  test('a signer who refuses: the job fails, named; the rejection exit is noted first', async () => {
    const created = await createDirect('Avslag', 'id=kunde-1,name=Ola', 'id=kunde-2');
    const sync = runSync();
    try {
      await waitUntil(async () => (await show(created.id)).status === 'in_progress', 'the job to be sent');
      const links = await json<LinksJson>('jobs', 'links', created.id, '--signer', '1');
      const { exit } = await signInBrowser(links.links[0]!.url, 'reject');
      assert.match(exit, /\/rejection(\?|$)/);
      assert.match(await (await fetch(exit)).text(), /You declined to sign/);
      const failed = await waitUntil(async () => {
        const job = await show(created.id);
        return job.status === 'failed' ? job : undefined;
      }, 'the refusal to arrive');
      assert.equal(failed.signers[0]!.status, 'rejected');
      assert.equal(failed.rejectedBy?.name, 'Ola');
      const human = await cli(['jobs', 'links', created.id]);
      assert.equal(human.code, 1);
      assert.match(human.stderr, /No signer of this job can sign now/);
    } finally {
      await sync.stop();
    }
  });

  test('signed while nothing listens, and a used address: polling still sees it, and a new link works', async () => {
    const created = await createDirect('Uten lytter', 'pin=01010112377');
    assert.equal((await cli(['sync', '--once'])).code, 0);
    const sent = await show(created.id);
    assert.equal(sent.status, 'in_progress');
    // The first address is used once (opened), so it no longer works; `jobs links` asks for a fresh one.
    const first = sent.signers[0]!.signUrl!;
    assert.equal((await fetch(first, { redirect: 'manual' })).status, 303);
    assert.equal((await fetch(first, { redirect: 'manual' })).status, 410, 'a used address is refused by the service');
    const renewed = await json<LinksJson>('jobs', 'links', created.id);
    assert.notEqual(renewed.links[0]!.url, first);
    // Signed in a browser while no `sync` runs: the return reaches nobody.
    const { exit } = await signInBrowser(renewed.links[0]!.url, 'sign');
    await assert.rejects(fetch(exit), 'nothing listens now');
    await control(sandbox, 'POST', '/clock/advance', { seconds: 5 });
    const done = await waitUntil(async () => {
      assert.equal((await cli(['sync', '--once'])).code, 0);
      const job = await show(created.id);
      return job.status === 'completed' ? job : undefined;
    }, 'polling to see the signature', { everyMs: 500 });
    assert.equal(done.signers[0]!.status, 'signed');
    assert.equal(done.returnHint, null);
  });

  test('the return listener trusts nothing: unknown paths, other methods and junk change nothing', async () => {
    const created = await createDirect('Lytter', 'id=a');
    const sync = runSync();
    try {
      await waitUntil(async () => (await show(created.id)).status === 'in_progress', 'the job to be sent');
      const job = await show(created.id);
      const base = await waitUntil(async () => {
        const known = listenerBase();
        return known && (await fetch(`${known}/favicon.ico`).then(() => true, () => false)) ? known : undefined;
      }, 'the listener to answer');
      assert.equal((await fetch(`${base}/r/not-a-real-token-at-all-xxxx/completion`)).status, 404);
      assert.equal((await fetch(`${base}/favicon.ico`)).status, 404);
      assert.equal((await fetch(`${base}/r/x`, { method: 'POST', body: 'x'.repeat(10_000) })).status, 405);
      const junk = await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${base}/junk/${i}?${'q'.repeat(100)}`).then((r) => r.status)));
      assert.ok(junk.every((status) => status === 404));
      assert.equal((await show(job.id)).returnHint, null, 'nothing was noted');
    } finally {
      await sync.stop();
    }
  });
});

/** The listener's address, from the port the app keeps in its database. */
function listenerBase(): string | undefined {
  const { port } = readPort();
  return port ? `http://127.0.0.1:${port}` : undefined;
}

function readPort(): { port?: number } {
  const db = new BetterSqlite3(join(dataDir, 'signing-desk.sqlite'), { readonly: true });
  try {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'returns.port'").get() as { value: string } | undefined;
    return row ? { port: Number(JSON.parse(row.value)) } : {};
  } finally {
    db.close();
  }
}

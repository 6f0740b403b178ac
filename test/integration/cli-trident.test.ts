import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import type { JobJson } from '../../src-main/cli/job-json';
import type { AccountDetail, SyncReport } from '../../src-shared/contract';
import { cliOn } from '../support/cli';
import { tempDir } from '../support/core';
import { samplePdf, startTestSandbox } from '../support/sandbox-account';
import { personAt, sandboxProcesses, validSignatures } from '../support/trident';
import { waitUntil } from '../support/wait';

const dir = tempDir('sd-cli-trident-');
const dataDir = join(dir.path, 'app');
const files = join(dir.path, 'files');
const saveFolder = join(dir.path, 'Signed');
const env: NodeJS.ProcessEnv = {};
const { cli, json } = cliOn(dataDir, env);
let sandbox: RunningSandbox;
let account: AccountDetail;

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  env.SD_TRIDENT_SECRET = sandbox.info.trident.clientSecret;
  mkdirSync(files);
  mkdirSync(saveFolder);
  writeFileSync(join(files, 'avtale.pdf'), await samplePdf('Avtale'));
  writeFileSync(join(files, 'vedlegg.pdf'), await samplePdf('Vedlegg'));
});

after(async () => {
  await sandbox.close();
  dir.remove();
});

const addArgs = (overrides: Record<string, string> = {}) => {
  const options: Record<string, string> = {
    '--name': 'TRIDENT test',
    '--base-url': sandbox.info.trident.baseUrl,
    '--auth-server': sandbox.info.trident.authServer,
    '--client-id': sandbox.info.trident.clientId,
    '--client-secret-env': 'SD_TRIDENT_SECRET',
    '--labels': 'sandbox+server,sandbox+mobile',
    '--ca': sandbox.info.trident.caCertificate,
    '--save-folder': saveFolder,
    ...overrides,
  };
  return ['accounts', 'add', 'trident', ...Object.entries(options).flat()];
};

/** `sync --once` until the job is as wanted: checks are a few seconds apart once a link was handed out. */
async function syncUntil(jobId: string, done: (job: JobJson) => boolean, what: string): Promise<JobJson> {
  return waitUntil(
    async () => {
      const report = await json<SyncReport>('sync', '--once');
      assert.deepEqual(report.errors, []);
      const job = await json<JobJson>('jobs', 'show', jobId);
      return done(job) ? job : undefined;
    },
    what,
    { everyMs: 250, timeoutMs: 60_000 },
  );
}

test('accounts add trident: the secret from an environment variable, never printed; a missing variable is bad usage', async () => {
  const missing = await cli(addArgs({ '--client-secret-env': 'SD_NOT_SET' }));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /The environment variable SD_NOT_SET is not set or empty/);
  const badLabels = await cli(addArgs({ '--labels': 'a+,b' }));
  assert.equal(badLabels.code, 2);
  assert.match(badLabels.stderr, /“a\+,b” has an empty label/);

  const human = await cli(addArgs());
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Labels\s+an identity with sandbox and server, or an identity with sandbox and mobile/);
  assert.match(human.stdout, /Trusted CA\s+the CA file given with the account/);
  assert.ok(!human.stdout.includes(sandbox.info.trident.clientSecret), 'the secret is not printed');
  const accounts = await json<{ id: string; provider: string }[]>('accounts', 'list');
  account = { id: accounts[0].id } as AccountDetail;
  assert.equal(accounts[0].provider, 'trident');
  assert.ok(!readFileSync(join(dataDir, 'signing-desk.sqlite')).includes(Buffer.from(sandbox.info.trident.clientSecret)), 'the secret is not in the database');

  const tested = await cli(['accounts', 'test', account.id]);
  assert.equal(tested.code, 0, tested.stderr);
  assert.match(tested.stdout, /OK: Connected\. TRIDENT issued a token, valid for 120 seconds\./);
});

test('the same story on the command line: two documents, two signers in order, links, sync, filed with both signatures, cleaned up', async () => {
  const created = await json<JobJson>(
    'jobs', 'create', 'trident',
    '--account', account.id,
    '--title', 'Avtale via CLI',
    '--reference', 'CLI-T-1',
    '--document', `${join(files, 'avtale.pdf')}=Avtale`,
    '--document', `${join(files, 'vedlegg.pdf')}=Vedlegg`,
    '--signer', 'name=Kari Nordmann',
    '--signer', 'name=Ola Nordmann',
    '--labels', 'sandbox+server',
  );
  assert.equal(created.flow, 'trident');
  assert.equal(created.status, 'queued');
  assert.deepEqual(created.signers.map((s) => [s.name, s.order]), [['Kari Nordmann', 1], ['Ola Nordmann', 2]]);

  await json<SyncReport>('sync', '--once');
  const sent = await json<JobJson>('jobs', 'show', created.id);
  assert.equal(sent.status, 'in_progress');
  assert.equal(sent.serviceStatus, 'running');

  const links = await json<{ links: { signer: number; url: string }[] }>('jobs', 'links', created.id);
  assert.deepEqual(links.links.map((l) => l.signer), [1], 'only the first signer’s turn');
  const human = await cli(['jobs', 'links', created.id, '--signer', '2']);
  assert.equal(human.code, 1);
  const first = new URL(links.links[0].url).searchParams.get('signerProcessId')!;
  const process = (await sandboxProcesses(sandbox)).find((p) => p.id === first)!;
  assert.deepEqual(process.labels, [['sandbox', 'server']]);
  assert.equal(process.documents.length, 2, 'both documents in one process');

  await personAt(sandbox, first, 'sign', { identity: 'kari-nordmann-server' });
  await syncUntil(created.id, (job) => job.signers[0].status === 'signed' && job.signers[1].signUrl !== null, 'the second signer’s turn');
  const second = await json<{ links: { signer: number; url: string }[] }>('jobs', 'links', created.id);
  assert.deepEqual(second.links.map((l) => l.signer), [2]);
  await personAt(sandbox, new URL(second.links[0].url).searchParams.get('signerProcessId')!, 'sign', { identity: 'ola-nordmann-server' });

  const done = await syncUntil(created.id, (job) => job.status === 'completed' && job.downloads.length === 2 && job.downloads.every((d) => d.state === 'filed'), 'completion');
  assert.equal(done.serviceStatus, 'finished');
  for (const download of done.downloads) {
    assert.ok(download.savedPath!.startsWith(saveFolder));
    const { count, report } = validSignatures(download.savedPath!);
    assert.equal(count, 2, report);
  }
  const shown = await cli(['jobs', 'show', created.id]);
  assert.match(shown.stdout, /Signed PDF/);
  await syncUntil(created.id, (job) => job.events.some((e) => e.kind === 'documents-deleted'), 'clean-up');
  assert.ok(!(await sandboxProcesses(sandbox)).some((p) => p.id === first), 'deleted at TRIDENT');
});

test('a failed process shows TRIDENT’s message on `jobs show`', async () => {
  const created = await json<JobJson>('jobs', 'create', 'trident', '--account', account.id, '--title', 'Fails', '--document', join(files, 'avtale.pdf'));
  assert.deepEqual(created.signers.map((s) => s.name), [null], 'one signer without a name');
  await json<SyncReport>('sync', '--once');
  const { links } = await json<{ links: { url: string }[] }>('jobs', 'links', created.id);
  await personAt(sandbox, new URL(links[0].url).searchParams.get('signerProcessId')!, 'fail', { message: 'The certificate is revoked' });
  await syncUntil(created.id, (job) => job.status === 'failed', 'the failure');
  const shown = await cli(['jobs', 'show', created.id]);
  assert.match(shown.stdout, /TRIDENT ended the signing with an error: “The certificate is revoked”/);
});

test('accounts add demo --service trident: a TRIDENT demo account whose processes sign by themselves', async () => {
  const demoDir = join(dir.path, 'demo');
  const demo = cliOn(demoDir, env);
  const added = await demo.json<AccountDetail & { demo: { baseUrl: string; autosignAfterSeconds: number | null } }>('accounts', 'add', 'demo', '--service', 'trident', '--autosign-after', '0');
  assert.equal(added.service, 'trident');
  assert.equal(added.isDemo, true);
  assert.equal(added.name, 'Demo TRIDENT (local sandbox)');
  assert.equal(added.demo.autosignAfterSeconds, 0);
  const bad = await demo.cli(['accounts', 'add', 'demo', '--service', 'elsewhere']);
  assert.equal(bad.code, 2);
  const created = await demo.json<JobJson>('jobs', 'create', 'trident', '--account', added.id, '--title', 'Demo', '--document', join(files, 'avtale.pdf'));
  await demo.json<SyncReport>('sync', '--once');
  await demo.json('jobs', 'links', created.id);
  const done = await waitUntil(
    async () => {
      await demo.json<SyncReport>('sync', '--once');
      const job = await demo.json<JobJson>('jobs', 'show', created.id);
      return job.status === 'completed' && job.downloads.every((d) => d.state === 'filed') ? job : undefined;
    },
    'the demo signing by itself',
    { everyMs: 250, timeoutMs: 60_000 },
  );
  assert.equal(done.serviceStatus, 'finished');
});

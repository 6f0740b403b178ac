// Rest PKI Core through the command line (issue #11 item 4): `accounts add restpki` with the key
// from the environment, `accounts test`, `jobs create restpki` with three signers in order (and
// without --signer), `sync`, `jobs links`, signing on the sandbox's page, `jobs show`; a wrong key;
// and the demo: `accounts add demo --service restpki`, its sandbox running inside each command.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningRestPkiSandbox } from '../../sandbox/restpki';
import type { JobJson } from '../../src-main/cli/job-json';
import type { AccountDetail } from '../../src-shared/contract';
import { tempDir } from '../support/core';
import { cliOn } from '../support/cli';
import { samplePdf } from '../support/sandbox-account';
import { actOnSigningPage, pdfsigCheck, startRestPkiTestSandbox } from '../support/restpki';
import { waitUntil } from '../support/wait';

const dir = tempDir('sd-cli-restpki-');
const dataDir = join(dir.path, 'app');
const saveFolder = join(dir.path, 'Signed');
const pdf = join(dir.path, 'contrato.pdf');
const env: NodeJS.ProcessEnv = {};
const { cli, json } = cliOn(dataDir, env);
let sandbox: RunningRestPkiSandbox;
let account: AccountDetail;

interface LinksJson {
  links: { signerId: string; signer: number; url: string }[];
}

before(async () => {
  sandbox = await startRestPkiTestSandbox(dir.path);
  env.SD_RESTPKI_KEY = sandbox.info.apiKey;
  env.SD_WRONG_KEY = 'signing-desk|not-the-key';
  mkdirSync(saveFolder);
  writeFileSync(pdf, await samplePdf('Contrato', 2));
});
after(async () => {
  await sandbox.close();
  dir.remove();
});

const show = (id: string) => json<JobJson>('jobs', 'show', id);
const links = (id: string) => json<LinksJson>('jobs', 'links', id);
const syncOnce = async () => {
  const result = await cli(['sync', '--once']);
  assert.equal(result.code, 0, result.stderr);
};

describe('Rest PKI Core on the command line', () => {
  test('accounts add restpki takes the key from the environment, never shows it, and the test says the key was accepted', async () => {
    const missing = await cli(['accounts', 'add', 'restpki', '--name', 'Lacuna', '--endpoint', sandbox.info.endpoint, '--api-key-env', 'SD_NOT_SET']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /SD_NOT_SET named by --api-key-env is not set/);
    const added = await cli(['accounts', 'add', 'restpki', '--name', 'Lacuna', '--endpoint', sandbox.info.endpoint, '--api-key-env', 'SD_RESTPKI_KEY', '--ca', sandbox.info.caCertificate, '--save-folder', saveFolder]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Rest PKI Core/);
    assert.match(added.stdout, new RegExp(sandbox.info.endpoint.replace(/[.]/g, '\\.')));
    assert.match(added.stdout, /kept in the secret store/);
    assert.ok(!added.stdout.includes(sandbox.info.apiKey), 'the key is never printed');
    const [listed] = await json<{ id: string; provider: string }[]>('accounts', 'list');
    assert.equal(listed?.provider, 'restpki');
    account = { id: listed!.id } as AccountDetail;
    const tested = await cli(['accounts', 'test', account.id]);
    assert.equal(tested.code, 0, tested.stderr);
    assert.match(tested.stdout, /Connected: Rest PKI Core accepted the API key\./);
  });

  test('three signers in order, by CPF and by name: links one at a time, each signing what the one before signed; three signatures in the filed PDF', async () => {
    const bad = await cli(['jobs', 'create', 'restpki', '--account', account.id, '--title', 'Contrato', '--document', pdf, '--signer', 'name=Maria,cpf=123.456.789-00']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--signer #1 cpf/);
    assert.match(bad.stderr, /wrong check digit/);

    const created = await json<JobJson>(
      ...['jobs', 'create', 'restpki', '--account', account.id, '--title', 'Contrato', '--reference', 'C-7', '--document', `${pdf}=Contrato de locação`],
      ...['--signer', 'name=Maria da Silva,cpf=123.456.789-09', '--signer', 'name=João,cpf=52998224725', '--signer', 'name=Testemunha', '--disable-downloads'],
    );
    assert.equal(created.flow, 'restpki');
    assert.equal(created.status, 'queued');
    assert.deepEqual(created.signers.map((s) => [s.name, s.cpf]), [['Maria da Silva', '12345678909'], ['João', '52998224725'], ['Testemunha', null]]);

    await syncOnce();
    let job = await show(created.id);
    assert.equal(job.status, 'in_progress');
    assert.equal(job.serviceStatus, 'Pending');
    assert.deepEqual(job.signers.map((s) => s.status), ['waiting', 'not_sent', 'not_sent']);
    const human = await cli(['jobs', 'show', created.id]);
    assert.match(human.stdout, /CPF 123\.456\.789-09/);

    for (const [index, person] of [[0, 'maria'], [1, 'joao'], [2, 'ana']] as const) {
      const { links: open } = await links(created.id);
      assert.deepEqual(open.map((l) => l.signer), [index + 1], 'only the signer whose turn it is');
      await actOnSigningPage(open[0]!.url, 'sign', person);
      await syncOnce();
      job = await show(created.id);
      assert.equal(job.signers[index]!.status, 'signed', JSON.stringify(job.signers));
    }
    assert.equal(job.status, 'completed');
    assert.equal(job.serviceStatus, 'Completed');
    assert.equal(job.downloads[0]?.state, 'filed');
    const shown = await cli(['jobs', 'show', created.id]);
    assert.match(shown.stdout, /signed with the certificate of Maria da Silva/);
    assert.match(shown.stdout, /signed with the certificate of João Pereira Souza/);
    const sig = pdfsigCheck(readFileSync(job.downloads[0]!.savedPath!), readFileSync(sandbox.info.caCertificate, 'utf8'));
    assert.equal(sig.valid, 3, sig.output);
    const none = await cli(['jobs', 'links', created.id]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No signer of this job can sign now/);
  });

  test('without --signer: one signer, whoever opens the link; the return reaches a running `sync`', async () => {
    const created = await json<JobJson>('jobs', 'create', 'restpki', '--account', account.id, '--title', 'Recibo', '--document', pdf, '--background');
    assert.equal(created.signers.length, 1);
    assert.equal(created.signers[0]!.cpf, null);
    const abort = new AbortController();
    const running = cli(['sync', '--interval', '1'], { signal: abort.signal });
    try {
      await waitUntil(async () => (await show(created.id)).status === 'in_progress', 'the session to be made');
      const { links: open } = await links(created.id);
      const back = await actOnSigningPage(open[0]!.url, 'sign', 'joao');
      await waitUntil(() => fetch(back).then((r) => r.status === 200, () => false), 'the return listener to answer');
      const done = await waitUntil(async () => {
        const job = await show(created.id);
        return job.status === 'completed' && job.downloads[0]?.state === 'filed' ? job : undefined;
      }, 'the job to complete and its PDF to be filed');
      assert.equal(done.signers[0]!.status, 'signed');
      assert.ok(done.events.some((e) => e.kind === 'signer-returned'));
    } finally {
      abort.abort();
      assert.equal((await running).code, 0);
    }
  });

  test('a wrong API key: the test says so in words', async () => {
    const added = await json<AccountDetail>('accounts', 'add', 'restpki', '--name', 'Wrong key', '--endpoint', sandbox.info.endpoint, '--api-key-env', 'SD_WRONG_KEY', '--ca', sandbox.info.caCertificate);
    const tested = await cli(['accounts', 'test', added.id]);
    assert.equal(tested.code, 1);
    assert.match(tested.stderr, /Rest PKI Core did not accept the account’s API key/);
  });

  test('accounts add demo --service restpki: a demo account on the sandbox that runs inside each command', async () => {
    const demoDir = join(dir.path, 'demo');
    const demo = cliOn(demoDir, {});
    const added = await demo.cli(['accounts', 'add', 'demo', '--service', 'restpki']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Demo Rest PKI Core \(local sandbox\)/);
    assert.match(added.stdout, /signing page/);
    const accounts = JSON.parse((await demo.cli(['accounts', 'list', '--json'])).stdout) as { id: string; provider: string; isDemo: boolean }[];
    assert.deepEqual(accounts.map((a) => [a.provider, a.isDemo]), [['restpki', true]]);
    const created = await demo.json<JobJson>('jobs', 'create', 'restpki', '--account', accounts[0]!.id, '--title', 'Demo', '--document', pdf);
    const abort = new AbortController();
    const running = demo.cli(['sync', '--interval', '1'], { signal: abort.signal });
    try {
      await waitUntil(async () => (await demo.json<JobJson>('jobs', 'show', created.id)).status === 'in_progress', 'the demo session to be made');
      const { links: open } = await demo.json<LinksJson>('jobs', 'links', created.id);
      await actOnSigningPage(open[0]!.url, 'sign', 'maria');
      await waitUntil(async () => (await demo.json<JobJson>('jobs', 'show', created.id)).status === 'completed', 'the demo job to complete');
    } finally {
      abort.abort();
      assert.equal((await running).code, 0);
    }
    const wrong = await demo.cli(['accounts', 'add', 'demo', '--service', 'fax']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--service posten \(the default\), --service restpki or --service trident, not “fax”/);
  });
});

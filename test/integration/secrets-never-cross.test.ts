// Secrets never cross (issue #13 item 8). A whole story, for every service in the registry, is
// told through the web host's WebSocket as the renderer tells it: the account added with its
// certificate file and passphrase (after a mistyped passphrase and another organisation's number),
// a portal job and a direct job sent, signing links handed out, both signed, synced, filed, saved
// again, the connection tested, the account updated with a renewed certificate, one more job sent
// and cancelled, the account removed. Every answer and event the core's dispatcher gave, every
// frame the web host sent, every log line and notification, and every byte the app wrote (the
// SQLite file and its WAL, the archive, the documents, the save folders) is scanned for every
// secret the story met: private keys, PKCS#12 files, passphrases (and the API keys, client secrets
// and tokens of services that have them). The secret store's file is the one place allowed, and
// the scan is shown to find them there.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCore, type Core } from '../../src-main/core';
import { createFileSecretStore } from '../../src-main/core/host/file-secret-store';
import { createRecordingNotifier, type Logger } from '../../src-main/core/ports';
import { allProviders } from '../../src-main/core/providers/registry';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import type { AddPostenAccountInput, AddRestPkiAccountInput, AddTridentAccountInput, JobDetail, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';
import { createPortClient, type Bridge, type Dispatcher } from '../../src-shared/rpc';
import { tempDir } from '../support/core';
import { control, renewedSenderCertificate, samplePdf, startTestSandbox } from '../support/sandbox-account';
import { base64Secret, findSecrets, privateKeySecret, scanFiles, textSecret, type Secret } from '../support/secret-scan';
import { waitUntil } from '../support/wait';
import { actOnSigningPage, startRestPkiTestSandbox } from '../support/restpki';
import { connectWebSocketPort } from '../support/ws-port';

interface Story {
  dir: string;
  /** Calls the app as the renderer does; fails the test on an error value. */
  ask<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Calls the app where a refusal is expected: the refusal is an answer like any other. */
  attempt<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  /** A secret the story met: every scan looks for it. */
  secret(secret: Secret): void;
  /** Moves the app's clock on. */
  later(ms: number): void;
  /** The secret store as it is now, before the account goes. */
  keepSecretStore(): void;
  onEnd(close: () => Promise<void>): void;
}

/** Each service's story, by the registry's service name. A service without one fails the first test. */
const stories: Record<string, (story: Story) => Promise<void>> = {
  async posten(story) {
    const sandbox = await startTestSandbox(story.dir, { emptyQueueDelaySeconds: 0 });
    story.onEnd(() => sandbox.close());
    const info = sandbox.info;
    const pki = dirname(info.caCertificate);
    const p12 = readFileSync(info.senderCertificate);
    story.secret(textSecret('the PKCS#12 passphrase', info.senderCertificatePassword));
    const certificates = ['sender.cert.pem', 'intermediate.cert.pem', 'root.cert.pem'].map((name) => readFileSync(join(pki, name), 'utf8'));
    story.secret(base64Secret('the PKCS#12 file', p12.toString('base64'), certificates));
    story.secret(privateKeySecret('the private key', readFileSync(join(pki, 'sender.key.pem'), 'utf8'), certificates));
    const mistyped = `not-it-${randomBytes(9).toString('base64url')}`;
    story.secret(textSecret('a mistyped passphrase', mistyped));
    const saveFolder = join(story.dir, 'Signed');
    const againFolder = join(story.dir, 'Again');
    mkdirSync(saveFolder);
    mkdirSync(againFolder);
    const form = {
      name: 'Posten (sandbox)',
      environment: 'custom',
      apiRoot: info.apiRoot,
      organizationNumber: info.senderOrganizationNumber,
      certificate: { fileBase64: p12.toString('base64'), passphrase: info.senderCertificatePassword },
      caCertificatesPem: readFileSync(info.caCertificate, 'utf8'),
      serverOrganizationNumber: info.serverOrganizationNumber,
      saveFolder,
    } satisfies AddPostenAccountInput;

    // The form as a person fills it in: a mistyped passphrase, another organisation's number, then right.
    const mistypedTest = await story.attempt('accounts.testDraft', { ...form, certificate: { ...form.certificate, passphrase: mistyped } });
    assert.ok(!mistypedTest.ok || !mistypedTest.value.ok, 'a mistyped passphrase does not connect');
    assert.equal((await story.attempt('accounts.add', { ...form, certificate: { ...form.certificate, passphrase: mistyped } })).ok, false);
    assert.equal((await story.attempt('accounts.add', { ...form, organizationNumber: '987654321' })).ok, false);
    assert.equal((await story.attempt('accounts.add', { ...form, organizationNumber: 'nine' })).ok, false);
    assert.equal((await story.ask('accounts.testDraft', form)).ok, true);
    const account = await story.ask('accounts.add', form);
    await story.ask('accounts.list', {});
    await story.ask('accounts.get', { id: account.id });

    const stage = async (title: string) => {
      const staged = await story.ask('documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
      return [{ stagedId: staged.id, title }];
    };
    const portal = await story.ask('jobs.create', { flow: 'portal', accountId: account.id, title: 'Leieavtale', documents: await stage('Leieavtale'), signers: [{ email: 'kari@example.no', name: 'Kari Nordmann', step: 1 }] });
    const direct = await story.ask('jobs.create', { flow: 'direct', accountId: account.id, title: 'Samtykke', documents: await stage('Samtykke'), signers: [{ customIdentifier: 'leietaker-1', name: 'Ola Nordmann' }] });
    const syncUntil = (what: string, done: (jobs: JobDetail[]) => boolean, ids: string[]) =>
      waitUntil(
        async () => {
          story.later(60_000); // past any retry's wait
          await story.ask('sync.run', {});
          const jobs = await Promise.all(ids.map((id) => story.ask('jobs.get', { id })));
          return done(jobs) ? jobs : undefined;
        },
        what,
      );
    const [sentPortal] = await syncUntil('both jobs sent', (jobs) => jobs.every((job) => job.status === 'in_progress'), [portal.id, direct.id]);

    // Signing: the direct signer at a link the app hands out, the portal signer where the service notified them.
    const { links } = await story.ask('jobs.signingLinks', { id: direct.id });
    const opened = await fetch(links[0].url, { redirect: 'manual' });
    const session = new URL(opened.headers.get('location') ?? '', links[0].url).href;
    assert.equal((await fetch(`${session}/sign`, { method: 'POST', redirect: 'manual' })).status, 303);
    await control(sandbox, 'POST', `/jobs/${sentPortal.serviceJobId}/signers/0/sign`);
    // A hiccup on the way, as the service has them: the first download fails (and is logged), a later pass files it.
    await control(sandbox, 'POST', '/faults', { match: 'GET /pades$', kind: 'status', status: 503, times: 1 });
    await syncUntil('both jobs signed and filed', (jobs) => jobs.every((job) => job.status === 'completed' && job.downloads.length > 0 && job.downloads.every((d) => d.state === 'filed')), [portal.id, direct.id]);
    await story.ask('jobs.saveAgain', { id: portal.id, folder: againFolder });
    await story.ask('jobs.list', { filter: 'completed' });
    assert.equal((await story.ask('accounts.test', { id: account.id })).ok, true);

    // The certificate is renewed: tried with a mistyped passphrase, tried right, then saved.
    const renewedPassphrase = `fornyet-${randomBytes(12).toString('base64url')}`;
    const renewed = await renewedSenderCertificate(sandbox, renewedPassphrase);
    story.secret(textSecret('the renewed passphrase', renewedPassphrase));
    const renewedCertificates = [renewed.certPem, ...certificates.slice(1)];
    story.secret(base64Secret('the renewed PKCS#12 file', renewed.p12.toString('base64'), renewedCertificates));
    story.secret(privateKeySecret('the renewed private key', renewed.keyPem, renewedCertificates));
    const renewedCertificate = { fileBase64: renewed.p12.toString('base64'), passphrase: renewedPassphrase };
    const mistypedRenewal = await story.attempt('accounts.testUpdate', { id: account.id, certificate: { ...renewedCertificate, passphrase: mistyped } });
    assert.ok(!mistypedRenewal.ok || !mistypedRenewal.value.ok);
    assert.equal((await story.ask('accounts.testUpdate', { id: account.id, certificate: renewedCertificate })).ok, true);
    await story.ask('accounts.update', { id: account.id, certificate: renewedCertificate });
    assert.equal((await story.ask('accounts.test', { id: account.id })).ok, true);

    // One more job, sent with the renewed certificate, then cancelled; then the account goes.
    const third = await story.ask('jobs.create', { flow: 'portal', accountId: account.id, title: 'Tillegg', documents: await stage('Tillegg'), signers: [{ email: 'kari@example.no', step: 1 }] });
    await syncUntil('the third job sent', (jobs) => jobs[0].status === 'in_progress', [third.id]);
    await story.ask('jobs.cancel', { id: third.id });
    await syncUntil('the third job cancelled', (jobs) => jobs[0].status === 'cancelled', [third.id]);
    story.keepSecretStore();
    await story.ask('accounts.removalImpact', { id: account.id });
    await story.ask('accounts.remove', { id: account.id });
    await story.ask('accounts.list', {});
  },

  async restpki(story) {
    const sandbox = await startRestPkiTestSandbox(join(story.dir, 'restpki-service'));
    story.onEnd(() => sandbox.close());
    const info = sandbox.info;
    story.secret(textSecret('the API key', info.apiKey));
    const mistyped = `app|not-it-${randomBytes(9).toString('base64url')}`;
    story.secret(textSecret('a mistyped API key', mistyped));
    const saveFolder = join(story.dir, 'Signed-restpki');
    mkdirSync(saveFolder);
    const form = { service: 'restpki', name: 'Rest PKI Core (sandbox)', endpoint: info.endpoint, apiKey: info.apiKey, caCertificatesPem: readFileSync(info.caCertificate, 'utf8'), saveFolder } satisfies AddRestPkiAccountInput;
    const wrong = await story.attempt('accounts.testDraft', { ...form, apiKey: mistyped });
    assert.ok(!wrong.ok || !wrong.value.ok, 'a mistyped API key is refused');
    assert.equal((await story.ask('accounts.testDraft', form)).ok, true);
    const account = await story.ask('accounts.add', form);
    await story.ask('accounts.get', { id: account.id });
    const staged = await story.ask('documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf('Avtale')).toString('base64') });
    const job = await story.ask('jobs.create', { flow: 'restpki', accountId: account.id, title: 'Avtale', documents: [{ stagedId: staged.id, title: 'Avtale' }], signers: [{ name: 'Maria' }] });
    const syncUntil = (what: string, done: (job: JobDetail) => boolean) =>
      waitUntil(async () => {
        story.later(60_000);
        await story.ask('sync.run', {});
        const now = await story.ask('jobs.get', { id: job.id });
        return done(now) ? now : undefined;
      }, what);
    await syncUntil('the session made', (now) => now.status === 'in_progress');
    const { links } = await story.ask('jobs.signingLinks', { id: job.id });
    await actOnSigningPage(links[0].url, 'sign', 'maria');
    await syncUntil('the job signed and filed', (now) => now.status === 'completed' && now.downloads.length > 0 && now.downloads.every((d) => d.state === 'filed'));
    story.keepSecretStore();
    await story.ask('accounts.remove', { id: account.id });
  },

  async trident(story) {
    // A service of its own, beside the Posten story's (which keeps running until the end).
    const sandbox = await startTestSandbox(join(story.dir, 'trident-service'), { emptyQueueDelaySeconds: 0 });
    story.onEnd(() => sandbox.close());
    const info = sandbox.info.trident;
    story.secret(textSecret('the client secret', info.clientSecret));
    const mistyped = `not-it-${randomBytes(9).toString('base64url')}`;
    story.secret(textSecret('a mistyped client secret', mistyped));
    const saveFolder = join(story.dir, 'Signed-trident');
    mkdirSync(saveFolder);
    const form = {
      service: 'trident',
      name: 'TRIDENT (sandbox)',
      baseUrl: info.baseUrl,
      authorizationServer: info.authServer,
      clientId: info.clientId,
      clientSecret: info.clientSecret,
      caCertificatesPem: readFileSync(info.caCertificate, 'utf8'),
      labels: info.labels,
      saveFolder,
    } satisfies AddTridentAccountInput;
    const wrong = await story.attempt('accounts.testDraft', { ...form, clientSecret: mistyped });
    assert.ok(!wrong.ok || !wrong.value.ok, 'a mistyped client secret gets no token');
    assert.equal((await story.ask('accounts.testDraft', form)).ok, true);
    const account = await story.ask('accounts.add', form);
    await story.ask('accounts.get', { id: account.id });
    assert.equal((await story.ask('accounts.test', { id: account.id })).ok, true);
    const staged = await story.ask('documents.stage', { fileName: 'avtale.pdf', contentBase64: (await samplePdf('Avtale')).toString('base64') });
    const job = await story.ask('jobs.create', { flow: 'trident', accountId: account.id, title: 'Avtale', documents: [{ stagedId: staged.id, title: 'Avtale' }], signers: [{ name: 'Kari Nordmann' }] });
    const syncUntil = (what: string, done: (job: JobDetail) => boolean) =>
      waitUntil(async () => {
        story.later(60_000);
        await story.ask('sync.run', {});
        const now = await story.ask('jobs.get', { id: job.id });
        return done(now) ? now : undefined;
      }, what);
    await syncUntil('the job sent', (now) => now.status === 'in_progress');
    const { links } = await story.ask('jobs.signingLinks', { id: job.id });
    const processId = new URL(links[0].url).searchParams.get('signerProcessId');
    await control(sandbox, 'POST', `/trident/processes/${processId}/sign`, {});
    // Tokens expire at the service meanwhile: the app gets a new one with its secret.
    await control(sandbox, 'POST', '/trident/tokens/expire', {});
    await syncUntil('the job signed and filed', (now) => now.status === 'completed' && now.downloads.length > 0 && now.downloads.every((d) => d.state === 'filed'));
    story.keepSecretStore();
    await story.ask('accounts.remove', { id: account.id });
  },
};

const dir = tempDir('sd-secrets-');
const dataDir = join(dir.path, 'app');
const secretStorePath = join(dataDir, 'secrets.insecure.json');
const secrets: Secret[] = [];
/** What the core's dispatcher answered, method by method. */
const answers: { method: string; result: unknown }[] = [];
const events: { event: string; payload: unknown }[] = [];
/** Every frame the web host sent over the WebSocket (answers and events). */
const frames: string[] = [];
const logLines: string[] = [];
const told: string[] = [];
let secretStoreBeforeRemoval: Buffer | undefined;
let clockOffsetMs = 0;
const ends: (() => Promise<void>)[] = [];
let core: Core;
let server: WebServer;
let notifier: ReturnType<typeof createRecordingNotifier>;

before(async () => {
  const record = (level: string) => (message: string, data?: Record<string, unknown>) => void logLines.push(`[${level}] ${message} ${data ? JSON.stringify(data) : ''}`);
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  notifier = createRecordingNotifier();
  core = createCore(
    { secrets: createFileSecretStore(secretStorePath), notifier, saveTarget: { defaultFolder: () => join(dataDir, 'saved') }, clock: { now: () => new Date(Date.now() + clockOffsetMs) }, logger },
    { dataDir, host: 'web', version: '0.0.0-test', osLanguage: 'nb-NO' },
  );
  core.subscribe((event, payload) => events.push({ event, payload }));
  const recording: Dispatcher = {
    async dispatch(method, input) {
      const result = await core.dispatch(method, input);
      answers.push({ method, result });
      return result;
    },
    subscribe: (listener) => core.subscribe(listener),
  };
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Signing Desk</title>');
  server = await startWebServer({ dispatcher: recording, rendererDir });
  const port = await connectWebSocketPort(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`, server.origin);
  ends.push(async () => port.close());
  port.onMessage((message) => void frames.push(JSON.stringify(message)));
  const bridge: Bridge = createPortClient(port);

  const story: Story = {
    dir: dir.path,
    async ask(method, input) {
      const result = await bridge.call(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    attempt: (method, input) => bridge.call(method, input),
    secret: (secret) => void secrets.push(secret),
    later: (ms) => void (clockOffsetMs += ms),
    // Each service's story keeps the store as it was before its account went.
    keepSecretStore: () => void (secretStoreBeforeRemoval = Buffer.concat([secretStoreBeforeRemoval ?? Buffer.alloc(0), readFileSync(secretStorePath)])),
    onEnd: (close) => void ends.push(close),
  };
  for (const provider of allProviders()) await stories[provider.service]?.(story);
  told.push(...notifier.sent.map((n) => JSON.stringify(n)));
});

after(async () => {
  for (const end of ends.reverse()) await end();
  await server?.close();
  await core?.close();
  dir.remove();
});

describe('secrets never cross', () => {
  test('every service in the registry told its story', (t) => {
    assert.deepEqual(
      allProviders().map((p) => p.service).filter((service) => !stories[service]),
      [],
      'a service without a story in test/integration/secrets-never-cross.test.ts',
    );
    const figures = `${secrets.length} secrets (${secrets.reduce((n, s) => n + s.forms.length, 0)} forms), ${answers.length} answers, ${events.length} events, ${frames.length} frames, ${logLines.length} log lines`;
    t.diagnostic(figures);
    assert.ok(secrets.length >= 6 && answers.length > 30 && frames.length >= answers.length && events.length > 0, figures);
  });

  test('the scan finds a secret where one is: the secret store held the renewed key until the account was removed, and holds nothing of it after', () => {
    assert.ok(secretStoreBeforeRemoval);
    assert.deepEqual(
      findSecrets(secretStoreBeforeRemoval, secrets).map((found) => found.replace(/ \(.*/, '')).sort(),
      ['the API key', 'the client secret', 'the renewed private key'],
      'the store keeps the key it needs, not the file, not the passphrase, not the key it replaced',
    );
    assert.deepEqual(findSecrets(readFileSync(secretStorePath), secrets), []);
  });

  test('no secret in any answer of the core\'s dispatcher', () => {
    assert.deepEqual(
      answers.flatMap(({ method, result }) => findSecrets(JSON.stringify(result), secrets).map((found) => `${method}: ${found}`)),
      [],
    );
  });

  test('no secret in any event', () => {
    assert.deepEqual(
      events.flatMap(({ event, payload }) => findSecrets(JSON.stringify(payload), secrets).map((found) => `${event}: ${found}`)),
      [],
    );
  });

  test('no secret in what the web host sent over its WebSocket', () => {
    assert.deepEqual(frames.flatMap((frame) => findSecrets(frame, secrets)), []);
  });

  test('no secret in the log or in a notification', () => {
    assert.ok(logLines.length > 0, 'the story logged something to scan');
    assert.deepEqual(findSecrets([...logLines, ...told].join('\n'), secrets), []);
  });

  test('no secret in any file the app wrote (the SQLite file and its WAL, the archive, the documents) or filed; only in the secret store', () => {
    assert.deepEqual(scanFiles([dataDir, join(dir.path, 'Signed'), join(dir.path, 'Again')], secrets, { except: [secretStorePath] }), []);
  });
});

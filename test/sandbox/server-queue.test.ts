import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SandboxClock } from '../../sandbox/core/clock';
import { SandboxStore } from '../../sandbox/core/store';
import { TestSandbox, portalManifestXml, portalRequestXml, samplePdf, validXml, xmlValue } from './server-helpers';

let sb: TestSandbox;
let pdf: Buffer;
const POLL = 'x-next-permitted-poll-time';

before(async () => {
  sb = await TestSandbox.start({ emptyQueueDelaySeconds: 10, redeliverySeconds: 600 });
  pdf = await samplePdf();
});
after(async () => sb.dispose());

async function createAndSign(queue?: string): Promise<string> {
  const res = await sb.create('portal', portalRequestXml({ queue }), await sb.bundle(portalManifestXml(sb.org), [{ fileName: 'document.pdf', bytes: pdf }]));
  const id = xmlValue(await validXml(res), 'signature-job-id')!;
  assert.equal((await sb.control('POST', `/jobs/${id}/signers/0/sign`)).status, 200);
  return id;
}

const poll = (query = '') => sb.api('GET', `/${sb.org}/portal/signature-jobs${query}`);
const skipPollWait = () => sb.control('POST', '/clock/advance', { seconds: 11 });
const clockNow = async () => Date.parse((await sb.control<{ now: string }>('GET', '/clock')).json.now);

test('empty queue: 204 with the next poll time; polling early: 429 with the header', async () => {
  const before = await clockNow();
  const empty = await poll();
  assert.equal(empty.status, 204);
  assert.equal(empty.body.length, 0);
  const next = Date.parse(empty.headers[POLL]);
  assert.ok(next >= before + 9_000 && next <= before + 12_000, empty.headers[POLL]);
  const early = await poll();
  assert.equal(early.status, 429);
  assert.equal(early.headers[POLL], empty.headers[POLL]);
  assert.equal(early.headers.dosfilter, undefined);
  await skipPollWait();
});

test('hide on fetch, re-delivery after the timeout, confirm removes; absent, bare and empty polling_queue are one queue', async () => {
  const id = await createAndSign();
  const first = await poll('?polling_queue');
  assert.equal(first.status, 200);
  const xml = await validXml(first);
  assert.equal(xmlValue(xml, 'signature-job-id'), id);
  assert.equal(xmlValue(xml, 'status'), 'COMPLETED_SUCCESSFULLY');
  assert.ok(Math.abs(Date.parse(first.headers[POLL]) - (await clockNow())) < 5_000, 'after a 200 the next poll is permitted now');

  const hidden = await poll('?polling_queue=');
  assert.equal(hidden.status, 204, 'a fetched change is hidden');
  await skipPollWait();

  await sb.control('POST', '/clock/advance', { seconds: 600 });
  const again = await poll();
  assert.equal(again.status, 200, 'unconfirmed change comes back after the re-delivery time');
  assert.equal(xmlValue(await validXml(again), 'signature-job-id'), id);

  const confirm = await sb.api('POST', xmlValue(again.text, 'confirmation-url')!);
  assert.equal(confirm.status, 200);
  await sb.control('POST', '/clock/advance', { seconds: 700 });
  const gone = await poll();
  assert.equal(gone.status, 204, 'confirmed change never comes back');
  await skipPollWait();
});

test('named queues are isolated from each other and from the default queue', async () => {
  const a = await createAndSign('queue-a');
  const b = await createAndSign('queue-b');
  const defaultQueue = await poll();
  assert.equal(defaultQueue.status, 204);
  const fromA = await poll('?polling_queue=queue-a');
  assert.equal(xmlValue(await validXml(fromA), 'signature-job-id'), a);
  const fromB = await poll('?polling_queue=queue-b');
  assert.equal(xmlValue(await validXml(fromB), 'signature-job-id'), b);
  const direct = await sb.api('GET', `/${sb.org}/direct/signature-jobs?polling_queue=queue-a`);
  assert.equal(direct.status, 204);
  assert.ok(direct.headers[POLL]);
  await skipPollWait();
});

test('every status change is its own delivery (IN_PROGRESS, then COMPLETED)', async () => {
  const res = await sb.create('portal', portalRequestXml({ queue: 'two' }), await sb.bundle(portalManifestXml(sb.org, { signers: ['12345678910', '10987654321'] }), [{ fileName: 'document.pdf', bytes: pdf }]));
  const id = xmlValue(await validXml(res), 'signature-job-id')!;
  await sb.control('POST', `/jobs/${id}/signers/0/sign`);
  await sb.control('POST', `/jobs/${id}/signers/1/sign`);
  const one = await validXml(await poll('?polling_queue=two'));
  const two = await validXml(await poll('?polling_queue=two'));
  assert.equal(xmlValue(one, 'status'), 'IN_PROGRESS');
  assert.ok(xmlValue(one, 'pades-url'), 'pades-url once somebody has signed');
  assert.equal(xmlValue(two, 'status'), 'COMPLETED_SUCCESSFULLY');
  assert.ok(xmlValue(two, 'delete-documents-url'));
  assert.equal(xmlValue(two, 'cancellation-url'), undefined);
});

test('a status change names contact-addressed signers exactly as the manifest did: nothing trimmed, added or lower-cased', async () => {
  const signer = (notifications: string) => `<signer><identified-by-contact-information/><notifications>${notifications}</notifications></signer>`;
  const manifest = portalManifestXml(sb.org).replace(
    /<signers>.*<\/signers>/,
    `<signers>${signer('<sms number="98765432"/>')}${signer('<email address="Kari@Example.no"/><sms number=" 987 65 432 "/>')}${signer('<sms number="+46701234567"/>')}</signers>`,
  );
  const res = await sb.create('portal', portalRequestXml({ queue: 'identifiers' }), await sb.bundle(manifest, [{ fileName: 'document.pdf', bytes: pdf }]));
  const id = xmlValue(await validXml(res), 'signature-job-id')!;
  await sb.control('POST', `/jobs/${id}/signers/1/sign`);
  const change = await validXml(await poll('?polling_queue=identifiers'));
  const identifiers = [...change.matchAll(/<identifier>(.*?)<\/identifier>/g)].map((m) => m[1]);
  assert.deepEqual(identifiers, ['<sms number="98765432"/>', '<email address="Kari@Example.no"/><sms number=" 987 65 432 "/>', '<sms number="+46701234567"/>']);
});

test('rate limit: more than N requests per second -> 429 DoSFilter without poll time, blocked 30 s', async () => {
  const limited = await TestSandbox.start({ rateLimitPerSecond: 3 });
  try {
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await limited.api('GET', `/${limited.org}`));
    const blocked = replies.filter((r) => r.status === 429);
    assert.ok(blocked.length >= 1, replies.map((r) => r.status).join());
    assert.ok(blocked[0].headers.dosfilter);
    assert.equal(blocked[0].headers[POLL], undefined);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await limited.api('GET', `/${limited.org}`)).status, 429, 'still blocked within 30 s');
    await limited.control('POST', '/clock/advance', { seconds: 31 });
    assert.equal((await limited.api('GET', `/${limited.org}`)).status, 200);
  } finally {
    await limited.dispose();
  }
});

test('autosign catches up after a restart: a step that started longer ago than the delay is signed by the first poll', async () => {
  const own = await TestSandbox.start({ emptyQueueDelaySeconds: 10 });
  try {
    await own.control('POST', '/autosign', { afterSeconds: 30 });
    const res = await own.create('portal', portalRequestXml(), await own.bundle(portalManifestXml(own.org), [{ fileName: 'document.pdf', bytes: pdf }]));
    const id = xmlValue(await validXml(res), 'signature-job-id')!;
    await own.close();
    // 31 s pass while no sandbox runs (the demo's case between two CLI commands): its clock, kept
    // in its data folder, moves on with no timer of its own running.
    const store = new SandboxStore(own.dir);
    new SandboxClock(store).advance(31);
    store.close();

    const restarted = await TestSandbox.start({ emptyQueueDelaySeconds: 10 }, own.dir);
    try {
      const first = await restarted.api('GET', `/${restarted.org}/portal/signature-jobs`);
      assert.equal(first.status, 200, 'the first poll after the restart already has the signature');
      const xml = await validXml(first);
      assert.equal(xmlValue(xml, 'signature-job-id'), id);
      assert.equal(xmlValue(xml, 'status'), 'COMPLETED_SUCCESSFULLY');
    } finally {
      await restarted.dispose();
    }
  } finally {
    await own.close().catch(() => undefined);
  }
});

test('answers are dated by the sandbox clock, as the next permitted poll time is', async () => {
  await sb.control('POST', '/clock/advance', { seconds: 86_400 });
  try {
    const empty = await sb.api('GET', `/${sb.org}/portal/signature-jobs?polling_queue=dated-by-the-sandbox`);
    assert.equal(empty.status, 204);
    const dated = Date.parse(empty.headers.date);
    const permitted = Date.parse(empty.headers[POLL]);
    // Both on the sandbox's clock, a day ahead: a client measures the wait as their difference.
    assert.ok(dated - Date.now() > 86_000_000, `Date ${empty.headers.date} is not a day ahead`);
    assert.ok(permitted - dated >= 9_000 && permitted - dated <= 11_000, `${empty.headers[POLL]} - ${empty.headers.date}`);
  } finally {
    await sb.control('POST', '/clock/advance', { seconds: -86_400 });
  }
});

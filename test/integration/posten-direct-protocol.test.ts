// Posten's direct flow at the protocol level (issue #10 item 7): the app's writers, client and readers
// against the sandbox over mutual TLS. Signers act on the sandbox's signer pages, as a browser would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox, SandboxInfo } from '../../sandbox';
import { loadPkcs12 } from '../../src-main/core/credentials/pkcs12';
import { createDocumentBundle } from '../../src-main/core/providers/posten/bundle';
import { PostenClient, type PostenConnection } from '../../src-main/core/providers/posten/client';
import { PostenError } from '../../src-main/core/providers/posten/errors';
import type { DirectJobSpec, DirectSignerSpec } from '../../src-main/core/providers/posten/model';
import type { DirectCreateResponse, DirectSigner, DirectStatusChange } from '../../src-main/core/providers/posten/xml/responses';
import { writeDirectJobRequest, writeDirectManifest, writeDirectSignerUpdateRequest } from '../../src-main/core/providers/posten/xml/write';
import { verifyPades } from '../../src-main/core/verification/pades';
import { verifyXades } from '../../src-main/core/verification/xades';
import { tempDir } from '../support/core';
import { schemaErrors } from '../support/posten-xsd';
import { control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const QUEUE = 'signing-desk-direct-test';
const PIN = '01010112377';
const CUSTOM = 'Kari Nordmann kundenr: 1337';
const EXIT = {
  completion: 'http://127.0.0.1:9/return/job-a/completion',
  rejection: 'http://127.0.0.1:9/return/job-a/rejection',
  error: 'http://127.0.0.1:9/return/job-a/error',
};

const dir = tempDir('sd-direct-');
let sandbox: RunningSandbox;
let connection: PostenConnection;
let client: PostenClient;

const pemBlocks = (file: string): string[] => readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

/** What an account made from sandbox.json holds: its sender certificate, its CA, the server's organisation. */
function connectionFor(info: SandboxInfo): PostenConnection {
  const key = loadPkcs12(readFileSync(info.senderCertificate), info.senderCertificatePassword);
  return {
    apiRoot: info.apiRoot,
    organizationNumber: info.senderOrganizationNumber,
    privateKeyPem: key.privateKeyPem,
    certificateChainPems: key.certificateChainPems,
    trustedCaPems: pemBlocks(info.caCertificate),
    serverOrganizationNumber: info.serverOrganizationNumber,
  };
}

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  connection = connectionFor(sandbox.info);
  client = new PostenClient(connection);
});
after(async () => {
  await client.close();
  await sandbox.close();
  dir.remove();
});

interface CreatedJob {
  spec: DirectJobSpec;
  documents: { fileName: string; bytes: Buffer }[];
  created: DirectCreateResponse;
}

/** Writes the request and manifest (each checked by xmllint against direct.xsd), signs the bundle and posts it (E2). */
async function createDirectJob(reference: string, signers: DirectSignerSpec[], documentCount = 1): Promise<CreatedJob> {
  const documents = await Promise.all(
    Array.from({ length: documentCount }, async (_, i) => ({ fileName: `000${i}_document.pdf`, bytes: await samplePdf(`${reference} document ${i + 1}`) })),
  );
  const spec: DirectJobSpec = {
    organizationNumber: sandbox.info.senderOrganizationNumber,
    reference,
    pollingQueue: QUEUE,
    title: `Direct job ${reference}`,
    description: 'Les gjennom og signer.',
    documents: documents.map((d, i) => ({ title: `Dokument ${i + 1}`, fileName: d.fileName, mimeType: 'application/pdf' })),
    signers,
    requiredAuthentication: 4,
    identifierInSignedDocuments: 'DATE_OF_BIRTH_AND_NAME',
    exitUrls: EXIT,
  };
  const requestXml = writeDirectJobRequest(spec);
  const manifestXml = writeDirectManifest(spec);
  assert.equal(schemaErrors(requestXml), '', 'the request is what direct.xsd allows');
  assert.equal(schemaErrors(manifestXml), '', 'the manifest is what direct.xsd allows');
  const bundle = await createDocumentBundle({ documents: documents.map((d) => ({ ...d, mimeType: 'application/pdf' })), manifestXml, key: connection, signingTime: new Date() });
  return { spec, documents, created: await client.createDirectJob(requestXml, bundle) };
}

const signerNamed = (created: DirectCreateResponse, identifier: string): DirectSigner => {
  const signer = created.signers.find((s) => s.identifier === identifier);
  assert.ok(signer, `the create answer names ${identifier}`);
  return signer;
};

/** Opens a one-time redirect URL as the signer's browser does: the sandbox swaps it for a session page. */
async function openRedirect(redirectUrl: string): Promise<string> {
  const response = await fetch(redirectUrl, { redirect: 'manual' });
  assert.equal(response.status, 303, `the redirect URL leads on (got ${response.status})`);
  return new URL(response.headers.get('location') ?? '', redirectUrl).href;
}

/** Presses Sign or Reject on the session page; returns where the browser is sent next (an exit URL). */
async function press(sessionUrl: string, action: 'sign' | 'reject'): Promise<string> {
  const response = await fetch(`${sessionUrl}/${action}`, { method: 'POST', redirect: 'manual' });
  assert.equal(response.status, 303);
  return response.headers.get('location') ?? '';
}

/** E4 until a change arrives, never before the time the service permits. */
async function nextChange(): Promise<DirectStatusChange> {
  let nextPollAt = new Date();
  for (let attempt = 0; attempt < 20; attempt++) {
    const waitMs = nextPollAt.getTime() - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const result = await client.pollDirect(QUEUE);
    if (result.kind === 'change') return result.change;
    nextPollAt = result.nextPollAt;
  }
  throw new Error('no change arrived on the direct queue');
}

async function downloadBytes(url: string): Promise<Buffer> {
  return client.download(url, async (chunks) => {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts);
  });
}

const statusOf = (change: DirectStatusChange, identifier: string) => change.signers.find((s) => s.identifier === identifier);

test('two signers, one by PIN and one by custom identifier: sign, poll, confirm, a used link renewed (E6), completion, PAdES and XAdES', async () => {
  const { created, documents } = await createDirectJob('direct-e2e', [
    { nationalIdentityNumber: PIN, signatureType: 'ADVANCED_ELECTRONIC_SIGNATURE' },
    { customIdentifier: CUSTOM, onBehalfOf: 'SELF' },
  ], 2);
  assert.equal(created.reference, 'direct-e2e');
  assert.equal(created.statusUrl, undefined, 'a POLLING job has no status URL');
  const byPin = signerNamed(created, PIN);
  const byCustom = signerNamed(created, CUSTOM);
  assert.equal(byPin.identifierKind, 'nationalIdentityNumber');
  assert.equal(byCustom.identifierKind, 'customIdentifier');
  assert.ok(byPin.signerUrl.startsWith(`${sandbox.info.apiRoot}/`) && byPin.signerUrl !== byCustom.signerUrl);

  // The PIN signer signs on the page their redirect URL leads to, and comes back to the completion URL.
  const back = await press(await openRedirect(byPin.redirectUrl), 'sign');
  assert.ok(back.startsWith(`${EXIT.completion}?status_query_token=`), back);

  const partly = await nextChange();
  assert.equal(partly.signatureJobId, created.signatureJobId);
  assert.equal(partly.reference, 'direct-e2e');
  assert.equal(partly.status, 'IN_PROGRESS');
  assert.equal(statusOf(partly, PIN)?.status, 'SIGNED');
  assert.ok(statusOf(partly, PIN)?.xadesUrl);
  assert.ok(statusOf(partly, PIN)?.since);
  assert.equal(statusOf(partly, CUSTOM)?.status, 'WAITING');
  assert.equal(statusOf(partly, CUSTOM)?.xadesUrl, undefined);
  assert.ok(partly.padesUrl && partly.confirmationUrl);
  await client.confirm(partly.confirmationUrl);

  // The other signer's first link was opened once (say on a phone, then closed): it works only once.
  await openRedirect(byCustom.redirectUrl);
  assert.equal((await fetch(byCustom.redirectUrl, { redirect: 'manual' })).status, 410, 'a used redirect URL is refused');
  assert.equal(schemaErrors(writeDirectSignerUpdateRequest()), '', 'the E6 body is what direct.xsd allows');
  const renewed = await client.newRedirectUrl(byCustom.signerUrl);
  assert.equal(renewed.identifier, CUSTOM);
  assert.equal(renewed.identifierKind, 'customIdentifier');
  assert.equal(renewed.signerUrl, byCustom.signerUrl);
  assert.notEqual(renewed.redirectUrl, byCustom.redirectUrl);
  assert.ok((await press(await openRedirect(renewed.redirectUrl), 'sign')).startsWith(`${EXIT.completion}?`));

  const done = await nextChange();
  assert.equal(done.signatureJobId, created.signatureJobId);
  assert.equal(done.status, 'COMPLETED_SUCCESSFULLY');
  assert.deepEqual(done.signers.map((s) => s.status), ['SIGNED', 'SIGNED']);
  const xadesUrls = [PIN, CUSTOM].map((id) => statusOf(done, id)?.xadesUrl ?? '');
  assert.ok(xadesUrls.every(Boolean) && xadesUrls[0] !== xadesUrls[1], 'each signer has their own XAdES');
  assert.ok(done.padesUrl && done.confirmationUrl && done.deleteDocumentsUrl);

  const pades = await verifyPades(await downloadBytes(done.padesUrl), { trustedCaPems: connection.trustedCaPems });
  assert.ok(pades.ok, pades.summary);
  assert.equal(pades.signatures.length, 2);
  for (const url of xadesUrls) {
    const xades = await verifyXades((await downloadBytes(url)).toString('utf8'), { documents, trustedCaPems: connection.trustedCaPems });
    assert.ok(xades.ok, xades.summary);
  }
  await client.confirm(done.confirmationUrl);

  // A signer who has signed gets no new link.
  await assert.rejects(client.newRedirectUrl(byCustom.signerUrl), (error) => error instanceof PostenError && error.kind === 'rejected' && error.details.status === 409);

  // Deleting the documents: refused until the service allows it (24 h after completion), then done.
  await assert.rejects(client.deleteDocuments(done.deleteDocumentsUrl), (error) => error instanceof PostenError && error.details.code === 'DOCUMENTS_NOT_DELETABLE');
  await control(sandbox, 'POST', '/clock/advance', { seconds: 25 * 3600 });
  await client.deleteDocuments(done.deleteDocumentsUrl);
  await assert.rejects(downloadBytes(done.padesUrl), (error) => error instanceof PostenError && error.details.code === 'DOCUMENTS_DELETED');
});

test('a rejection ends the job FAILED; a signer whose page is open meanwhile is sent to the error URL', async () => {
  const { created } = await createDirectJob('direct-reject', [{ customIdentifier: 'signer-a' }, { customIdentifier: 'signer-b' }]);
  const sessionOfB = await openRedirect(signerNamed(created, 'signer-b').redirectUrl);
  const back = await press(await openRedirect(signerNamed(created, 'signer-a').redirectUrl), 'reject');
  assert.ok(back.startsWith(`${EXIT.rejection}?status_query_token=`), back);

  const failed = await nextChange();
  assert.equal(failed.signatureJobId, created.signatureJobId);
  assert.equal(failed.status, 'FAILED');
  assert.equal(statusOf(failed, 'signer-a')?.status, 'REJECTED');
  assert.equal(statusOf(failed, 'signer-b')?.status, 'NOT_APPLICABLE');
  assert.equal(failed.padesUrl, undefined);
  assert.ok(failed.confirmationUrl);
  await client.confirm(failed.confirmationUrl);

  // B reloads the page that was open when A rejected: the job ended under them.
  const reload = await fetch(sessionOfB, { redirect: 'manual' });
  assert.equal(reload.status, 303);
  assert.ok((reload.headers.get('location') ?? '').startsWith(`${EXIT.error}?status_query_token=`));
  await assert.rejects(client.newRedirectUrl(signerNamed(created, 'signer-b').signerUrl), (error) => error instanceof PostenError && error.details.status === 409);
});

test('a job that runs out of time: EXPIRED signers on the queue, and no new link for them', async () => {
  const { created } = await createDirectJob('direct-expire', [{ nationalIdentityNumber: PIN }]);
  await control(sandbox, 'POST', `/jobs/${created.signatureJobId}/expire`);
  const expired = await nextChange();
  assert.equal(expired.signatureJobId, created.signatureJobId);
  assert.equal(expired.status, 'FAILED');
  assert.deepEqual(expired.signers.map((s) => [s.identifier, s.status]), [[PIN, 'EXPIRED']]);
  await client.confirm(expired.confirmationUrl ?? '');
  await assert.rejects(client.newRedirectUrl(created.signers[0].signerUrl), (error) => error instanceof PostenError && error.details.status === 409);
});

test('the direct queue keeps the portal queue\'s rules: 204 names the next permitted poll, polling earlier is 429', async () => {
  const slow = await startTestSandbox(join(dir.path, 'slow'), { emptyQueueDelaySeconds: 60 });
  const slowClient = new PostenClient(connectionFor(slow.info));
  try {
    const empty = await slowClient.pollDirect(QUEUE);
    assert.equal(empty.kind, 'empty');
    const waitSeconds = (empty.nextPollAt.getTime() - Date.now()) / 1000;
    assert.ok(waitSeconds > 50 && waitSeconds <= 61, `next poll in ${waitSeconds} s`);
    await assert.rejects(slowClient.pollDirect(QUEUE), (error) => {
      assert.ok(error instanceof PostenError && error.kind === 'rateLimited', String(error));
      const retryInSeconds = (error.details.retryAt!.getTime() - Date.now()) / 1000;
      assert.ok(retryInSeconds > 50, `retry in ${retryInSeconds} s`);
      return true;
    });
    // The portal queue of the same name is another queue, with its own permitted time.
    assert.equal((await slowClient.pollPortal(QUEUE)).kind, 'empty');
  } finally {
    await slowClient.close();
    await slow.close();
  }
});

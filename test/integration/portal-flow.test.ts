import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import type { AccountDetail, JobDetail } from '../../src-shared/contract';
import { applyPortalStatusChange } from '../../src-main/core/providers/posten/apply-change';
import { postenChannels } from '../../src-main/core/providers/posten/queue';
import type { PortalStatusChange } from '../../src-main/core/providers/posten/xml/responses';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, control, samplePdf, startTestSandbox } from '../support/sandbox-account';

const dir = tempDir('sd-portal-');
let sandbox: RunningSandbox;
let core: Core & { notifier: { sent: { title: string }[] } };
let account: AccountDetail;
const saveFolder = join(dir.path, 'Signed');

async function stage(name: string, bytes: Buffer) {
  return call(core, 'documents.stage', { fileName: name, contentBase64: bytes.toString('base64') });
}

async function composeJob(overrides: Record<string, unknown> = {}): Promise<JobDetail> {
  const a = await stage('avtale.pdf', await samplePdf('Avtale', 2));
  const b = await stage('vedlegg.pdf', await samplePdf('Vedlegg'));
  return call(core, 'jobs.create', { flow: 'portal', 
    accountId: account.id,
    title: 'Arbeidsavtale',
    reference: 'HR-2026-17',
    documents: [{ stagedId: a.id, title: 'Avtale' }, { stagedId: b.id, title: 'Vedlegg' }],
    signers: [
      { nationalIdentityNumber: '01010112377', email: 'kari@example.no', step: 1 },
      { email: 'ola@example.no', step: 2 },
      { mobile: '91234567', step: 2 },
      { email: 'per@example.no', mobile: '+4790000000', step: 3 },
    ],
    availableDays: 14,
    ...overrides,
  } as never);
}

const sync = () => call(core, 'sync.run', {});
const detail = (job: JobDetail) => call(core, 'jobs.get', { id: job.id });

before(async () => {
  sandbox = await startTestSandbox(dir.path);
  core = createTestCore(join(dir.path, 'app'));
  mkdirSync(saveFolder);
  account = await addSandboxAccount(core, sandbox, { saveFolder });
});
after(async () => {
  await core.close();
  await sandbox.close();
  dir.remove();
});

describe('a portal job against the sandbox', () => {
  test('4 signers in 3 steps: queued, sent, signed step by step, completed, PAdES and XAdES filed and verified', async () => {
    const job = await composeJob();
    assert.equal(job.status, 'queued');
    assert.deepEqual(job.signers.map((s) => s.step), [1, 2, 2, 3]);

    const first = await sync();
    assert.equal(first.submitted, 1, first.errors.join('; '));
    let now = await detail(job);
    assert.equal(now.status, 'in_progress');
    assert.ok(now.serviceJobId);

    const firstDeadline = now.deadline;
    for (const index of [0, 1, 2, 3]) {
      await control(sandbox, 'POST', `/jobs/${now.serviceJobId}/signers/${index}/sign`);
      const report = await sync();
      assert.ok(report.statusChanges >= 1, `after signer ${index}: ${JSON.stringify(report)}`);
      now = await detail(job);
      assert.equal(now.signers[index].status, 'signed');
      if (index === 0) {
        // Step 2 is active now and has its own 14 days from step 1's signature.
        assert.equal(now.progress.activeStep, 2);
        const since = new Date(now.signers[0].statusSince!).getTime();
        assert.equal(new Date(now.deadline!).getTime(), since + 14 * 86400_000);
        assert.ok(firstDeadline && now.deadline! >= firstDeadline);
      }
    }
    await sync();
    now = await detail(job);
    assert.equal(now.status, 'completed');
    assert.equal(now.progress.signed, 4);

    const pades = now.downloads.find((d) => d.kind === 'pades');
    const xades = now.downloads.filter((d) => d.kind === 'xades');
    assert.equal(pades?.state, 'filed', JSON.stringify(now.downloads));
    assert.equal(xades.length, 4);
    assert.ok(xades.every((d) => d.state === 'filed'));
    assert.equal(pades!.verified, true, pades!.verification ?? '');
    assert.ok(xades.every((d) => d.verified), xades.map((d) => d.verification).join('\n'));
    assert.ok(pades!.savedPath && existsSync(pades!.savedPath));
    assert.ok(pades!.savedPath!.startsWith(join(saveFolder, 'HR-2026-17')));
    // Independent check of what was filed.
    const pdfsig = execFileSync('pdfsig', [pades!.savedPath!], { encoding: 'utf8' });
    assert.equal((pdfsig.match(/Signature is Valid/g) ?? []).length, 4, pdfsig);
    const names = readdirSync(join(saveFolder, 'HR-2026-17'));
    assert.ok(names.every((name) => !name.includes('01010112377')), names.join(', '));
    assert.equal(names.filter((n) => n.endsWith('.xml')).length, 4);
    // The names the app adds follow the language (the test core's OS language is Norwegian).
    assert.ok(names.includes('Arbeidsavtale - signert.pdf'), names.join(', '));
    assert.ok(names.includes('Arbeidsavtale - signert - undertegner 1 (kari@example.no).xades.xml'), names.join(', '));
    // The check is kept as a report the UI words: holders by name, no distinguished names.
    assert.equal(pades!.verificationReport?.ok, true);
    assert.equal(pades!.verificationReport?.signatures, 4);
    assert.doesNotMatch(JSON.stringify(pades!.verificationReport?.signers), /CN=|SERIALNUMBER|UN:NO/);

    // Re-filing after the language changed finds the files already there instead of writing twins.
    await call(core, 'settings.update', { language: 'en' });
    const refiled = await call(core, 'jobs.saveAgain', { id: job.id, folder: saveFolder });
    assert.deepEqual(readdirSync(join(saveFolder, 'HR-2026-17')).sort(), [...names].sort(), 'no English twin next to the Norwegian names');
    const refiledPaths = refiled.events.filter((e) => e.kind === 'saved-again').map((e) => String(e.data.path));
    assert.ok(refiledPaths.includes(pades!.savedPath!), refiledPaths.join(', '));
    // A new folder gets the names of the language chosen now.
    const elsewhere = join(dir.path, 'Elsewhere');
    mkdirSync(elsewhere);
    await call(core, 'jobs.saveAgain', { id: job.id, folder: elsewhere });
    assert.ok(readdirSync(join(elsewhere, 'HR-2026-17')).includes('Arbeidsavtale - signed.pdf'));
    await call(core, 'settings.update', { language: 'system' });
    // The test core's OS language is Norwegian, and signers are named by contact, never by identity number.
    assert.ok(core.notifier.sent.some((n) => n.title === 'kari@example.no har signert'), JSON.stringify(core.notifier.sent));
    assert.ok(core.notifier.sent.some((n) => n.title === 'Alle har signert'));
    const kinds = now.events.map((e) => e.kind);
    for (const kind of ['created', 'submitted', 'status-change', 'signer-status', 'downloaded', 'filed']) assert.ok(kinds.includes(kind), kind);
  });

  test('a rejection ends the job as failed, the others not applicable; it says who, and needs attention', async () => {
    const job = await composeJob({
      signers: [
        { name: 'Kari Nordmann', nationalIdentityNumber: '01010112377', email: 'kari@example.no', step: 1 },
        { email: 'ola@example.no', step: 2 },
      ],
    });
    await sync();
    const sent = await detail(job);
    await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/0/reject`);
    await sync();
    const now = await detail(job);
    assert.equal(now.status, 'failed');
    assert.equal(now.signers[0].status, 'rejected');
    assert.ok(now.signers.slice(1).every((s) => s.status === 'cancelled'));
    assert.deepEqual(now.rejectedBy, { position: 0, name: 'Kari Nordmann', email: 'kari@example.no', mobile: null });
    const listed = await call(core, 'jobs.list', { filter: 'needsAttention' });
    assert.equal(listed.items.find((j) => j.id === job.id)?.rejectedBy?.name, 'Kari Nordmann');
    assert.ok(listed.counts.needsAttention >= 1);
    // The test core's OS language is Norwegian: "Rejected by Kari Nordmann", not "Job failed".
    const notification = core.notifier.sent.find((n) => n.title === 'Avvist av Kari Nordmann');
    assert.ok(notification, JSON.stringify(core.notifier.sent));
  });

  test('signatures are matched by exactly the identifier sent, in any order, never guessed by position', async () => {
    const job = await composeJob({
      signers: [
        { email: 'ola@example.no', mobile: '98765432', step: 1 },
        { email: 'ola@example.no', step: 1 },
        { mobile: '98765432', step: 1 },
      ],
    });
    await sync();
    const sent = await detail(job);
    const since = new Date().toISOString();
    const change = (signatures: PortalStatusChange['signatures']): PortalStatusChange => ({
      signatureJobId: sent.serviceJobId!,
      status: 'IN_PROGRESS',
      confirmationUrl: 'https://sandbox.invalid/complete',
      signatures,
    });
    const [channel] = postenChannels(core.context, [account.id]);
    // Listed in another order than the manifest: each goes to the signer with that exact combination.
    applyPortalStatusChange(core.context, channel, change([
      { status: 'SIGNED', since, mobile: '98765432' },
      { status: 'WAITING', since, email: 'ola@example.no', mobile: '98765432' },
      { status: 'SIGNED', since, email: 'ola@example.no' },
    ]));
    assert.deepEqual((await detail(job)).signers.map((s) => s.status), ['waiting', 'signed', 'signed']);
    // The number in another form (as if the service had rewritten it) matches nobody, not the signer at that position.
    applyPortalStatusChange(core.context, channel, change([
      { status: 'REJECTED', since, email: 'ola@example.no', mobile: '+4798765432' },
      { status: 'SIGNED', since, email: 'ola@example.no' },
      { status: 'SIGNED', since, mobile: '98765432' },
    ]));
    assert.deepEqual((await detail(job)).signers.map((s) => s.status), ['waiting', 'signed', 'signed']);
  });

  test('expiry: the active step EXPIRED, later steps NOT_APPLICABLE', async () => {
    const job = await composeJob();
    await sync();
    const sent = await detail(job);
    await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/0/sign`);
    await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/expire`);
    await sync();
    const now = await detail(job);
    // Posten ends it as FAILED; the signers say the signing period ran out.
    assert.equal(now.status, 'expired');
    assert.equal(now.serviceStatus, 'FAILED');
    assert.deepEqual(now.signers.map((s) => s.status), ['signed', 'expired', 'expired', 'cancelled']);
    assert.deepEqual(now.signers.map((s) => s.serviceStatus), ['SIGNED', 'EXPIRED', 'EXPIRED', 'NOT_APPLICABLE']);
  });

  test('cancel: 204 then the service reports every unsigned signer CANCELLED; a second cancel is refused', async () => {
    const job = await composeJob();
    await sync();
    const cancelled = await call(core, 'jobs.cancel', { id: job.id });
    assert.ok(cancelled.events.some((e) => e.kind === 'cancel-requested'));
    await sync();
    const now = await detail(job);
    assert.equal(now.status, 'cancelled');
    assert.ok(now.signers.every((s) => s.status === 'cancelled'));
    const again = await core.dispatch('jobs.cancel', { id: job.id });
    assert.equal(again.ok, false);
  });

  // A connection reset is not here: whether the whole request had been sent when it came decides
  // between "retry" and "outcome unknown", and test/integration/sync-hostile-service.test.ts
  // produces each case for certain.
  test('a 500 and a 503 on create: the job stays queued with a next attempt, and is sent once when the service recovers', async () => {
    await control(sandbox, 'POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'status', status: 500, times: 1 });
    await control(sandbox, 'POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'status', status: 503, times: 1 });
    const job = await composeJob({ title: 'Retry me' });
    const before = ((await control(sandbox, 'GET', '/jobs')) as unknown[]).length;
    await sync();
    let now = await detail(job);
    assert.equal(now.status, 'queued');
    assert.ok(now.nextSubmitAt, 'a visible next attempt');
    assert.ok(now.lastErrorMessage);
    // Make the retry due now, twice (500, then 503).
    for (let i = 0; i < 2; i++) {
      core.db.prepare('UPDATE jobs SET next_submit_at = ? WHERE id = ?').run(new Date(0).toISOString(), job.id);
      await sync();
    }
    now = await detail(job);
    assert.equal(now.status, 'in_progress', `${now.lastErrorMessage}`);
    const after = ((await control(sandbox, 'GET', '/jobs')) as unknown[]).length;
    assert.equal(after - before, 1, 'sent exactly once');
    assert.equal(now.events.filter((e) => e.kind === 'submit-failed').length, 2);
  });

  test('a definitive 4xx marks the job rejected with the service error', async () => {
    await control(sandbox, 'POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'status', status: 400, times: 1 });
    const job = await composeJob({ title: 'Refused' });
    await sync();
    const now = await detail(job);
    assert.equal(now.status, 'rejected');
    assert.ok(now.lastErrorCode);
  });
});

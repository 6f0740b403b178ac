import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canSignNow, rulesOf } from '../../src-renderer/job/signing-links';
import { flowName, progressText } from '../../src-renderer/job/words';
import { createTranslator } from '../../src-shared/i18n';

const job = (patch: Partial<Parameters<typeof canSignNow>[0]> = {}) => ({ flow: 'direct' as const, status: 'in_progress' as const, accountRemoved: false, archivedAt: null, ...patch });

test('signing links are offered for an open signer of a running browser-signed job, and nowhere else', () => {
  assert.equal(canSignNow(job(), { status: 'waiting' }), true);
  assert.equal(canSignNow(job({ flow: 'portal' }), { status: 'waiting' }), false, 'portal signers are notified by the service');
  assert.equal(canSignNow(job({ flow: 'restpki' }), { status: 'waiting' }), true, 'a Rest PKI Core signer whose session is open');
  assert.equal(canSignNow(job({ flow: 'restpki' }), { status: 'not_sent' }), false, 'one whose turn has not come has no session yet');
  for (const status of ['signed', 'rejected', 'not_sent', 'expired'] as const) assert.equal(canSignNow(job(), { status }), false, status);
  for (const status of ['queued', 'sending', 'completed', 'failed', 'outcome_unknown'] as const) assert.equal(canSignNow(job({ status }), { status: 'waiting' }), false, status);
  assert.equal(canSignNow(job({ accountRemoved: true }), { status: 'waiting' }), false, 'read-only once the account is removed');
  assert.equal(canSignNow(job({ archivedAt: '2026-01-01T00:00:00Z' }), { status: 'waiting' }), false, 'read-only in the archive');
});

test('a flow has rules when compose offers it, and a short name in both languages', () => {
  assert.equal(rulesOf('direct')?.cancellable, false);
  assert.equal(rulesOf('portal')?.orderedSigners, true);
  assert.equal(rulesOf('restpki')?.orderedSigners, true, 'Rest PKI Core signers sign one after another');
  assert.equal(rulesOf('restpki')?.browserSigning, true);
  assert.equal(rulesOf('trident')?.orderedSigners, true, 'TRIDENT signers sign one after another');
  assert.equal(flowName(createTranslator('en'), 'restpki'), 'Rest PKI');
  assert.equal(flowName(createTranslator('en'), 'direct'), 'Direct');
  assert.equal(flowName(createTranslator('nb'), 'direct'), 'Direkte');
  assert.equal(flowName(createTranslator('nb'), 'portal'), 'Portal');
});

test('a job whose signers sign at once waits for no step', () => {
  const t = createTranslator('en');
  const progress = { total: 2, signed: 0, activeStep: 1 };
  assert.equal(progressText(t, { flow: 'direct', status: 'in_progress', progress }), '0 of 2 signed');
  assert.equal(progressText(t, { flow: 'portal', status: 'in_progress', progress }), '0 of 2 signed, waiting for step 1');
});

test('signers who sign one after another (TRIDENT) are offered a link only in their own step', () => {
  const trident = job({ flow: 'trident', progress: { total: 2, signed: 1, activeStep: 2 } });
  assert.equal(canSignNow(trident, { status: 'waiting', step: 2 }), true, 'whose turn it is');
  assert.equal(canSignNow(trident, { status: 'waiting', step: 3 }), false, 'a later signer waits');
  assert.equal(canSignNow(job({ progress: { total: 2, signed: 0, activeStep: 1 } }), { status: 'waiting', step: 1 }), true, 'direct signers all share step 1');
  assert.equal(flowName(createTranslator('en'), 'trident'), 'TRIDENT');
});

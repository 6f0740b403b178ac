import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../src-shared/i18n';
import { dropSigner, emptyForm, emptySigner, formFromDraft, jobInput, moveSigner, setSameStepAsPrevious, type ComposeSigner } from '../../src-renderer/compose/model';
import { validateForm } from '../../src-renderer/compose/validation';

const signer = (key: string, step: number): ComposeSigner => ({ ...emptySigner(step), key });
const layout = (list: ComposeSigner[]) => list.map((s) => `${s.key}${s.step}`).join(' ');

test('keyboard moves walk through every slot: swap in a step, own step, join the next step', () => {
  let list = [signer('a', 1), signer('b', 2), signer('c', 2)];
  list = moveSigner(list, 'c', -1);
  assert.equal(layout(list), 'a1 c2 b2', 'swaps inside the step');
  list = moveSigner(list, 'c', -1);
  assert.equal(layout(list), 'a1 c2 b3', 'leaves the shared step as a step of its own');
  list = moveSigner(list, 'c', -1);
  assert.equal(layout(list), 'a1 c1 b2', 'alone, it joins the step above');
  list = moveSigner(list, 'a', -1);
  assert.equal(layout(list), 'a1 c2 b3', 'the first signer of a shared step 1 gets a new step 1');
  assert.equal(layout(moveSigner(list, 'a', -1)), layout(list), 'nothing above the first signer alone');
});

test('same step as previous, and drops into a step or between steps, keep steps gap-free', () => {
  const list = [signer('a', 1), signer('b', 2), signer('c', 3)];
  assert.equal(layout(setSameStepAsPrevious(list, 'b', true)), 'a1 b1 c2');
  assert.equal(layout(setSameStepAsPrevious([signer('a', 1), signer('b', 1), signer('c', 1)], 'b', false)), 'a1 b2 c2');
  assert.equal(layout(dropSigner(list, 'c', { kind: 'into-step', step: 2, beforeKey: 'b' })), 'a1 c2 b2');
  assert.equal(layout(dropSigner(list, 'a', { kind: 'into-step', step: 3, beforeKey: null })), 'b1 c2 a2');
  assert.equal(layout(dropSigner(list, 'c', { kind: 'new-step', beforeStep: 1 })), 'c1 a2 b3');
});

test('the form maps onto the contract and its rules come back per field, translated', () => {
  const t = createTranslator('nb');
  const now = new Date('2025-01-01T12:00:00Z');
  const form = { ...emptyForm('acc'), deadline: '2025-05-01T12:00' };
  form.signers = [{ ...form.signers[0], nationalIdentityNumber: '01010112378', email: 'kari@example.com' }];
  const errors = validateForm(t, form, now);
  const key = form.signers[0].key;
  assert.equal(errors.title, 'Oppdraget må ha en tittel.');
  assert.match(errors[`signer:${key}:nin`], /feil kontrollsiffer/);
  assert.match(errors.deadline, /høyst 90 dager/);
  assert.equal(errors.documents, 'Legg til minst ett dokument.');

  const good = { ...form, title: 'Avtale', deadline: '', signers: [{ ...form.signers[0], nationalIdentityNumber: '01010112377' }] };
  good.documents = [{ key: 'd', stagedId: 'st1', fileName: 'a.pdf', size: 10, pageCount: 1, title: 'a', problem: null, progress: null, stageError: null }];
  assert.deepEqual(validateForm(t, good, now), {});
  const input = jobInput({ ...good, deadline: '2025-01-11T12:00', activation: '2025-01-01T12:00' }, now, 'draft-1');
  assert.equal(input.availableSeconds, 10 * 86400);
  assert.equal(input.draftId, 'draft-1');
  assert.deepEqual(input.signers, [{ step: 1, onBehalfOf: 'SELF', nationalIdentityNumber: '01010112377', email: 'kari@example.com' }]);
});

test('a signer name goes to the contract trimmed, is left out when empty, and its problems land on the name field', () => {
  const t = createTranslator('en');
  const form = { ...emptyForm('acct'), signers: [{ ...signer('a', 1), identifyBy: 'contact' as const, email: 'kari@example.no', name: '  Kari Nordmann ' }, { ...signer('b', 2), identifyBy: 'contact' as const, email: 'ola@example.no' }] };
  const input = jobInput(form, new Date());
  assert.deepEqual(input.signers.map((s) => s.name), ['Kari Nordmann', undefined]);
  const bad = { ...form, signers: [{ ...form.signers[0], name: 'Kari\nNordmann' }, form.signers[1]] };
  assert.equal(validateForm(t, bad, new Date())['signer:a:name'], 'A name cannot contain line breaks or other control characters.');
  assert.equal(validateForm(t, { ...form, signers: [{ ...form.signers[0], name: 'K'.repeat(101) }] }, new Date())['signer:a:name'], 'At most 100 characters.');
});

test('a draft saved before signers had names comes back with empty names', () => {
  const { name: _name, ...old } = emptySigner(1);
  const form = formFromDraft({ version: 1, form: { ...emptyForm('acct'), signers: [{ ...old, email: 'kari@example.no' }] } }, 'acct');
  assert.equal(form?.signers[0].name, '');
  assert.equal(form?.signers[0].email, 'kari@example.no');
});

test('control characters in a title are refused at the field, in words; line breaks in the message are fine', () => {
  const t = createTranslator('en');
  const now = new Date('2025-01-01T12:00:00Z');
  const form = { ...emptyForm('acc'), title: 'Agreement\u0000', reference: 'REF\u001b[31m', description: 'Dear signer,\nplease sign.' };
  form.signers = [{ ...form.signers[0], nationalIdentityNumber: '01010112377', email: 'kari@example.com' }];
  form.documents = [{ key: 'd', stagedId: 'st1', fileName: 'a.pdf', size: 10, pageCount: 1, title: 'Page\u2028one', problem: null, progress: null, stageError: null }];
  const errors = validateForm(t, form, now);
  assert.equal(errors.title, 'Line breaks and other control characters cannot be used here.');
  assert.equal(errors.reference, 'Line breaks and other control characters cannot be used here.');
  assert.equal(errors['doc:d:title'], 'Line breaks and other control characters cannot be used here.');
  assert.equal(errors.description, undefined);
  assert.equal(validateForm(t, { ...form, description: 'Bell\u0007' }, now).description, 'This text contains invisible control characters. Remove them.');
  assert.equal(validateForm(createTranslator('nb'), form, now).title, 'Linjeskift og andre kontrolltegn kan ikke brukes her.');
});

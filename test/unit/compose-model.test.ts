import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../src-shared/i18n';
import { chooseFlow, draftPayload, dropSigner, emptyForm, emptySigner, flowsOfAccount, formFromDraft, jobInput, moveSigner, portalJobInput, setSameStepAsPrevious, type ComposeForm, type ComposeSigner } from '../../src-renderer/compose/model';
import { flowRuleWords } from '../../src-renderer/compose/flow-words';
import { CreateJobInput } from '../../src-shared/contract';
import { flowRules } from '../../src-shared/domain';
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
  const input = portalJobInput({ ...good, deadline: '2025-01-11T12:00', activation: '2025-01-01T12:00' }, now, 'draft-1');
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

// ---- The direct flow --------------------------------------------------------------------------

const stagedDocument = { key: 'd', stagedId: 'st1', fileName: 'a.pdf', size: 10, pageCount: 1, title: 'Avtale', problem: null, progress: null, stageError: null };

/** A direct job as compose fills it: one signer by number (typed with a space), one by an identifier of one's own. */
function directForm(): ComposeForm {
  const form = chooseFlow({ ...emptyForm('acct'), title: 'Lease', documents: [stagedDocument], deadline: '2025-05-01T12:00', activation: '2025-04-01T12:00', nonsensitiveTitle: 'Contract' }, 'direct');
  form.signers = [
    { ...signer('a', 1), nationalIdentityNumber: '010101 12377', name: ' Kari ', email: 'kari@example.com' },
    { ...signer('b', 2), identifyBy: 'custom', customIdentifier: 'customer 42', signatureType: 'AUTHENTICATED', onBehalfOf: 'OTHER' },
  ];
  return form;
}

test('a direct job goes to the contract without steps, notifications, deadline, activation or non-sensitive title', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  const input = jobInput({ ...directForm(), requiredAuthentication: '3', identifierInSignedDocuments: 'NAME' }, now, 'draft-9');
  assert.deepEqual(input, {
    flow: 'direct',
    accountId: 'acct',
    title: 'Lease',
    documents: [{ stagedId: 'st1', title: 'Avtale' }],
    signers: [
      { onBehalfOf: 'SELF', name: 'Kari', nationalIdentityNumber: '01010112377' },
      { onBehalfOf: 'OTHER', customIdentifier: 'customer 42', signatureType: 'AUTHENTICATED' },
    ],
    draftId: 'draft-9',
    requiredAuthentication: 3,
    identifierInSignedDocuments: 'NAME',
  });
  assert.ok(CreateJobInput.safeParse(input).success, 'the contract takes it as a direct job');
  assert.deepEqual(validateForm(createTranslator('en'), directForm(), now), {}, 'a deadline typed while it was a portal job does not count against it');
});

test('direct signers: a missing identity lands on the field shown, a repeated one on the signer list, in the user language', () => {
  const now = new Date();
  const en = createTranslator('en');
  const form = directForm();
  const missing = { ...form, signers: [{ ...form.signers[0], nationalIdentityNumber: '' }, { ...form.signers[1], customIdentifier: '  ' }] };
  const errors = validateForm(en, missing, now);
  assert.equal(errors['signer:a:nin'], 'Give a national identity number or an identifier of your own.');
  assert.equal(errors['signer:b:custom'], 'Give a national identity number or an identifier of your own.');
  assert.equal(errors['signer:b:nin'], undefined, 'no message on a field that is not shown');

  const twice = { ...form, signers: [{ ...form.signers[1], key: 'a' }, form.signers[1]] };
  assert.equal(validateForm(en, twice, now).signers, 'Two signers have the same national identity number or identifier. Each signer must be a different person.');
  assert.match(validateForm(createTranslator('nb'), twice, now).signers, /samme fødselsnummer eller identifikator/);

  const badNin = { ...form, signers: [{ ...form.signers[0], nationalIdentityNumber: '01010112378' }, form.signers[1]] };
  assert.match(validateForm(en, badNin, now)['signer:a:nin'], /wrong check digit/);
  const pinShown = { ...form, identifierInSignedDocuments: 'PIN_AND_NAME' as const };
  assert.match(validateForm(en, pinShown, now).identifierInSignedDocuments, /every signer to be identified by one/);
});

test('the flow limits compose: more signers than a flow takes are refused by its own rules', () => {
  const form = directForm();
  const many = { ...form, signers: Array.from({ length: flowRules.direct.maxSigners + 1 }, (_, i) => ({ ...signer(`s${i}`, i + 1), identifyBy: 'custom' as const, customIdentifier: `id ${i}` })) };
  assert.equal(validateForm(createTranslator('en'), many, new Date()).signers, 'At most 10 signers.');
  assert.equal(validateForm(createTranslator('nb'), many, new Date()).signers, 'Høyst 10 undertegnere.');
});

test('switching the flow keeps what was typed and names each signer in a way the new flow has', () => {
  const portal = { ...emptyForm('acct'), signers: [{ ...signer('a', 1), identifyBy: 'contact' as const, email: 'kari@example.com' }, { ...signer('b', 2), nationalIdentityNumber: '01010112377' }] };
  const direct = chooseFlow(portal, 'direct');
  assert.deepEqual(direct.signers.map((s) => s.identifyBy), ['custom', 'nin']);
  assert.equal(direct.signers[0].email, 'kari@example.com', 'contact details are kept for the way back');
  const back = chooseFlow(direct, 'portal');
  assert.deepEqual(back.signers.map((s) => s.identifyBy), ['contact', 'nin']);
  assert.equal(chooseFlow(back, 'portal'), back, 'choosing the same flow changes nothing');
});

test('a draft remembers its flow; drafts from before the choice are portal jobs', () => {
  const saved = draftPayload(directForm());
  const restored = formFromDraft(JSON.parse(JSON.stringify(saved)), 'acct');
  assert.equal(restored?.flow, 'direct');
  assert.equal(restored?.signers[1].customIdentifier, 'customer 42');
  const { flow: _flow, ...older } = emptyForm('acct');
  assert.equal(formFromDraft({ version: 1, form: older }, 'acct')?.flow, 'portal');
  assert.equal(formFromDraft({ version: 1, form: { ...older, flow: 'carrier-pigeon' } }, 'acct')?.flow, 'portal');
  const { customIdentifier: _id, ...oldSigner } = emptySigner(1);
  assert.equal(formFromDraft({ version: 1, form: { ...older, signers: [oldSigner] } }, 'acct')?.signers[0].customIdentifier, '');
});

test('each flow says its rules in a line read from flowRules, in both languages', () => {
  assert.deepEqual(flowRuleWords(createTranslator('en'), flowRules.direct), ['up to 10 signers', 'all at once, in any order', 'no e-mail or SMS: you hand out the links', 'open for 30 days', 'cannot be cancelled']);
  assert.deepEqual(flowRuleWords(createTranslator('en'), flowRules.portal), ['up to 10 signers', 'in steps, one after another', 'notified by e-mail or SMS', 'a deadline of your choice', 'can be cancelled']);
  assert.equal(flowRuleWords(createTranslator('nb'), flowRules.direct)[3], 'åpent i 30 dager');
  assert.match(flowRuleWords(createTranslator('en'), { ...flowRules.direct, maxSigners: 3 })[0], /up to 3 signers/);
});

test('a Rest PKI Core account offers its one way of signing; its job carries names, CPFs in order, and the session options', () => {
  assert.deepEqual(flowsOfAccount('restpki'), ['restpki']);
  assert.deepEqual(flowsOfAccount('posten'), ['portal', 'direct']);
  const form = chooseFlow({ ...emptyForm('acct'), title: 'Contrato', reference: ' C-7 ', documents: [stagedDocument], description: 'not shown by Rest PKI Core', backgroundProcessing: true }, 'restpki');
  form.signers = [
    { ...signer('a', 1), name: ' Maria ', cpf: '123.456.789-09', email: 'left@example.com' },
    { ...signer('b', 2), cpf: '' },
  ];
  const input = jobInput(form, new Date(), 'draft-1');
  assert.deepEqual(input, {
    flow: 'restpki',
    accountId: 'acct',
    title: 'Contrato',
    reference: ' C-7 ',
    documents: [{ stagedId: 'st1', title: 'Avtale' }],
    signers: [{ name: 'Maria', cpf: '123.456.789-09' }, {}],
    draftId: 'draft-1',
    backgroundProcessing: true,
  });
  const parsed = CreateJobInput.safeParse(input);
  assert.ok(parsed.success && parsed.data.flow === 'restpki' && parsed.data.signers[0]?.cpf === '12345678909', 'kept as its 11 digits');
  const en = createTranslator('en');
  const wrong = { ...form, signers: [{ ...form.signers[0]!, cpf: '123.456.789-00' }, form.signers[1]!] };
  assert.equal(validateForm(en, wrong, new Date())['signer:a:cpf'], 'This CPF has a wrong check digit.');
  assert.equal(validateForm(createTranslator('nb'), wrong, new Date())['signer:a:cpf'], 'Dette CPF-nummeret har feil kontrollsiffer.');
  const twice = { ...form, signers: [form.signers[0]!, { ...form.signers[1]!, cpf: '12345678909' }] };
  assert.equal(validateForm(en, twice, new Date()).signers, 'Two signers have the same CPF. Each signer must be a different person.');
  assert.deepEqual(flowRuleWords(en, flowRules.restpki), ['up to 10 signers', 'in steps, one after another', 'no e-mail or SMS: you hand out the links', 'each link open for 4 hours', 'cannot be cancelled']);
});

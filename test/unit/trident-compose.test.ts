import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseFlow, emptyForm, emptySigner, fitFlowToAccount, flowsOfAccount, formFromDraft, draftPayload, jobInput } from '../../src-renderer/compose/model';
import { validateForm } from '../../src-renderer/compose/validation';
import { CreateJobInput } from '../../src-shared/contract';
import { formatLabelSets, parseLabelSets } from '../../src-shared/domain';
import { createTranslator } from '../../src-shared/i18n';
import { labelSetsText, tridentOutcomeText } from '../../src-shared/i18n/trident-words';
import { basicCredentials, formEncode } from '../../src-main/core/providers/trident/client';
import { agreementHtml } from '../../src-main/core/providers/trident/processes';

const now = new Date('2026-03-01T10:00:00Z');
const staged = { key: 'd1', stagedId: 'staged-1', fileName: 'a.pdf', size: 10, pageCount: 1, title: 'Avtale', problem: null, progress: null, stageError: null };

test('a TRIDENT account offers the TRIDENT way of signing only, and the form follows the account chosen', () => {
  assert.deepEqual(flowsOfAccount('trident'), ['trident']);
  assert.deepEqual(flowsOfAccount('posten'), ['portal', 'direct']);
  const form = { ...emptyForm('acc'), signers: [emptySigner(1), { ...emptySigner(1), name: 'Ola' }] };
  const trident = fitFlowToAccount(form, { provider: 'trident' });
  assert.equal(trident.flow, 'trident');
  assert.deepEqual(trident.signers.map((s) => s.step), [1, 2], 'one after another');
  assert.equal(fitFlowToAccount(trident, { provider: 'posten' }).flow, 'portal');
  assert.equal(fitFlowToAccount({ ...form, flow: 'direct' }, { provider: 'posten' }).flow, 'direct', 'a way the account offers is kept');
});

test('a TRIDENT job goes to the contract with its signers in order, names only, and its label sets', () => {
  const form = chooseFlow({ ...emptyForm('acc'), title: 'Avtale', description: 'Les før du signerer', documents: [staged], signers: [{ ...emptySigner(1), name: ' Kari ' }, emptySigner(2)] }, 'trident');
  const input = jobInput({ ...form, labelSets: ['qualified, server', ' ', 'mobile'] }, now);
  assert.deepEqual(input, {
    flow: 'trident',
    accountId: 'acc',
    title: 'Avtale',
    description: 'Les før du signerer',
    documents: [{ stagedId: 'staged-1', title: 'Avtale' }],
    signers: [{ name: 'Kari' }, {}],
    labels: [['qualified', 'server'], ['mobile']],
  });
  assert.equal(CreateJobInput.safeParse(input).success, true);
  assert.equal('labels' in jobInput(form, now), false, 'no sets: the account’s labels');
  const t = createTranslator('en');
  const errors = validateForm(t, { ...form, labelSets: ['a+b'] }, now);
  assert.ok(errors.labels, 'a label with a plus sign is refused');
  const restored = formFromDraft(draftPayload({ ...form, labelSets: ['x'] }), 'acc');
  assert.deepEqual(restored?.labelSets, ['x']);
  assert.deepEqual(formFromDraft(draftPayload(emptyForm('acc')), 'acc')?.labelSets, []);
});

test('labels on the command line and in words: a+b,c is a and b, or c', () => {
  assert.deepEqual(parseLabelSets('a + b,c'), [['a', 'b'], ['c']]);
  assert.deepEqual(parseLabelSets(''), []);
  assert.equal(parseLabelSets('a+,c'), null);
  assert.equal(parseLabelSets('a,,c'), null);
  assert.equal(formatLabelSets([['a', 'b'], ['c']]), 'a+b,c');
  assert.equal(labelSetsText(createTranslator('en'), [['a', 'b'], ['c']]), 'an identity with a and b, or an identity with c');
  assert.equal(labelSetsText(createTranslator('nb'), []), 'hvilken som helst identitet');
});

test('client credentials are form-encoded before base64 (reference B2)', () => {
  assert.equal(formEncode('a b+c/:%&æ'), 'a+b%2Bc%2F%3A%25%26%C3%A6');
  const decoded = Buffer.from(basicCredentials('my client', 'p@ss:w+rd').slice('Basic '.length), 'base64').toString('utf8');
  assert.equal(decoded, 'my+client:p%40ss%3Aw%2Brd');
});

test('the agreement text becomes an HTML body with its markup escaped', () => {
  assert.equal(agreementHtml('Read <b>this</b>.\nThen sign.\n\nThanks & bye'), '<p>Read &#60;b&#62;this&#60;/b&#62;.<br>Then sign.</p><p>Thanks &#38; bye</p>');
});

test('TRIDENT’s outcomes in words, with the service’s message and the failed documents by title', () => {
  const t = createTranslator('en');
  const documents = [
    { id: 'd1', position: 0, title: 'Contract', fileName: 'a.pdf', mimeType: 'application/pdf', size: 1 },
    { id: 'd2', position: 1, title: 'Appendix', fileName: 'b.pdf', mimeType: 'application/pdf', size: 1 },
  ];
  assert.equal(tridentOutcomeText(t, { documents, outcome: { serviceStatus: 'finished', message: null, documents: [] } }), null);
  assert.equal(tridentOutcomeText(t, { documents, outcome: { serviceStatus: 'failed', message: 'PIN blocked', documents: [] } }), 'TRIDENT ended the signing with an error: “PIN blocked”');
  assert.match(tridentOutcomeText(t, { documents, outcome: { serviceStatus: 'canceled', message: null, documents: [] } })!, /cancelled signing/);
  assert.equal(
    tridentOutcomeText(t, {
      documents,
      outcome: { serviceStatus: 'failed_documents', message: null, documents: [{ documentId: 'd1', serviceStatus: 'finished', message: null }, { documentId: 'd2', serviceStatus: 'failed', message: 'Broken PDF' }] },
    }),
    'Not every document could be signed: Appendix (“Broken PDF”).',
  );
});

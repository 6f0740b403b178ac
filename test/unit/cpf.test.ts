import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactCpf, cpfProblem, formatCpf, isValidCpf } from '../../src-shared/domain';

test('CPF: well-known valid numbers pass, punctuated or not, leading zeros kept', () => {
  // Check digits worked out by hand from the mod-11 rule (weights 10..2, then 11..2).
  for (const valid of ['529.982.247-25', '52998224725', '123.456.789-09', '111.444.777-35', '000.000.001-91', ' 529 982 247 25 ']) {
    assert.equal(cpfProblem(valid), undefined, valid);
  }
  assert.equal(compactCpf('000.000.001-91'), '00000000191');
});

test('CPF: a changed digit, a swapped pair, the wrong length, letters and repeated digits are caught', () => {
  assert.equal(cpfProblem('529.982.247-24'), 'checksum');
  assert.equal(cpfProblem('529.982.247-35'), 'checksum');
  assert.equal(cpfProblem('259.982.247-25'), 'checksum');
  assert.equal(cpfProblem('5299822472'), 'length');
  assert.equal(cpfProblem('529982247255'), 'length');
  assert.equal(cpfProblem('5299822472a'), 'digits');
  assert.equal(cpfProblem('111.111.111-11'), 'repeated');
  assert.equal(cpfProblem('000.000.000-00'), 'repeated');
  assert.equal(isValidCpf(''), false);
});

test('CPF: printed as 000.000.000-00', () => {
  assert.equal(formatCpf('52998224725'), '529.982.247-25');
  assert.equal(formatCpf('529.982.247-25'), '529.982.247-25');
  assert.equal(formatCpf('12'), '12');
});

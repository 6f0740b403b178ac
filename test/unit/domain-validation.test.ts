import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isValidEmail,
  isValidNationalIdentityNumber,
  isValidOrganizationNumber,
  maskNationalIdentityNumber,
  nationalIdentityNumberProblem,
  compactMobileNumber,
  isValidMobileNumber,
  signerLabelOf,
  signerNameHasControlCharacters,
} from '../../src-shared/domain';
import { PortalSignerInput } from '../../src-shared/contract';

test('national identity numbers: valid ones, D-numbers and synthetic test numbers pass', () => {
  // Check digits computed independently; a D-number and a synthetic (month + 80) number included.
  for (const valid of ['01010112377', '13097248022', '41010112360', '01810112332', '15055012374']) {
    assert.equal(nationalIdentityNumberProblem(valid), undefined, valid);
  }
});

test('national identity numbers: a changed digit, wrong length or letters are caught', () => {
  assert.equal(nationalIdentityNumberProblem('01010112376'), 'checksum');
  assert.equal(nationalIdentityNumberProblem('13097248023'), 'checksum');
  assert.equal(nationalIdentityNumberProblem('0101011235'), 'length');
  assert.equal(nationalIdentityNumberProblem('0101011235a'), 'digits');
  assert.equal(isValidNationalIdentityNumber('12345678901'), false);
});

test('masking keeps only the birth date', () => {
  assert.equal(maskNationalIdentityNumber('01010112377'), '010101 •••••');
});

test('e-mail, mobile and organisation numbers', () => {
  assert.ok(isValidEmail('kari@example.no'));
  assert.ok(!isValidEmail('kari@example'));
  assert.ok(!isValidEmail('kari example.no'));
  assert.ok(isValidOrganizationNumber('984661185'));
  assert.ok(!isValidOrganizationNumber('984661186'));
});

// These used to be rewritten to +47…; the official clients send the sender's number untouched and
// the service echoes it back, so the number is now only stripped of spaces (item 5).
test('mobile numbers are sent as typed, spaces removed: no +47 is added', () => {
  assert.equal(compactMobileNumber('98765432'), '98765432');
  assert.equal(compactMobileNumber('987 65 432'), '98765432');
  assert.equal(compactMobileNumber(' +47 987\u00a065 432 '), '+4798765432');
  assert.equal(compactMobileNumber('+46 70 123 45 67'), '+46701234567');
});

test('mobile numbers: Norwegian 8 digits, or + and a country code', () => {
  for (const valid of ['98765432', '41234567', '987 65 432', '+4798765432', '+47 987 65 432', '+46701234567', '+1 202 555 0143', '+358401234567']) {
    assert.ok(isValidMobileNumber(valid), valid);
  }
  // Not a Norwegian mobile (landline or wrong length), no + before a country code, or too long for E.164.
  for (const invalid of ['12345678', '9876543', '987654321', '+4712345678', '+479876543', '4798765432', '004798765432', '+0701234567', '+1234567890123456', '98-76-54-32', '9876543a', '']) {
    assert.ok(!isValidMobileNumber(invalid), invalid);
  }
});

test('the contract takes a foreign number and refuses a malformed one with a plain message', () => {
  assert.ok(PortalSignerInput.safeParse({ step: 1, mobile: '+46 70 123 45 67' }).success);
  const wrong = PortalSignerInput.safeParse({ step: 1, mobile: '0046701234567' });
  assert.equal(wrong.success, false);
  assert.deepEqual(wrong.error?.issues.map((i) => [i.path.join('.'), i.message]), [['mobile', 'A mobile number has 8 digits, or starts with + and the country code.']]);
});

test('a signer name is optional, at most 100 characters and has no control characters', () => {
  assert.ok(PortalSignerInput.safeParse({ step: 1, email: 'kari@example.no', name: 'Kari Nordmann' }).success);
  assert.equal(PortalSignerInput.parse({ step: 1, email: 'kari@example.no', name: '  Kari Nordmann ' }).name, 'Kari Nordmann');
  assert.ok(PortalSignerInput.safeParse({ step: 1, email: 'kari@example.no', name: 'Å'.repeat(100) }).success);
  assert.equal(PortalSignerInput.safeParse({ step: 1, email: 'kari@example.no', name: 'Å'.repeat(101) }).success, false);
  for (const bad of ['Kari\nNordmann', 'Kari\tNordmann', 'Kari\u0000', 'Kari\u202eNordmann', 'Kari\u2028Nordmann']) {
    assert.ok(signerNameHasControlCharacters(bad), JSON.stringify(bad));
    const parsed = PortalSignerInput.safeParse({ step: 1, email: 'kari@example.no', name: bad });
    assert.equal(parsed.success, false, JSON.stringify(bad));
    assert.equal(parsed.error?.issues[0].path[0], 'name');
  }
  assert.ok(!signerNameHasControlCharacters('Åse Ærlig-Øvre d\'Artagnan'));
});

test('a signer is labelled by name, else e-mail, else mobile, never by identity number', () => {
  assert.equal(signerLabelOf({ name: 'Kari Nordmann', email: 'kari@example.no', mobile: '98765432' }), 'Kari Nordmann');
  assert.equal(signerLabelOf({ name: ' ', email: 'kari@example.no' }), 'kari@example.no');
  assert.equal(signerLabelOf({ name: null, email: null, mobile: '98765432' }), '98765432');
  assert.equal(signerLabelOf({ name: null, email: null, mobile: null }), undefined);
});

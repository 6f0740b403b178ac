import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isValidEmail,
  isValidNationalIdentityNumber,
  isValidOrganizationNumber,
  maskNationalIdentityNumber,
  nationalIdentityNumberProblem,
  normalizeMobileNumber,
} from '../../src-shared/domain';

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
  assert.equal(normalizeMobileNumber('912 34 567'), '+4791234567');
  assert.equal(normalizeMobileNumber('004791234567'), '+4791234567');
  assert.equal(normalizeMobileNumber('+46701234567'), '+46701234567');
  assert.equal(normalizeMobileNumber('12345678'), undefined);
  assert.ok(isValidOrganizationNumber('984661185'));
  assert.ok(!isValidOrganizationNumber('984661186'));
});

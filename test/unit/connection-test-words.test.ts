import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProbeAnswer, describeProbeFailure } from '../../src-main/core/accounts/connection-test';
import { PostenError } from '../../src-main/core/providers/posten/errors';
import { formatOrganizationNumber } from '../../src-shared/domain';
import { createTranslator } from '../../src-shared/i18n';

const en = createTranslator('en');
const nb = createTranslator('nb');
const connection = { apiRoot: 'https://api.difitest.signering.posten.no/api', organizationNumber: '123456789' };

test('organisation numbers are written in groups of three', () => {
  assert.equal(formatOrganizationNumber('987654321'), '987 654 321');
  assert.equal(formatOrganizationNumber('12345'), '12345');
});

test("the probe's answer in words: the organisation, a broker sending for another, or the answer as it came", () => {
  assert.equal(describeProbeAnswer(en, 'You are 123456789'), 'Connected: the service knows you as org. no. 123 456 789.');
  assert.equal(describeProbeAnswer(nb, 'You are 123456789'), 'Tilkoblet: tjenesten kjenner deg som org.nr. 123 456 789.');
  assert.equal(
    describeProbeAnswer(en, 'You are 111111111, operating on behalf of 123456789'),
    'Connected: the service knows you as org. no. 111 111 111, sending for org. no. 123 456 789.',
  );
  assert.equal(describeProbeAnswer(en, 'Hello'), 'Connected. The service answered: “Hello”.');
});

test('a failed probe is a sentence; the technical message is the detail', () => {
  const refused = describeProbeFailure(en, new PostenError('rejected', 'BROKER_NOT_AUTHORIZED: not allowed', { status: 403 }), connection);
  assert.deepEqual(refused, { ok: false, message: 'The service does not let this certificate send for org. no. 123 456 789.', detail: 'BROKER_NOT_AUTHORIZED: not allowed' });
  const unreachable = describeProbeFailure(en, new PostenError('network', 'Could not reach https://api.difitest.signering.posten.no/api/123456789: ECONNREFUSED'), connection);
  assert.equal(unreachable.message, 'Could not reach the service at api.difitest.signering.posten.no. Check the address and the network connection.');
  assert.match(unreachable.detail ?? '', /ECONNREFUSED/);
  assert.equal(describeProbeFailure(en, new PostenError('server', 'HTTP 503'), connection).message, 'The service has a problem right now. Try again in a few minutes.');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProbeFailure, readProbeAnswer } from '../../src-main/core/providers/posten/connection-test';
import { PostenError } from '../../src-main/core/providers/posten/errors';
import { formatOrganizationNumber } from '../../src-shared/domain';
import { connectionTestText, createTranslator } from '../../src-shared/i18n';

const en = createTranslator('en');
const nb = createTranslator('nb');

test('organisation numbers are written in groups of three', () => {
  assert.equal(formatOrganizationNumber('987654321'), '987 654 321');
  assert.equal(formatOrganizationNumber('12345'), '12345');
});

test("the probe's answer in words: the organisation, a broker sending for another, or the answer as it came", () => {
  const answer = (text: string) => ({ ok: true, message: text, ...readProbeAnswer(text) });
  assert.equal(connectionTestText(en, answer('You are 123456789')), 'Connected: the service knows you as org. no. 123 456 789.');
  assert.equal(connectionTestText(nb, answer('You are 123456789')), 'Tilkoblet: tjenesten kjenner deg som org.nr. 123 456 789.');
  assert.equal(
    connectionTestText(en, answer('You are 111111111, operating on behalf of 123456789')),
    'Connected: the service knows you as org. no. 111 111 111, sending for org. no. 123 456 789.',
  );
  assert.equal(connectionTestText(en, answer('Hello')), 'Connected. The service answered: “Hello”.');
});

test('a failed probe is a reason worded like every failure; the technical message stays for Details', () => {
  const refused = describeProbeFailure(new PostenError('rejected', 'not allowed', { status: 403, code: 'BROKER_NOT_AUTHORIZED' }));
  assert.deepEqual(refused, { ok: false, message: 'BROKER_NOT_AUTHORIZED, HTTP 403: not allowed', reason: 'service.brokerNotAuthorized' });
  assert.match(connectionTestText(en, refused), /may not send on behalf of this organisation number/);

  const unreachable = describeProbeFailure(new PostenError('network', 'Could not reach https://api.difitest.signering.posten.no/api/123456789: connect ECONNREFUSED', { code: 'ECONNREFUSED' }));
  assert.equal(unreachable.reason, 'network.refused');
  assert.match(unreachable.message, /ECONNREFUSED/);
  assert.equal(connectionTestText(nb, unreachable), 'Signeringstjenesten avviste tilkoblingen. Den kan være nede.');

  assert.equal(connectionTestText(en, describeProbeFailure(new PostenError('server', 'boom', { status: 503 }))), 'The signing service had an internal error.');
  // TLS 1.3: a server refusing the client certificate closes the connection right after the handshake.
  const closed = describeProbeFailure(new PostenError('network', 'Could not reach https://x: other side closed', { code: 'UND_ERR_SOCKET' }));
  assert.equal(closed.reason, 'tls.clientCertificateRejected');
  // Whatever else was thrown still gets a sentence.
  assert.equal(describeProbeFailure(new Error('who knows')).reason, 'network.failed');
});

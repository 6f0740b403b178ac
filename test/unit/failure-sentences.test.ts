import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreError } from '../../src-main/core/errors';
import { decodeStoredFailure, describeFailure, encodeStoredFailure, reasonOfStoredCode } from '../../src-main/core/failure';
import { postenErrorReasons, PostenError } from '../../src-main/core/providers/posten/errors';
import { failureReasons, systemErrorReasons, type FailureReason } from '../../src-shared/failure';
import { createTranslator, failureText, languages } from '../../src-shared/i18n';
import { errorCodes } from '../../src-shared/result';

// Parameters some sentences carry; a sentence must not show a bare placeholder once they are given.
const sampleParams = { date: '2026-03-04T10:15:00Z', folder: '/mnt/share/Signerte', path: '/data/signing-desk.sqlite', name: 'avtale.pdf' };

/** Every known failure, by where it comes from: the sentence for it in one language. */
function sentencesIn(language: (typeof languages)[number]) {
  const t = createTranslator(language);
  const byReason = (reason: FailureReason) => failureText(t, { reason, params: sampleParams });
  return [
    ...errorCodes.map((code) => ({ raw: code, sentence: failureText(t, { code }) })),
    ...failureReasons.map((reason) => ({ raw: reason, sentence: byReason(reason) })),
    // every error code of the signing service the client knows
    ...Object.keys(postenErrorReasons).map((code) => ({ raw: code, sentence: byReason(reasonOfStoredCode(code)!) })),
    // HTTP answers without a known code, and the kinds older rows stored
    ...['HTTP_400', 'HTTP_403', 'HTTP_409', 'HTTP_429', 'HTTP_500', 'HTTP_503', 'NETWORK', 'TRUST', 'SERVER', 'UNEXPECTED', 'RATELIMITED', 'OUTCOME_UNKNOWN', 'SOMETHING_NEW'].map(
      (code) => ({ raw: code, sentence: byReason(reasonOfStoredCode(code)!) }),
    ),
    // local failures: network, TLS and the file system
    ...Object.keys(systemErrorReasons).map((code) => ({ raw: code, sentence: byReason(describeFailure(Object.assign(new Error(`${code} something`), { code })).reason!) })),
  ];
}

test('every error code, service error code and local failure has its own sentence in both languages', () => {
  for (const language of languages) {
    for (const { raw, sentence } of sentencesIn(language)) {
      assert.ok(sentence.trim().length > 0, `${language}: no sentence for ${raw}`);
      assert.notEqual(sentence, raw, `${language}: ${raw} is shown as its code`);
      assert.doesNotMatch(sentence, /^(failure|errorCode)\./, `${language}: ${raw} has no catalogue entry`);
      assert.doesNotMatch(sentence, /\{\w+\}/, `${language}: ${raw} leaves a placeholder`);
      assert.ok(!sentence.includes(raw) || !/^[A-Z_]+$/.test(raw), `${language}: the sentence for ${raw} shows the code itself`);
    }
  }
});

test('Norwegian sentences are not the English ones', () => {
  const en = sentencesIn('en');
  const nb = sentencesIn('nb');
  const same = en.filter((entry, index) => entry.sentence === nb[index].sentence).map((entry) => entry.raw);
  assert.deepEqual(same, []);
});

test('local failures are recognised along the error’s causes, as Node and undici throw them', () => {
  const wrapped = new Error('Could not write avtale.pdf into /mnt/x: permission denied.', { cause: Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' }) });
  assert.equal(describeFailure(wrapped).reason, 'file.accessDenied');
  assert.equal(describeFailure(Object.assign(new Error('ENOENT: no such file or directory, scandir /x'), { code: 'ENOENT' })).reason, 'file.notFound');
  assert.equal(describeFailure(Object.assign(new Error('getaddrinfo ENOTFOUND api.example'), { code: 'ENOTFOUND' })).reason, 'network.hostNotFound');
  assert.equal(describeFailure(Object.assign(new Error('x'), { code: 'ERR_SSL_SOMETHING_NEW' })).reason, 'tls.failed');
  // the raw text stays, for "Details" only
  assert.equal(describeFailure(wrapped).detail, wrapped.message);
  assert.equal(describeFailure(new Error('who knows')).reason, undefined);
  const core = new CoreError('VALIDATION', 'The certificate expired on 2020-01-01.', { reason: 'certificate.expired', params: { date: '2020-01-01T00:00:00Z' } });
  assert.deepEqual(describeFailure(core), { reason: 'certificate.expired', params: { date: '2020-01-01T00:00:00Z' }, detail: core.message });
});

test('a service error names its code once: no "INTERNAL_ERROR: INTERNAL_ERROR:"', () => {
  const error = new PostenError('server', 'The sandbox failed: boom', { status: 500, code: 'INTERNAL_ERROR' });
  assert.equal(error.detail, 'INTERNAL_ERROR, HTTP 500: The sandbox failed: boom');
  assert.equal(error.code, 'INTERNAL_ERROR');
  assert.equal(error.reason, 'service.internalError');
  assert.equal(new PostenError('rejected', 'The service answered HTTP 404', { status: 404 }).code, 'HTTP_404');
  assert.equal(new PostenError('network', 'Could not reach x: connect ECONNREFUSED', { code: 'ECONNREFUSED' }).reason, 'network.refused');
});

test('a failure kept in one text column keeps its reason; older plain text reads as detail only', () => {
  const stored = encodeStoredFailure({ code: 'ENOTFOUND', reason: 'network.hostNotFound', detail: 'getaddrinfo ENOTFOUND api.example' });
  assert.deepEqual(decodeStoredFailure(stored), { reason: 'network.hostNotFound', params: undefined, detail: 'getaddrinfo ENOTFOUND api.example' });
  assert.deepEqual(decodeStoredFailure('Could not reach https://x: fetch failed'), { detail: 'Could not reach https://x: fetch failed' });
  assert.equal(decodeStoredFailure(null), null);
});

test('a date in a failure is written as the language writes dates, not as ISO', () => {
  const nb = failureText(createTranslator('nb'), { reason: 'certificate.expired', params: { date: '2026-03-04T10:15:00Z' } });
  assert.match(nb, /^Sertifikatet gikk ut 4\. mars 2026\.$/);
  assert.doesNotMatch(failureText(createTranslator('en'), { reason: 'certificate.expired', params: { date: '2026-03-04T10:15:00Z' } }), /T10:15|2026-03-04/);
});

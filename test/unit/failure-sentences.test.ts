import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreError } from '../../src-main/core/errors';
import { decodeStoredFailure, describeFailure, encodeStoredFailure, reasonOfStoredCode } from '../../src-main/core/failure';
import { postenErrorReasons, PostenError } from '../../src-main/core/providers/posten/errors';
import { failureReasons, systemErrorReasons, type FailureReason } from '../../src-shared/failure';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProbeFailure } from '../../src-main/core/providers/posten/connection-test';
import { ServiceProblemKind, type JobAttention } from '../../src-shared/contract';
import { connectionTestText, createTranslator, failureText, languages } from '../../src-shared/i18n';
import { attentionText, filingProblemText, serviceProblemText } from '../../src-shared/i18n/attention-words';
import { errorCodes } from '../../src-shared/result';

// Parameters some sentences carry; a sentence must not show a bare placeholder once they are given.
const sampleParams = {
  date: '2026-03-04T10:15:00Z',
  time: '2026-03-05T10:15:00Z',
  folder: '/mnt/share/Signerte',
  parent: '/mnt/share',
  path: '/data/signing-desk.sqlite',
  name: 'avtale.pdf',
  certificate: '123 456 789',
  account: '987 654 321',
  jobs: 2,
  unfinished: 1,
  awaiting: 3,
  megabytes: 8,
};

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

test('a count of jobs in a failure gets the plural the language uses', () => {
  const en = createTranslator('en');
  const nb = createTranslator('nb');
  assert.equal(failureText(en, { reason: 'account.unfinishedJobs', params: { name: 'Sandbox', jobs: 1 } }).split('.')[0], '“Sandbox” has 1 job not finished yet');
  assert.match(failureText(en, { reason: 'account.unfinishedJobs', params: { name: 'Sandbox', jobs: 2 } }), /has 2 jobs not finished/);
  assert.match(failureText(nb, { reason: 'account.unfinishedJobsAndFiles', params: { name: 'Sandbox', unfinished: 1, awaiting: 2 } }), /har 1 oppdrag som .* og 2 oppdrag der/);
});

// ---- The same sentences wherever a failure is shown ----------------------------------------

const [en, nb] = [createTranslator('en'), createTranslator('nb')];
const noPlaceholder = (text: string, what: string) => assert.doesNotMatch(text, /\{\w+\}|^(failure|errorCode|attention|serviceProblem)\./, what);

test('a job that needs attention says why with the failure’s own sentence, in both languages', () => {
  for (const t of [en, nb]) {
    // What a send attempt can fail with: the network, TLS, or the service's answer.
    for (const reason of failureReasons.filter((r) => /^(network|tls|service)\./.test(r))) {
      const notSent: JobAttention = { reason: 'not-sent', failure: reason, nextTryAt: '2026-03-04T10:45:00Z', detail: 'raw' };
      const text = attentionText(t, t.language, notSent, new Date('2026-03-04T08:00:00Z'));
      noPlaceholder(text, `${t.language} not-sent ${reason}`);
      assert.ok(text.includes(failureText(t, { reason })), `${t.language} not-sent ${reason}: ${text}`);
    }
    for (const reason of failureReasons.filter((r) => /^(file|save)\./.test(r))) {
      const notFiled = { reason: 'not-filed', failure: reason, params: sampleParams, folder: sampleParams.folder, since: '2026-03-04T10:00:00Z', detail: 'raw' } as const;
      const text = attentionText(t, t.language, notFiled);
      noPlaceholder(text, `${t.language} not-filed ${reason}`);
      // The folder is named once: by the sentence where it names it, else beside it.
      assert.equal(text.split('/mnt/share/Signerte').length - 1, 1, `${t.language} not-filed ${reason}: ${text}`);
      assert.ok(filingProblemText(t, notFiled).includes(failureText(t, { reason, params: notFiled.params })));
    }
    // Rows from before reasons were stored still read as a sentence.
    noPlaceholder(attentionText(t, t.language, { reason: 'not-sent', failure: null, nextTryAt: null, detail: '' }), 'not-sent without a reason');
    noPlaceholder(attentionText(t, t.language, { reason: 'not-filed', failure: null, folder: null, since: '', detail: '' }), 'not-filed without a reason');
    for (const kind of ServiceProblemKind.options) {
      noPlaceholder(serviceProblemText(t, t.language, 'Posten signering', { kind, since: '2026-03-04T10:00:00Z', detail: '' }), `${t.language} service problem ${kind}`);
    }
  }
});

test('a connection test that fails is worded like any other failure of the same kind', () => {
  for (const code of Object.keys(systemErrorReasons)) {
    const result = describeProbeFailure(new PostenError('network', `Could not reach https://x: ${code}`, { code }));
    for (const t of [en, nb]) {
      const text = connectionTestText(t, result);
      noPlaceholder(text, `${t.language} ${code}`);
      assert.equal(text, failureText(t, { reason: result.reason as FailureReason }));
    }
  }
});

test('the kind of service problem comes from the one table of system codes', () => {
  assert.equal(new PostenError('network', 'x', { code: 'UND_ERR_CONNECT_TIMEOUT' }).problemKind, 'timeout');
  assert.equal(new PostenError('network', 'x', { code: 'ETIMEDOUT' }).problemKind, 'timeout');
  assert.equal(new PostenError('network', 'x', { code: 'ECONNREFUSED' }).problemKind, 'network');
  assert.equal(new PostenError('network', 'x', { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' }).problemKind, 'tls');
  assert.equal(new PostenError('server', 'x', { status: 503 }).problemKind, 'server');
  assert.equal(new PostenError('rejected', 'x', { status: 400 }).problemKind, null);
});

// ---- Every refusal of the core has a reason ------------------------------------------------

const coreRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src-main');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? sourceFiles(join(dir, name)) : /\.tsx?$/.test(name) ? [join(dir, name)] : []));

/** The text of each `new CoreError(…)` call: up to its balancing parenthesis. */
function coreErrorCalls(text: string): string[] {
  const calls: string[] = [];
  for (let at = text.indexOf('new CoreError('); at >= 0; at = text.indexOf('new CoreError(', at + 1)) {
    let depth = 0;
    let end = at + 'new CoreError'.length;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')' && --depth === 0) break;
    }
    calls.push(text.slice(at, end + 1));
  }
  return calls;
}

test('every refusal the core raises carries a reason, so people read it in their language', () => {
  const calls = sourceFiles(coreRoot).flatMap((file) => coreErrorCalls(readFileSync(file, 'utf8')).map((call) => ({ file, call })));
  assert.ok(calls.length > 30, `found only ${calls.length} calls; is the scan still looking in the right place?`);
  // A reason given directly, made by a helper (`openJobsReason(…)`), or passed on whole (`why`).
  const without = calls.filter(({ call }) => !/reason|\bwhy\b/i.test(call)).map(({ file, call }) => `${file.slice(coreRoot.length)}: ${call.replace(/\s+/g, ' ')}`);
  assert.deepEqual(without, []);
});

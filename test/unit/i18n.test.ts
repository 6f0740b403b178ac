import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogues, createTranslator, en, format, formatDateTime, localeOf, nb, resolveLanguage } from '../../src-shared/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('nb has exactly the keys of en', () => {
  assert.deepEqual(Object.keys(nb).sort(), Object.keys(en).sort());
});

test('every message is a non-empty string and uses the same placeholders in both languages', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    for (const [language, catalogue] of Object.entries(catalogues)) {
      assert.equal(typeof catalogue[key], 'string', `${language} ${key}`);
      assert.ok(catalogue[key].trim().length > 0, `${language} ${key} is empty`);
    }
    assert.deepEqual(placeholders(nb[key]), placeholders(en[key]), `placeholders differ for ${key}`);
  }
});

test('nb is actually translated, not a copy of en', () => {
  const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === nb[k]);
  // Product names, service names and a few words are the same in both languages; the rest must differ.
  assert.ok(same.length < Object.keys(en).length * 0.15, `too many untranslated keys: ${same.join(', ')}`);
  assert.equal(nb['nav.settings'], 'Innstillinger');
});

test('resolveLanguage follows an explicit choice', () => {
  assert.equal(resolveLanguage('en', 'nb-NO'), 'en');
  assert.equal(resolveLanguage('nb', 'en-US'), 'nb');
});

test('resolveLanguage maps Norwegian OS languages to nb and everything else to en', () => {
  for (const os of ['nb', 'nb-NO', 'nn-NO', 'no', 'NO', 'nb_NO.UTF-8', 'nn']) {
    assert.equal(resolveLanguage('system', os), 'nb', os);
  }
  for (const os of ['en-US', 'sv-SE', 'da', 'de-DE', '', 'C', 'none']) {
    assert.equal(resolveLanguage('system', os), 'en', os);
  }
  assert.equal(resolveLanguage('system', undefined), 'en');
  assert.equal(resolveLanguage('system', null), 'en');
});

test('format fills placeholders and leaves unknown ones visible', () => {
  assert.equal(format('{signed} of {total} signed', { signed: 2, total: 4 }), '2 of 4 signed');
  assert.equal(format('Hello {who}', {}), 'Hello {who}');
  assert.equal(format('No params'), 'No params');
});

test('createTranslator translates in the chosen language', () => {
  assert.equal(createTranslator('en')('jobs.progress', { signed: 2, total: 4 }), '2 of 4 signed');
  assert.equal(createTranslator('nb')('jobs.progress', { signed: 2, total: 4 }), '2 av 4 har signert');
  assert.equal(createTranslator('nb')('nav.jobs'), 'Oppdrag');
});

test('locale tags and date formatting', () => {
  assert.equal(localeOf('nb'), 'nb-NO');
  assert.equal(localeOf('en'), 'en-GB');
  const iso = '2025-03-04T10:15:00Z';
  assert.match(formatDateTime('en', iso), /2025/);
  assert.match(formatDateTime('nb', iso), /2025/);
  assert.equal(formatDateTime('en', 'not a date'), 'not a date');
});

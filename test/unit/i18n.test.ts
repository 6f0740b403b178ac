import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  catalogues,
  createTranslator,
  dateTimeInputPattern,
  en,
  format,
  formatDateTime,
  formatDateTimeInput,
  formatOrganizationNumber,
  holderText,
  localeOf,
  nb,
  parseDateTimeInput,
  resolveLanguage,
} from '../../src-shared/i18n';

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

// ---- Keys in the code -------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));
const sourceRoots = ['src-renderer', 'src-main', 'src-shared'].map((root) => join(here, '..', '..', root));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/**
 * The message keys the code names literally: `t('…')`, `t.plural('…', n)`, `context.t('…')`,
 * `{ key: '…' }` (the CLI's usage messages) and a command's `summary:` / `help:`. A key that is
 * missing from the catalogue would show as its raw name.
 */
function keysUsedInCode(): { file: string; key: string; plural: boolean }[] {
  const key = `'([a-zA-Z][\\w.-]*)'`;
  const dotted = `'([a-zA-Z][\\w-]*\\.[\\w.-]+)'`;
  const patterns: [RegExp, boolean][] = [
    [new RegExp(`\\bt\\(\\s*${key}`, 'g'), false],
    [new RegExp(`\\bt\\.plural\\(\\s*${key}`, 'g'), true],
    // a choice between two keys: t(ok ? 'cli.testOk' : 'cli.testFailed'), { key: job ? '…' : '…' }
    // (a message key has a dot; a verification finding's `key: 'notPdf'` is not one)
    [new RegExp(`(?:\\bt\\(|\\bkey:)\\s*[\\w.!=&|()\\s'-]*?\\?\\s*${dotted}\\s*:\\s*${dotted}`, 'g'), false],
    [/\bkey:\s*'((?:cli|failure|verification|compose|jobPage)\.[\w.-]+)'/g, false],
    [/\b(?:summary|help):\s*'(cli\.[\w.-]+)'/g, false],
  ];
  return sourceRoots.flatMap(sourceFiles).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return patterns.flatMap(([pattern, plural]) =>
      [...text.matchAll(pattern)].flatMap((m) => m.slice(1).filter((found): found is string => found !== undefined).map((found) => ({ file, key: found, plural }))),
    );
  });
}

test('every message key named in the code is in both catalogues', () => {
  const used = keysUsedInCode();
  assert.ok(used.length > 300, `the scan found only ${used.length} keys; is it still looking in the right places?`);
  const missing = used
    .flatMap(({ file, key, plural }) => (plural ? [`${key}.one`, `${key}.other`] : [key]).map((k) => ({ file, key: k })))
    .flatMap(({ file, key }) => Object.entries(catalogues).filter(([, catalogue]) => !(key in catalogue)).map(([language]) => `${language}: ${key} (${file})`));
  assert.deepEqual(missing, []);
});

test('plurals follow Intl.PluralRules: "1 side", "2 sider", "0 sider"', () => {
  const nbT = createTranslator('nb');
  const enT = createTranslator('en');
  assert.equal(nbT.plural('count.pages', 1), '1 side');
  assert.equal(nbT.plural('count.pages', 2), '2 sider');
  assert.equal(nbT.plural('count.pages', 0), '0 sider');
  assert.equal(nbT.plural('count.documents', 1), '1 dokument');
  assert.equal(enT.plural('count.pages', 1), '1 page');
  assert.equal(enT.plural('count.days', 1.5), '1.5 days');
  assert.equal(nbT.plural('count.days', 1.5), '1,5 dager');
  assert.equal(nbT('compose.documents.count', { documents: nbT.plural('count.documents', 1), pages: nbT.plural('count.pages', 1) }), '1 dokument, 1 side i alt');
  // Every plural the code uses has both forms in both languages (checked above); "other" shows the count.
  for (const { key } of keysUsedInCode().filter((used) => used.plural)) {
    for (const [language, catalogue] of Object.entries(catalogues)) {
      assert.match((catalogue as Record<string, string>)[`${key}.other`], /\{count\}/, `${language} ${key}.other`);
    }
  }
});

test('dates typed by hand read as the language writes them', () => {
  assert.equal(dateTimeInputPattern('nb'), 'dd.mm.åååå tt:mm');
  assert.equal(formatDateTimeInput('nb', '2026-12-31T14:30'), '31.12.2026 14:30');
  assert.equal(formatDateTimeInput('en', '2026-12-31T14:30'), '31/12/2026 14:30');
  assert.equal(parseDateTimeInput('31.12.2026 14:30'), '2026-12-31T14:30');
  assert.equal(parseDateTimeInput('1.2.2027 kl. 08.05'), '2027-02-01T08:05');
  assert.equal(parseDateTimeInput('31/12/2026 14:30'), '2026-12-31T14:30');
  assert.equal(parseDateTimeInput('2026-12-31T14:30'), '2026-12-31T14:30');
  for (const wrong of ['31.02.2026 12:00', '12/31/2026 10:00', '31.12.2026', '31.12.2026 25:00', 'i morgen', '']) {
    assert.equal(parseDateTimeInput(wrong), null, wrong);
  }
});

test('certificate holders read as a name with an organisation number', () => {
  assert.equal(formatOrganizationNumber('984661185'), '984 661 185');
  assert.equal(holderText(createTranslator('en'), { name: 'Posten Norge AS', organizationNumber: '984661185' }), 'Posten Norge AS (org. no. 984 661 185)');
  assert.equal(holderText(createTranslator('nb'), { name: 'Posten Norge AS', organizationNumber: '984661185' }), 'Posten Norge AS (org.nr. 984 661 185)');
  assert.equal(holderText(createTranslator('nb'), { name: 'Kari Nordmann', organizationNumber: null }), 'Kari Nordmann');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_NAMING_PATTERN, isIdentityNumber, sanitizeComponent, signedFileNames, unknownNamingTokens } from '../../src-main/core/filing/naming';
import { defaultSaveFolder } from '../../src-main/core/filing/save-folder';

// a valid-checksum synthetic national identity number
const NIN = '01017000027';
const signers = [
  { position: 1, email: 'kari@example.no', name: 'Kari Nordmann' },
  { position: 2, mobile: '+47 99 88 77 66' },
  { position: 3, name: null, email: null, mobile: null }, // addressed only by national identity number
];
const job = { title: 'Arbeidsavtale', reference: null, id: 'job-42', completedAt: '2026-03-01T12:00:00Z' };

test('the default pattern files the PDF under the title and puts each XAdES beside it', () => {
  const names = signedFileNames(DEFAULT_NAMING_PATTERN, job, signers);
  assert.equal(names.pades, 'Arbeidsavtale/Arbeidsavtale - signed.pdf');
  // The signer's name when there is one (it used to be the e-mail address even then).
  assert.equal(names.xades(0), 'Arbeidsavtale/Arbeidsavtale - signed - signer 1 (Kari Nordmann).xades.xml');
  assert.equal(names.xades(1), 'Arbeidsavtale/Arbeidsavtale - signed - signer 2 (+47 99 88 77 66).xades.xml');
  assert.equal(names.xades(2), 'Arbeidsavtale/Arbeidsavtale - signed - signer 3.xades.xml');
  const all = [names.pades, ...[0, 1, 2].map(names.xades)];
  assert.ok(all.every((n) => n.startsWith('Arbeidsavtale/Arbeidsavtale - signed')), 'they sort together');
});

test('a job whose documents are signed one by one (Rest PKI Core) files each under its own title, beside the job\'s PDF', () => {
  const names = signedFileNames(DEFAULT_NAMING_PATTERN, job, signers);
  assert.equal(names.document('Vedlegg A'), 'Arbeidsavtale/Vedlegg A - signed.pdf');
  assert.equal(names.document('a/b: c'), 'Arbeidsavtale/a_b_ c - signed.pdf');
  assert.equal(signedFileNames(DEFAULT_NAMING_PATTERN, job, signers, 'nb').document('Vedlegg A'), 'Arbeidsavtale/Vedlegg A - signert.pdf');
});

test('the reference names the folder when there is one; tokens are filled', () => {
  const names = signedFileNames(DEFAULT_NAMING_PATTERN, { ...job, reference: 'HR-2026-17' }, signers);
  assert.equal(names.pades, 'HR-2026-17/Arbeidsavtale - signed.pdf');
  const custom = signedFileNames('{date}/{reference} {job id} {title}', { ...job, reference: 'R1' }, signers);
  assert.match(custom.pades, /^2026-0[23]-0[12]\/R1 job-42 Arbeidsavtale\.pdf$/);
  assert.deepEqual(unknownNamingTokens('{title}/{nope} {Reference or Title}'), ['{nope}']);
  assert.equal(signedFileNames('', job, signers).pades, 'Arbeidsavtale/Arbeidsavtale - signed.pdf');
});

test('signers are numbered by position, whatever the array order or base', () => {
  const names = signedFileNames(DEFAULT_NAMING_PATTERN, job, [
    { position: 5, email: 'b@example.no' },
    { position: 0, email: 'a@example.no' },
  ]);
  assert.match(names.xades(0), /signer 2 \(b@example\.no\)/);
  assert.match(names.xades(1), /signer 1 \(a@example\.no\)/);
  assert.throws(() => names.xades(7), RangeError);
});

test("each XAdES is named by the signer's name, else e-mail, else phone, never by identity number", () => {
  const names = signedFileNames(DEFAULT_NAMING_PATTERN, job, [
    { position: 0, name: 'Kari Nordmann', email: 'kari@example.no', mobile: '98765432' },
    { position: 1, name: '  ', email: 'ola@example.no', mobile: '98765432' },
    { position: 2, name: null, email: null, mobile: '+46701234567' },
    { position: 3, name: NIN, email: 'per@example.no' },
    { position: 4, name: 'Åse Ærlig-Øvre' },
  ]);
  assert.equal(names.xades(0), 'Arbeidsavtale/Arbeidsavtale - signed - signer 1 (Kari Nordmann).xades.xml');
  assert.equal(names.xades(1), 'Arbeidsavtale/Arbeidsavtale - signed - signer 2 (ola@example.no).xades.xml');
  assert.equal(names.xades(2), 'Arbeidsavtale/Arbeidsavtale - signed - signer 3 (+46701234567).xades.xml');
  assert.equal(names.xades(3), 'Arbeidsavtale/Arbeidsavtale - signed - signer 4 (per@example.no).xades.xml');
  assert.equal(names.xades(4), 'Arbeidsavtale/Arbeidsavtale - signed - signer 5 (Åse Ærlig-Øvre).xades.xml');
});

test('no national identity number ever appears in a name', () => {
  assert.equal(isIdentityNumber(NIN), true);
  assert.equal(isIdentityNumber('01017000028'), false);
  const sneaky = [
    { position: 1, name: NIN },
    { position: 2, email: `${NIN}@example.no` },
    { position: 3, mobile: '010170 00027' },
    { position: 4, mobile: `+${NIN}` },
  ];
  const names = signedFileNames('{reference or title}/{title} - signed.pdf', { ...job, title: `Avtale for ${NIN}`, reference: `Ref 010170 00027` }, sneaky);
  const all = [names.pades, ...[0, 1, 2, 3].map(names.xades)];
  for (const name of all) {
    assert.ok(!/\d{11}/.test(name.replace(/[\s.-]/g, '')), `identity number in ${name}`);
    assert.match(name, /xxxxxxxxxxx/);
  }
  assert.equal(names.xades(0), 'Ref xxxxxxxxxxx/Avtale for xxxxxxxxxxx - signed - signer 1.xades.xml');
});

test('names are safe on Windows, macOS and Linux', () => {
  const nasty = signedFileNames(DEFAULT_NAMING_PATTERN, { ...job, title: 'A<b>:c"d|e?f*g\\h/i\u0001j. . ', reference: 'CON' }, signers);
  assert.equal(nasty.pades, 'CON_/A_b__c_d_e_f_g_h_i_j - signed.pdf');
  for (const reserved of ['nul', 'COM1', 'lpt9', 'Aux.txt']) {
    const [folder] = signedFileNames(DEFAULT_NAMING_PATTERN, { ...job, reference: reserved }, signers).pades.split('/');
    assert.notEqual(folder.split('.')[0].toLowerCase(), reserved.split('.')[0].toLowerCase());
  }
  const empty = signedFileNames(DEFAULT_NAMING_PATTERN, { ...job, title: ' ... ' }, signers);
  assert.equal(empty.pades, 'Untitled/Untitled - signed.pdf');
  const long = signedFileNames(DEFAULT_NAMING_PATTERN, { ...job, title: 'Å'.repeat(300) }, signers);
  for (const name of [long.pades, long.xades(0), long.xades(2)]) {
    for (const component of name.split('/')) {
      assert.ok([...component].length <= 120, `${component.length} chars`);
      assert.ok(!/[.\s]$/.test(component));
    }
  }
  assert.match(long.pades, /\.pdf$/);
  assert.match(long.xades(0), / - signer 1\.xades\.xml$/, 'the contact goes first when the name is too long');
  const leadingDot = signedFileNames('{title}.pdf', { ...job, title: '.hidden' }, signers);
  assert.equal(leadingDot.pades, 'hidden.pdf');
});

test('neither the pattern nor the values can reach outside the target folder', () => {
  const traversal = signedFileNames('../../{title}/./{reference}', { ...job, title: '../../etc', reference: '..' }, signers);
  for (const name of [traversal.pades, traversal.xades(0)]) {
    assert.ok(!name.split('/').some((c) => c === '..' || c === '.' || c === ''), name);
    assert.ok(!name.startsWith('/'));
  }
  assert.equal(traversal.pades, '_.._etc/Untitled.pdf');
  const absolute = signedFileNames('/etc/C:\\Windows/{title}', job, signers);
  assert.equal(absolute.pades, 'etc/C_/Windows/Arbeidsavtale.pdf');
});

test('in Norwegian the words the app adds are Norwegian; what the user typed is kept', () => {
  const names = signedFileNames(DEFAULT_NAMING_PATTERN, job, signers, 'nb');
  assert.equal(names.pades, 'Arbeidsavtale/Arbeidsavtale - signert.pdf');
  assert.equal(names.xades(0), 'Arbeidsavtale/Arbeidsavtale - signert - undertegner 1 (Kari Nordmann).xades.xml');
  assert.equal(names.xades(2), 'Arbeidsavtale/Arbeidsavtale - signert - undertegner 3.xades.xml');
  assert.equal(signedFileNames(DEFAULT_NAMING_PATTERN, { ...job, title: ' ... ' }, signers, 'nb').pades, 'Uten tittel/Uten tittel - signert.pdf');
  // A default saved while Norwegian was chosen follows the language back to English.
  assert.equal(signedFileNames('{reference or title}/{title} - signert.pdf', job, signers, 'en').pades, 'Arbeidsavtale/Arbeidsavtale - signed.pdf');
  assert.equal(signedFileNames('', job, signers, 'nb').pades, 'Arbeidsavtale/Arbeidsavtale - signert.pdf');
  // A pattern the user wrote is theirs, in any language.
  assert.equal(signedFileNames('{title} - signed by all.pdf', job, signers, 'nb').pades, 'Arbeidsavtale - signed by all.pdf');
});

test('the app’s own save folder is named in the language, and an existing one keeps being used', () => {
  const parent = mkdtempSync(join(tmpdir(), 'sd-folder-'));
  try {
    assert.equal(defaultSaveFolder(parent, 'nb'), join(parent, 'Signerte dokumenter'));
    assert.equal(defaultSaveFolder(parent, 'en'), join(parent, 'Signed documents'));
    mkdirSync(join(parent, 'Signed documents'));
    assert.equal(defaultSaveFolder(parent, 'nb'), join(parent, 'Signed documents'), 'files filed before the switch stay where they are');
    mkdirSync(join(parent, 'Signerte dokumenter'));
    assert.equal(defaultSaveFolder(parent, 'nb'), join(parent, 'Signerte dokumenter'));
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('bidirectional control characters never reach a file name', () => {
  // U+202E turns "fdp.exe" into what looks like "exe.pdf"; the marks are invisible in a file manager.
  const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f'];
  const title = `Invoice${bidi.join('')}fdp.exe`;
  const names = signedFileNames('{title}/{reference} {title}.pdf', { id: 'job-1', title, reference: 'REF\u202e1' }, [{ position: 0, email: 'kari\u2066@example.no' }]);
  for (const name of [names.pades, names.xades(0)]) {
    assert.doesNotMatch(name, /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/u, name);
  }
  assert.equal(names.pades, 'Invoicefdp.exe/REF1 Invoicefdp.exe.pdf');
  assert.equal(sanitizeComponent('\u202eabc'), 'abc');
});

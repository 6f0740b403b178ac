// The bad-input corpus (test/fixtures/bad-inputs/cases.ts), one case at a time, through the real
// core: a SQLite file in a temp folder, its dispatcher, the local sandbox over HTTPS/mTLS for the
// cases that go on to filing. For every case: the outcome the table names, the error in words, no
// polluted prototype, and no file written outside the app's folders (for a refusal: none at all).
//
// Everything the app could write by mistake lands inside one temp root, whose file list is compared
// before and after each case: the data folder (app/), the save folders (saved/), and, pointed there
// for this test, the working directory, the temp folder and the home folder.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { DEFAULT_NAMING_PATTERN } from '../../src-main/core/filing/naming';
import { methodNames, type JobDetail } from '../../src-shared/contract';
import { createTranslator, failureText } from '../../src-shared/i18n';
import { errorCodes, type ErrorValue } from '../../src-shared/result';
import { badInputCases, type BadInputCase, type Fixtures } from '../fixtures/bad-inputs/cases';
import { makeCertificateUploads, type CertificateKind, type CertificateUpload } from '../fixtures/bad-inputs/certificates';
import { createTestCore } from '../support/core';
import { addSandboxAccount, call, control, startTestSandbox } from '../support/sandbox-account';

const here = dirname(fileURLToPath(import.meta.url));
const FILES = resolve(here, '../fixtures/bad-inputs/files');
const root = mkdtempSync(join(tmpdir(), 'sd-bad-inputs-'));
const dataDir = join(root, 'app');
const savedRoot = join(root, 'saved');
const generatedDir = join(root, 'fixtures');
/** The test's own: the sandbox's data (the service, not the app) and the large files made here. */
const notTheApps = ['sandbox/', 'fixtures/', 'cwd/node_modules'];
const saved = { cwd: process.cwd(), env: { TMPDIR: process.env.TMPDIR, HOME: process.env.HOME } };

let sandbox: RunningSandbox;
let core: Core;
let fx: Fixtures;

const en = createTranslator('en');
const nb = createTranslator('nb');
const prototypeKeys = () => [Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort().join(','));
const prototypesBefore = prototypeKeys();

// ---- What is in the temp root -------------------------------------------------------------------

/** Every file and folder under the root (folders end in /), without following links; the app's database journal aside. */
function fileList(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = relative(root, join(dir, entry.name)) + (entry.isDirectory() ? '/' : '');
      if (notTheApps.some((prefix) => path.startsWith(prefix))) continue;
      if (/^app\/signing-desk\.sqlite-(wal|shm|journal)$/.test(path)) continue;
      found.add(path);
      if (entry.isDirectory()) walk(join(dir, entry.name));
    }
  };
  walk(root);
  return found;
}

/** Files under `folder`, relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

// ---- Large files, made here rather than committed --------------------------------------------------

/** A valid one-page PDF of exactly `size` bytes (an unused stream pads it). */
async function pdfOfSize(size: number): Promise<Buffer> {
  let padding = size - 1500;
  for (let attempt = 0; attempt < 6; attempt++) {
    const pdf = await PDFDocument.create({ updateMetadata: false });
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([595, 842]).drawText('Padded agreement', { x: 60, y: 760, size: 18, font });
    pdf.context.register(pdf.context.stream(new Uint8Array(padding)));
    const bytes = Buffer.from(await pdf.save({ useObjectStreams: false }));
    if (bytes.length === size) return bytes;
    padding += size - bytes.length;
  }
  throw new Error(`could not make a PDF of ${size} bytes`);
}

async function makeLargeFiles(): Promise<void> {
  mkdirSync(generatedDir);
  const tenMiB = 10 * 1024 * 1024;
  writeFileSync(join(generatedDir, 'exactly-10MiB.pdf'), await pdfOfSize(tenMiB));
  writeFileSync(join(generatedDir, '10MiB-plus-1.pdf'), await pdfOfSize(tenMiB + 1));
  writeFileSync(join(generatedDir, '11MB-zeros.pdf'), Buffer.alloc(11_000_000));
  writeFileSync(join(generatedDir, '60MB.pdf'), Buffer.concat([readFileSync(join(FILES, 'plain.pdf')), Buffer.alloc(60_000_000)]));
}

// ---- The fixtures the cases use ----------------------------------------------------------------

async function makeFixtures(): Promise<Fixtures> {
  const sandboxCa = readFileSync(sandbox.info.caCertificate, 'utf8');
  const goodP12 = readFileSync(sandbox.info.senderCertificate);
  const certificates = makeCertificateUploads({ p12: goodP12, passphrase: sandbox.info.senderCertificatePassword }, readFileSync(join(FILES, 'plain.pdf')));
  const accountSaveFolder = join(savedRoot, 'account');
  mkdirSync(accountSaveFolder, { recursive: true });
  const sandboxAccount = await addSandboxAccount(core, sandbox, { saveFolder: accountSaveFolder });
  const offline = await call(core, 'accounts.add', {
    name: 'Never synced',
    environment: 'production',
    organizationNumber: sandbox.info.senderOrganizationNumber,
    certificate: { fileBase64: goodP12.toString('base64'), passphrase: sandbox.info.senderCertificatePassword },
  });
  const existingFolder = join(savedRoot, 'existing');
  mkdirSync(existingFolder);
  const existingFile = join(savedRoot, 'a-file.pdf');
  writeFileSync(existingFile, 'not a folder');

  const file = (name: string) => (name.startsWith('generated:') ? readFileSync(join(generatedDir, name.slice('generated:'.length))) : readFileSync(join(FILES, name)));
  const stage = async (name = 'plain.pdf') => (await call(core, 'documents.stage', { fileName: name, contentBase64: file(name).toString('base64') })).id;
  const sync = () => call(core, 'sync.run', { accountId: sandboxAccount.id });

  async function signAndFile(jobId: string): Promise<string[]> {
    const before = new Set(filesUnder(accountSaveFolder));
    await sync();
    const sent: JobDetail = await call(core, 'jobs.get', { id: jobId });
    assert.ok(sent.serviceJobId, `the sandbox did not take the job: ${sent.lastErrorCode} ${sent.lastErrorMessage}`);
    for (const index of sent.signers.keys()) await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/${index}/sign`);
    // The signed PDF and one XAdES per signer; a few passes: status, download, filing.
    const expected = 1 + sent.signers.length;
    let added: string[] = [];
    for (let pass = 0; pass < 6 && added.length < expected; pass++) {
      await sync();
      added = filesUnder(accountSaveFolder).filter((name) => !before.has(name));
    }
    return added;
  }

  let completed: Promise<string> | undefined;
  const completedJob = () =>
    (completed ??= (async () => {
      const job = await call(core, 'jobs.create', {
        flow: 'portal',
        accountId: sandboxAccount.id,
        title: 'Filed agreement',
        documents: [{ stagedId: await stage(), title: 'Agreement' }],
        signers: [{ email: 'kari@example.no', step: 1 }],
      });
      const files = await signAndFile(job.id);
      assert.equal(files.length, 2, `the completed job's files: ${files.join(', ')}`);
      return job.id;
    })());

  return {
    accountId: offline.id,
    sandboxAccountId: sandboxAccount.id,
    sandboxAccountInput: () => ({
      name: 'Sandbox again',
      environment: 'custom',
      apiRoot: sandbox.info.apiRoot,
      organizationNumber: sandbox.info.senderOrganizationNumber,
      caCertificatesPem: sandboxCa,
      serverOrganizationNumber: sandbox.info.serverOrganizationNumber,
      certificate: certificates.good,
    }),
    file,
    certificate: (kind: CertificateKind): CertificateUpload => certificates[kind],
    stage,
    signAndFile,
    completedJob,
    async saveCompletedJobAgain() {
      const id = await completedJob();
      const folder = mkdtempSync(join(savedRoot, 'again-'));
      await call(core, 'jobs.saveAgain', { id, folder });
      return filesUnder(folder);
    },
    existingFolder,
    existingFile,
    missingParentFolder: join(savedRoot, 'no-such-parent', 'signed'),
  };
}

// ---- Checking one case ------------------------------------------------------------------------

/** An error a person can be told about: a known code, a bounded message without a stack or a schema dump, and a sentence in both languages. */
function assertWorded(error: ErrorValue): void {
  assert.ok((errorCodes as readonly string[]).includes(error.code), `unknown code ${error.code}`);
  assert.ok(error.message.length > 0 && error.message.length <= 1000, `a message of ${error.message.length} characters`);
  assert.doesNotMatch(error.message, /^\s+at |\(\S+:\d+:\d+\)|node:internal/m, 'no stack trace');
  assert.doesNotMatch(error.message, /"(code|path|expected|origin|keys)":|ZodError|\[object Object\]/, 'no schema dump');
  assert.doesNotMatch(error.message, /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b|\bERR_[A-Z_]{4,}/, 'no bare system error');
  for (const t of [en, nb]) {
    const sentence = failureText(t, error);
    assert.ok(sentence && !/^(failure|errorCode)\./.test(sentence), `no words for ${error.code} ${error.reason ?? ''}`);
  }
  for (const issue of error.issues ?? []) assert.ok(issue.message.length <= 1000 && issue.path.length <= 1000, 'issues stay short too');
}

async function run(c: BadInputCase): Promise<void> {
  const input = c.make ? await c.make(fx) : c.input;
  const before = fileList();
  const result = await core.dispatch(c.method, input);
  const expected = c.expect;

  if ('refused' in expected) {
    assert.ok(!result.ok, `expected a refusal, got ${JSON.stringify(result).slice(0, 300)}`);
    assert.equal(result.error.code, expected.refused, result.error.message);
    assert.match(result.error.message, expected.message);
    if (expected.reason) assert.equal(result.error.reason, expected.reason, result.error.message);
    assertWorded(result.error);
  } else {
    assert.ok(result.ok, `expected ${'flagged' in expected ? 'a flagged document' : 'acceptance'}, got ${JSON.stringify(result).slice(0, 400)}`);
    const value = result.value as { problem?: string | null; problemMessage?: string | null; warnings?: string[] };
    if ('flagged' in expected) {
      assert.equal(value.problem, expected.flagged, value.problemMessage ?? '');
      assert.match(value.problemMessage ?? '', expected.message);
    } else {
      if (c.method === 'documents.stage') assert.deepEqual(value.warnings, expected.warnings ?? []);
      await expected.check?.(result.value, fx);
    }
  }

  const after = fileList();
  const added = [...after].filter((path) => !before.has(path));
  const removed = [...before].filter((path) => !after.has(path));
  const outsideTheApp = [...added, ...removed].filter((path) => !path.startsWith('app/') && !path.startsWith('saved/'));
  assert.deepEqual(outsideTheApp, [], 'nothing written or removed outside the data folder and the save folders');
  if (!('accepted' in expected)) assert.deepEqual({ added, removed }, { added: [], removed: [] }, 'a refusal writes nothing');
  if ('accepted' in expected && c.method === 'documents.stage') assert.ok(added.every((path) => path === 'app/documents/' || path.startsWith('app/documents/staging/')), added.join(', '));

  assert.deepEqual(prototypeKeys(), prototypesBefore, 'no prototype polluted');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
}

// ---- The corpus ---------------------------------------------------------------------------------

const casesByGroup = new Map<string, BadInputCase[]>();
for (const c of badInputCases) casesByGroup.set(c.group, [...(casesByGroup.get(c.group) ?? []), c]);

before(async () => {
  // Anything written relative to the working directory, or into the temp or home folder, lands in
  // the root where the file list sees it. The certificate worker finds tsx through node_modules.
  for (const dir of ['cwd', 'tmp', 'home']) mkdirSync(join(root, dir));
  symlinkSync(resolve(here, '../../node_modules'), join(root, 'cwd', 'node_modules'));
  process.chdir(join(root, 'cwd'));
  process.env.TMPDIR = join(root, 'tmp');
  process.env.HOME = join(root, 'home');
  sandbox = await startTestSandbox(root);
  core = createTestCore(dataDir);
  await makeLargeFiles();
  fx = await makeFixtures();
  const groups = [...casesByGroup].map(([group, list]) => `${group} ${list.length}`);
  console.log(`bad-input corpus: ${badInputCases.length} cases (${groups.join(', ')})`);
});

after(async () => {
  process.chdir(saved.cwd);
  for (const [key, value] of Object.entries(saved.env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await core?.close();
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

test('the corpus has at least 200 cases, each named once, and bad input for every contract method', () => {
  assert.ok(badInputCases.length >= 200, `${badInputCases.length} cases`);
  assert.equal(new Set(badInputCases.map((c) => c.name)).size, badInputCases.length, 'unique names');
  const untested = methodNames.filter((method) => !badInputCases.some((c) => c.group === 'contract' && c.method === method));
  assert.deepEqual(untested, []);
});

for (const [group, list] of casesByGroup) {
  describe(`bad input: ${group}`, () => {
    for (const c of list) {
      test(c.name, async () => {
        try {
          await run(c);
        } finally {
          // A case that changed the naming pattern leaves the next one the default.
          if (c.method === 'settings.update') await core.dispatch('settings.update', { fileNamePattern: DEFAULT_NAMING_PATTERN });
        }
      });
    }
  });
}

test('the app still answers after the whole corpus', async () => {
  const info = await core.dispatch('app.info', {});
  assert.ok(info.ok);
  const integrity = core.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
  assert.equal(integrity.integrity_check, 'ok');
});

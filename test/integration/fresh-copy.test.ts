/**
 * The product stands on its own: a copy of the repository with nothing beside it (no `../shared`)
 * builds, starts the demo sandbox and sends a portal job that the sandbox accepts, which needs the
 * official XSDs that ship inside the project.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findAppRoot } from '../../src-main/core/host/app-paths';
import { tempDir } from '../support/core';
import { samplePdf } from '../support/sandbox-account';

const repoRoot = findAppRoot();
const dir = tempDir('sd-fresh-copy-');
const copy = join(dir.path, 'signing-desk');
const dataDir = join(dir.path, 'data');

/** Runs the copy's own CLI from inside the copy, as a user would after `npm install`. */
function cli(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(copy, 'bin/signing-desk.cjs'), '--data-dir', dataDir, ...argv], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, SIGNING_DESK_SHARED_DIR: '' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(...argv: string[]): T {
  const result = cli(...argv, '--json');
  assert.equal(result.status, 0, `${argv.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

before(async () => {
  // Every file git knows about (committed or new, not ignored): what a clone plus local work holds.
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && !/^(node_modules|dist)(\/|$)/.test(file) && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy, file));
  }
  // `npm install` would fill node_modules; the installed one is the same packages.
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: copy, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  mkdirSync(join(dir.path, 'files'));
  writeFileSync(join(dir.path, 'files', 'contract.pdf'), await samplePdf('Contract'));
});

after(() => dir.remove());

test('the copy has nothing beside it to lean on', () => {
  assert.equal(existsSync(join(dir.path, 'shared')), false);
  assert.ok(existsSync(join(copy, 'dist/schemas/posten/xsd/direct-and-portal.xsd')), 'the build ships the XSDs');
  assert.ok(existsSync(join(copy, 'dist/schemas/posten/LICENSE')), 'with their licence');
});

test('a fresh copy sends a portal job through the demo sandbox, which validates and accepts it', () => {
  const account = json<{ id: string }>('accounts', 'add', 'demo');
  const created = json<{ id: string; status: string }>(
    'jobs', 'create', 'portal', '--account', account.id, '--title', 'Fresh copy',
    '--document', join(dir.path, 'files', 'contract.pdf'), '--signer', 'email=kari@example.no',
  );
  assert.equal(created.status, 'queued');
  const sync = cli('sync', '--once');
  assert.equal(sync.status, 0, sync.stderr);
  const job = json<{ status: string; lastError?: unknown; serviceJobId?: unknown }>('jobs', 'show', created.id);
  assert.equal(job.status, 'in_progress', `the sandbox did not accept the job: ${JSON.stringify(job)}`);
});

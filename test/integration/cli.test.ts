import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src-main/cli/run';
import { openDatabase } from '../../src-main/core/db/open';
import { updateSettings } from '../../src-main/core/db/repositories/settings';
import { join } from 'node:path';
import { tempDir } from '../support/core';
import { seedJobs } from '../support/seed';

const dir = tempDir();
after(() => dir.remove());

async function cliWith(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

// English whatever the machine's locale: the language otherwise comes from LANG / LC_ALL.
const cli = (...argv: string[]) => cliWith({ LANG: 'en_GB.UTF-8' }, ...argv);

test('info --json names the data folder it was given', async () => {
  const result = await cli('--data-dir', dir.path, '--json', 'info');
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).dataDir, dir.path);
});

test('jobs list --json prints the jobs with their ids and status', async () => {
  const db = openDatabase(join(dir.path, 'signing-desk.sqlite'));
  seedJobs(db, 30);
  db.close();
  const result = await cli('jobs', 'list', '--data-dir', dir.path, '--json', '--filter', 'completed');
  assert.equal(result.code, 0, result.stderr);
  const jobs = JSON.parse(result.stdout) as { id: string; status: string }[];
  assert.ok(jobs.length > 0);
  assert.ok(jobs.every((job) => job.id && job.status === 'COMPLETED_SUCCESSFULLY'));
  const human = await cli('jobs', 'list', '--data-dir', dir.path, '--limit', '5');
  assert.match(human.stdout, /\(5 of 30 shown\)/);
});

test('bad usage exits 2 with a message; an unknown command too', async () => {
  const badFilter = await cli('--data-dir', dir.path, 'jobs', 'list', '--filter', 'sometimes');
  assert.equal(badFilter.code, 2);
  assert.match(badFilter.stderr, /filter/);
  const unknown = await cli('--data-dir', dir.path, 'frobnicate');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown command/);
  assert.equal((await cli()).code, 2);
});

test('a database it cannot read exits 1 with a one-line message', async () => {
  const broken = tempDir();
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(broken.path, 'signing-desk.sqlite'), 'not a database'.repeat(100));
    const result = await cli('--data-dir', broken.path, 'accounts', 'list');
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /cannot be read/);
  } finally {
    broken.remove();
  }
});

test('in Norwegian (LANG=nb_NO) a failure is a Norwegian sentence; --json stays as it is', async () => {
  const nb = async (...argv: string[]) => cliWith({ LANG: 'nb_NO.UTF-8' }, ...argv);
  const missing = await nb('--data-dir', dir.path, 'jobs', 'show', 'no-such-job');
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Oppdraget finnes ikke.\n');
  const english = await cliWith({ LANG: 'en_GB.UTF-8' }, '--data-dir', dir.path, 'jobs', 'show', 'no-such-job');
  assert.equal(english.stderr, 'There is no such job.\n');

  const human = await nb('--data-dir', dir.path, 'jobs', 'list', '--limit', '5');
  assert.match(human.stdout, /^ID\s+STATUS\s+SIGNERT\s+ENDRET\s+TITTEL/);
  assert.match(human.stdout, /\(5 av 30 vist\)/);
  assert.doesNotMatch(human.stdout, /\d{4}-\d{2}-\d{2}T/, 'times in local time, not ISO');
  const usage = await nb('--data-dir', dir.path, 'frobnicate');
  assert.match(usage.stderr, /^Ukjent kommando: frobnicate/);

  const jsonNb = JSON.parse((await nb('--data-dir', dir.path, '--json', 'jobs', 'list', '--limit', '3')).stdout);
  const jsonEn = JSON.parse((await cliWith({ LANG: 'en_GB.UTF-8' }, '--data-dir', dir.path, '--json', 'jobs', 'list', '--limit', '3')).stdout);
  assert.deepEqual(jsonNb, jsonEn);
});

test('the language chosen in Settings wins over LANG, as in the app', async () => {
  const db = openDatabase(join(dir.path, 'signing-desk.sqlite'));
  updateSettings(db, { language: 'nb' });
  db.close();
  try {
    const result = await cliWith({ LANG: 'en_US.UTF-8' }, '--data-dir', dir.path, 'jobs', 'show', 'no-such-job');
    assert.equal(result.stderr, 'Oppdraget finnes ikke.\n');
  } finally {
    const reset = openDatabase(join(dir.path, 'signing-desk.sqlite'));
    updateSettings(reset, { language: 'system' });
    reset.close();
  }
});

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
  assert.ok(jobs.every((job) => job.id && job.status === 'completed'));
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

test('an unknown subcommand is named as such, with the likely one and the valid ones; exit 2', async () => {
  const unknown = await cli('--data-dir', dir.path, 'jobs', 'frobnicate');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^Unknown command 'jobs frobnicate'\. Did you mean one of these\?\n/);
  for (const valid of ['jobs list', 'jobs show', 'jobs cancel', 'jobs save', 'jobs create portal']) assert.match(unknown.stderr, new RegExp(`\\n  ${valid} `), valid);
  assert.doesNotMatch(unknown.stderr, /accounts list/, 'only the commands under jobs');

  const typo = await cli('--data-dir', dir.path, 'jobs', 'shwo', 'some-id');
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^Unknown command 'jobs shwo'\. Did you mean 'jobs show'\?/);
  const group = await cli('--data-dir', dir.path, 'acounts', 'list');
  assert.equal(group.code, 2);
  assert.match(group.stderr, /^Unknown command 'acounts'\. Did you mean 'accounts list'\?/);
  const deeper = await cli('--data-dir', dir.path, 'jobs', 'create', 'fax');
  assert.equal(deeper.code, 2);
  assert.match(deeper.stderr, /^Unknown command 'jobs create fax'\./);

  const missing = await cli('--data-dir', dir.path, 'jobs');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^Missing subcommand after 'jobs'\./);
});

test('an ID may be shortened to a prefix only one job or account has; an ambiguous one lists the candidates', async () => {
  const prefixDir = tempDir();
  try {
    const db = openDatabase(join(prefixDir.path, 'signing-desk.sqlite'));
    seedJobs(db, 12, { accountId: '3f2a9c41-0b6e-4c1d-9a53-0e8f7d6c5b41' });
    db.prepare(`INSERT INTO accounts (id, provider, name, environment, created_at, updated_at) VALUES ('3f2b1d07-7c3a-4e2f-8b14-5a6c7d8e9f01', 'posten', 'Other', 'test', '2026-01-01', '2026-01-01')`).run();
    db.close();
    const run = (...argv: string[]) => cli('--data-dir', prefixDir.path, ...argv);

    const shown = await run('jobs', 'show', 'job-000011', '--json');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(JSON.parse(shown.stdout).id, 'job-000011', 'a whole ID that is also a prefix of none other');
    const byPrefix = await run('jobs', 'show', 'job-0000', '--json');
    assert.equal(byPrefix.code, 2);
    assert.match(byPrefix.stderr, /^job-0000 is the start of the ID of more than 10 jobs; type more of it:\n {2}job-000000 {2}/);
    const ambiguous = await run('jobs', 'show', 'job-00001');
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /^job-00001 is the start of the ID of 2 jobs; type more of it:\n {2}job-000010 {2}\S+ {2}\S+ 10\n {2}job-000011 {2}/);
    const unknown = await run('jobs', 'show', 'job-9');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'There is no job whose ID is or starts with job-9.\n');

    const listed = await run('jobs', 'list', '--account', '3f2a', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 12, 'the jobs of the one account whose ID starts 3f2a');
    const twoAccounts = await run('jobs', 'list', '--account', '3f2');
    assert.equal(twoAccounts.code, 2);
    assert.match(twoAccounts.stderr, /^3f2 is the start of the ID of 2 accounts; type more of it:\n {2}3f2a9c41-0b6e-4c1d-9a53-0e8f7d6c5b41 {2}Seed account\n {2}3f2b1d07-/);
    const noAccount = await run('sync', '--once', '--account', '4');
    assert.equal(noAccount.code, 1);
    assert.match(noAccount.stderr, /^There is no account whose ID is or starts with 4\.$/m);
  } finally {
    prefixDir.remove();
  }
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
  assert.equal(missing.stderr, 'Det finnes ikke noe oppdrag med en ID som er eller begynner med no-such-job.\n');
  const english = await cliWith({ LANG: 'en_GB.UTF-8' }, '--data-dir', dir.path, 'jobs', 'show', 'no-such-job');
  assert.equal(english.stderr, 'There is no job whose ID is or starts with no-such-job.\n');

  const human = await nb('--data-dir', dir.path, 'jobs', 'list', '--limit', '5');
  assert.match(human.stdout, /^ID\s+STATUS\s+SIGNERT\s+ENDRET\s+TITTEL/);
  assert.match(human.stdout, /\(5 av 30 vist\)/);
  assert.doesNotMatch(human.stdout, /\d{4}-\d{2}-\d{2}T/, 'times in local time, not ISO');
  const usage = await nb('--data-dir', dir.path, 'frobnicate');
  assert.match(usage.stderr, /^Ukjent kommando 'frobnicate'\. Mente du en av disse\?/);

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
    assert.equal(result.stderr, 'Det finnes ikke noe oppdrag med en ID som er eller begynner med no-such-job.\n');
  } finally {
    const reset = openDatabase(join(dir.path, 'signing-desk.sqlite'));
    updateSettings(reset, { language: 'system' });
    reset.close();
  }
});

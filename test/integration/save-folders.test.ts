import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload, FolderCheck, Settings } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';
import { createTestCore, tempDir } from '../support/core';
import { seedJobs } from '../support/seed';

const dir = tempDir('sd-save-folders-');
const core = createTestCore(join(dir.path, 'app'));
const place = join(dir.path, 'place');

before(() => {
  mkdirSync(place);
  writeFileSync(join(place, 'a-file.txt'), 'not a folder');
  seedJobs(core.db, 10);
});
after(async () => {
  await core.close();
  dir.remove();
});

async function check(path: string): Promise<FolderCheck> {
  const result = (await core.dispatch('folders.check', { path })) as Result<FolderCheck>;
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

/** A completed seeded job with one archived signed PDF; `archived: false` leaves the archive file out. */
function jobWithSignedFile(jobId: string, options: { archived: boolean }): void {
  const archivePath = join(dir.path, `${jobId}-signed.pdf`);
  if (options.archived) writeFileSync(archivePath, '%PDF-1.7 a signed file');
  core.db
    .prepare("INSERT INTO artifacts (id, job_id, format, origin, state, archive_path, created_at, updated_at) VALUES (?, ?, 'pades', 'https://service.invalid/pades', 'archived', ?, '2026-01-01', '2026-01-01')")
    .run(`download-${jobId}`, jobId, archivePath);
}

test('folders.check tells a folder that exists, one that can be created, one that cannot, a file and a relative path', async () => {
  assert.deepEqual(await check(place), { path: place, state: 'exists' });
  assert.deepEqual(await check(`${place}/`), { path: place, state: 'exists' }, 'normalised');
  assert.deepEqual(await check(join(place, 'new')), { path: join(place, 'new'), state: 'can-create' });
  assert.deepEqual(await check(join(place, 'typo', 'new')), { path: join(place, 'typo', 'new'), state: 'missing' });
  assert.deepEqual(await check(join(place, 'a-file.txt')), { path: join(place, 'a-file.txt'), state: 'not-a-folder' });
  assert.deepEqual(await check(join(place, 'a-file.txt', 'inside')), { path: join(place, 'a-file.txt', 'inside'), state: 'missing' });
  assert.deepEqual(await check('Signed/2026'), { path: 'Signed/2026', state: 'not-absolute' });
  const tooLong = await core.dispatch('folders.check', { path: `/${'x'.repeat(5000)}` });
  assert.equal(tooLong.ok ? 'ok' : tooLong.error.code, 'VALIDATION');
});

test('folders.create makes only the last folder of a path, private to the user, and never a whole path', async () => {
  const made = await core.dispatch('folders.create', { path: join(place, 'Signed 2026') });
  assert.deepEqual(made, { ok: true, value: { path: join(place, 'Signed 2026'), state: 'exists' } });
  assert.equal(statSync(join(place, 'Signed 2026')).mode & 0o777, 0o700);
  assert.deepEqual(await core.dispatch('folders.create', { path: join(place, 'Signed 2026') }), made, 'an existing folder is fine');

  const deep = await core.dispatch('folders.create', { path: join(place, 'typo', 'Signed') });
  assert.equal(deep.ok, false);
  assert.match(deep.ok ? '' : deep.error.message, /creates only the last folder/);
  assert.equal(existsSync(join(place, 'typo')), false, 'no mkdir -p');
  const onFile = await core.dispatch('folders.create', { path: join(place, 'a-file.txt') });
  assert.equal(onFile.ok ? 'ok' : onFile.error.code, 'CONFLICT');
});

test('a save by hand puts its folder first in the recent folders, without repeats, keeping five', async () => {
  jobWithSignedFile('job-000002', { archived: true });
  const changes: Settings[] = [];
  const stop = core.subscribe((event, payload) => event === 'settings.changed' && changes.push(payload as Settings));
  const folders = ['one', 'two', 'three', 'four', 'five', 'six'].map((name) => join(place, name));
  for (const folder of [...folders, folders[2], `${folders[2]}/`]) {
    mkdirSync(folder, { recursive: true });
    const saved = await core.dispatch('jobs.saveAgain', { id: 'job-000002', folder });
    assert.ok(saved.ok, JSON.stringify(saved));
  }
  stop();
  const expected = [folders[2], folders[5], folders[4], folders[3], folders[1]];
  const settings = (await core.dispatch('settings.get', {})) as Result<Settings>;
  assert.deepEqual(settings.ok && settings.value.recentSaveFolders, expected);
  assert.deepEqual(changes.at(-1)?.recentSaveFolders, expected, 'the renderer hears of it');
});

test('a save that fails closes its progress entry and says why', async () => {
  jobWithSignedFile('job-000009', { archived: false });
  const progress: EventPayload<'progress'>[] = [];
  const stop = core.subscribe((event, payload) => event === 'progress' && progress.push(payload as EventPayload<'progress'>));
  const result = await core.dispatch('jobs.saveAgain', { id: 'job-000009', folder: place });
  stop();
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.error.message, /The file to save, .* is missing/);
  const saves = progress.filter((p) => p.task === 'save' && p.jobId === 'job-000009');
  assert.ok(saves.length >= 2, JSON.stringify(saves));
  const last = saves.at(-1)!;
  assert.equal(last.done, last.total, 'the last progress event closes the entry');
  assert.equal(last.label, 'Not saved');
});

test('without a folder dialog of its own (web host, CLI) the host says so, and the folder comes from the window', async () => {
  jobWithSignedFile('job-000005', { archived: true });
  const asked = await core.dispatch('jobs.saveToChosenFolder', { id: 'job-000005' });
  assert.deepEqual(asked, { ok: true, value: { outcome: 'noDialog' } });
  const folder = join(place, 'typed');
  mkdirSync(folder);
  const saved = await core.dispatch('jobs.saveAgain', { id: 'job-000005', folder });
  assert.ok(saved.ok, JSON.stringify(saved));
  const missing = await core.dispatch('jobs.saveToChosenFolder', { id: 'job-999999' });
  assert.equal(missing.ok ? 'ok' : missing.error.code, 'NOT_FOUND');
});

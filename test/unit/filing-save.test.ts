import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsPromises, { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeFailure } from '../../src-main/core/failure';
import { numberedName, saveCopy } from '../../src-main/core/filing/save';

const work = await mkdtemp(path.join(tmpdir(), 'filing-save-'));
test.after(() => rm(work, { recursive: true, force: true }));

let counter = 0;
async function source(content: string): Promise<string> {
  const file = path.join(work, `source-${++counter}.pdf`);
  await writeFile(file, content);
  return file;
}

async function freshFolder(): Promise<string> {
  const dir = path.join(work, `target-${++counter}`);
  await mkdir(dir);
  return dir;
}

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

test('a new file is written, with its folders created', async () => {
  const target = await freshFolder();
  const result = await saveCopy(await source('signed pdf'), target, 'HR-17/Arbeidsavtale - signed.pdf');
  assert.deepEqual(result, { path: path.join(target, 'HR-17', 'Arbeidsavtale - signed.pdf'), outcome: 'written' });
  assert.equal(await readFile(result.path, 'utf8'), 'signed pdf');
  assert.deepEqual(await allFiles(target), [path.join('HR-17', 'Arbeidsavtale - signed.pdf')], 'no temp file left behind');
});

test('the same content already there is left alone', async () => {
  const target = await freshFolder();
  const file = await source('same bytes');
  const first = await saveCopy(file, target, 'a/doc.pdf');
  const before = await stat(first.path);
  const again = await saveCopy(await source('same bytes'), target, 'a/doc.pdf');
  assert.deepEqual(again, { path: first.path, outcome: 'already-there' });
  const after = await stat(first.path);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.deepEqual(await allFiles(target), [path.join('a', 'doc.pdf')]);
});

test('a different file is never overwritten: the copy gets the next free number', async () => {
  const target = await freshFolder();
  await mkdir(path.join(target, 'job'));
  await writeFile(path.join(target, 'job', 'doc.pdf'), 'the user’s own file');
  const second = await saveCopy(await source('ours, version 1'), target, 'job/doc.pdf');
  assert.deepEqual(second, { path: path.join(target, 'job', 'doc (2).pdf'), outcome: 'renamed' });
  const third = await saveCopy(await source('ours, version 2'), target, 'job/doc.pdf');
  assert.deepEqual(third, { path: path.join(target, 'job', 'doc (3).pdf'), outcome: 'renamed' });
  // saving version 1 again finds it under its numbered name
  assert.deepEqual(await saveCopy(await source('ours, version 1'), target, 'job/doc.pdf'), { path: second.path, outcome: 'already-there' });
  assert.equal(await readFile(path.join(target, 'job', 'doc.pdf'), 'utf8'), 'the user’s own file');
  assert.equal(await readFile(second.path, 'utf8'), 'ours, version 1');
  assert.equal(await readFile(third.path, 'utf8'), 'ours, version 2');
  assert.deepEqual(await allFiles(target), ['doc (2).pdf', 'doc (3).pdf', 'doc.pdf'].map((n) => path.join('job', n)));
});

test('concurrent saves of different files to one name all survive', async () => {
  const target = await freshFolder();
  const sources = await Promise.all([1, 2, 3, 4, 5].map((i) => source(`content ${i}`)));
  const results = await Promise.all(sources.map((s) => saveCopy(s, target, 'x.pdf')));
  assert.equal(new Set(results.map((r) => r.path)).size, 5);
  const contents = (await Promise.all(results.map((r) => readFile(r.path, 'utf8')))).sort();
  assert.deepEqual(contents, [1, 2, 3, 4, 5].map((i) => `content ${i}`));
  assert.equal((await allFiles(target)).length, 5);
});

test('numbered names keep the double extension of a XAdES', () => {
  assert.equal(numberedName('/f/a - signed - signer 1.xades.xml', 2), path.join('/f', 'a - signed - signer 1 (2).xades.xml'));
  assert.equal(numberedName('/f/a.pdf', 3), path.join('/f', 'a (3).pdf'));
});

test('problems come back as plain-word errors', async () => {
  const target = await freshFolder();
  const file = await source('x');
  await assert.rejects(saveCopy(file, path.join(work, 'no-such-folder'), 'a.pdf'), /The save folder .* does not exist\./);
  await assert.rejects(saveCopy(file, file, 'a.pdf'), /is not a folder/);
  await assert.rejects(saveCopy(path.join(work, 'gone.pdf'), target, 'a.pdf'), /The file to save, .*gone\.pdf, is missing\./);
  await assert.rejects(saveCopy(file, target, '../escape.pdf'), /points outside the folder/);
  await assert.rejects(saveCopy(file, target, '/etc/passwd/../../x.pdf'), /points outside the folder/);
  await writeFile(path.join(target, 'blocker'), 'a file where a folder should be');
  // What the system said stays as the technical text; the reason the user reads comes from its code.
  const blocked = await saveCopy(file, target, 'blocker/a.pdf').then(() => undefined, (error: unknown) => error);
  assert.match(String(blocked), /Could not create the folder .*blocker: E(EXIST|NOTDIR)/);
  assert.match(String(describeFailure(blocked).reason), /^file\.(exists|notFolder)$/);
  assert.deepEqual(await allFiles(target), ['blocker']);
});

test('a folder without write permission gives a clear error', { skip: process.getuid?.() === 0 ? 'root ignores permissions' : false }, async () => {
  const target = await freshFolder();
  await chmod(target, 0o555);
  try {
    await assert.rejects(saveCopy(await source('x'), target, 'a.pdf'), /permission denied/);
  } finally {
    await chmod(target, 0o755);
  }
});

test('a saved file survives power loss: its folder is flushed after the temp name is gone, and new folders into their parents', async () => {
  const target = await freshFolder();
  const file = await source('signed pdf');
  // Records what reaches the disk, in order: folder flushes and removals.
  const steps: string[] = [];
  const { open: realOpen, rm: realRm } = fsPromises;
  fsPromises.open = (async (...args: Parameters<typeof realOpen>) => {
    const handle = await realOpen(...args);
    const realSync = handle.sync.bind(handle);
    handle.sync = async () => {
      if ((await handle.stat()).isDirectory()) steps.push(`flush ${path.relative(target, String(args[0])) || '.'}`);
      return realSync();
    };
    return handle;
  }) as typeof realOpen;
  fsPromises.rm = (async (...args: Parameters<typeof realRm>) => {
    if (String(args[0]).startsWith(target) && (await stat(args[0]).catch(() => undefined))) steps.push(`remove ${path.basename(String(args[0])).endsWith('.partial') ? 'temp' : args[0]}`);
    return realRm(...args);
  }) as typeof realRm;
  syncBuiltinESMExports();
  try {
    await saveCopy(file, target, 'HR-17/2026/Arbeidsavtale - signed.pdf');
  } finally {
    fsPromises.open = realOpen;
    fsPromises.rm = realRm;
    syncBuiltinESMExports();
  }
  assert.deepEqual(steps, ['remove temp', `flush ${path.join('HR-17', '2026')}`, 'flush HR-17', 'flush .']);
  assert.deepEqual(await allFiles(target), [path.join('HR-17', '2026', 'Arbeidsavtale - signed.pdf')]);
});

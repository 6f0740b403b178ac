import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { archiveFile } from '../../src-main/core/filing/archive';

const work = await mkdtemp(path.join(tmpdir(), 'filing-archive-'));
test.after(() => rm(work, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

test('stores the bytes and returns their SHA-256 and size, leaving no temp file', async () => {
  const archive = path.join(work, 'a1');
  const bytes = Buffer.from('%PDF-1.7 signed result\n');
  const result = await archiveFile(archive, 'job-1/pades.pdf', bytes);
  assert.deepEqual(result, { path: path.join(archive, 'job-1', 'pades.pdf'), sha256: sha256(bytes), size: bytes.length });
  assert.match(result.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(await readFile(result.path), bytes);
  assert.equal(sha256(await readFile(result.path)), result.sha256);
  assert.deepEqual(await entries(archive), ['job-1', path.join('job-1', 'pades.pdf')]);
});

test('the same bytes again give the same result without a rewrite', async () => {
  const archive = path.join(work, 'a2');
  const bytes = Buffer.alloc(256 * 1024, 7);
  const first = await archiveFile(archive, 'j/x.xades.xml', bytes);
  const before = await stat(first.path);
  const second = await archiveFile(archive, 'j/x.xades.xml', Buffer.from(bytes));
  assert.deepEqual(second, first);
  const after = await stat(first.path);
  assert.equal(after.ino, before.ino, 'not replaced');
  assert.equal(after.mtimeMs, before.mtimeMs, 'not rewritten');
});

test('new bytes under the same name replace the file atomically', async () => {
  const archive = path.join(work, 'a3');
  await archiveFile(archive, 'j/p.pdf', Buffer.from('old'));
  const result = await archiveFile(archive, 'j/p.pdf', Buffer.from('new download'));
  assert.equal(result.sha256, sha256(Buffer.from('new download')));
  assert.equal(await readFile(result.path, 'utf8'), 'new download');
  assert.deepEqual(await entries(archive), ['j', path.join('j', 'p.pdf')]);
});

test('an empty file and concurrent writers of the same bytes are fine', async () => {
  const archive = path.join(work, 'a4');
  const empty = await archiveFile(archive, 'e.pdf', Buffer.alloc(0));
  assert.equal(empty.sha256, sha256(Buffer.alloc(0)));
  const bytes = Buffer.from('same for all');
  const results = await Promise.all([1, 2, 3].map(() => archiveFile(archive, 'c.pdf', bytes)));
  assert.ok(results.every((r) => r.sha256 === sha256(bytes)));
  assert.equal(await readFile(path.join(archive, 'c.pdf'), 'utf8'), 'same for all');
  assert.deepEqual(await entries(archive), ['c.pdf', 'e.pdf']);
});

test('paths outside the archive are refused', async () => {
  const archive = path.join(work, 'a5');
  await assert.rejects(archiveFile(archive, '../outside.pdf', Buffer.from('x')), /points outside the folder/);
  await assert.rejects(archiveFile(archive, '', Buffer.from('x')), /is empty/);
  await assert.rejects(stat(path.join(work, 'outside.pdf')), /ENOENT/);
});

// Crash-safe file placement shared by the archive and the save folder: a file only ever appears
// under its final name complete and flushed, so a crash leaves either nothing or the whole file.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createReadStream } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '../private-files';

export const TEMP_SUFFIX = '.partial';

/** Names the writer (process and machine: a save folder may be a share) so what a stopped one left can be told from a write in progress. */
const thisHost = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
const writerTag = `${process.pid}@${thisHost}`;

/** Beside the target, so the final rename stays on one file system; recognisable for clean-up. */
export function tempPathBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}-${writerTag}${TEMP_SUFFIX}`);
}

/**
 * Removes the temp files a stopped process (killed, or the power went) left beside `target` while it
 * wrote it: called before `target` is written again, which is what a sync does after such a stop, so
 * no `.partial` stays in the archive or the save folder. Only names made by tempPathBeside for this
 * very target are touched, and only those of a process of this machine that is gone (a save by hand
 * in another process, or another computer filing into a shared folder, may be writing its own).
 */
export async function removeLeftoverTemps(target: string): Promise<void> {
  const folder = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return; // no folder yet: nothing was left in it
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const writer = /^[0-9a-f]+-(\d+)@(.*)$/.exec(name.slice(prefix.length, -TEMP_SUFFIX.length));
    if (!writer || writer[2] !== thisHost || processAlive(Number(writer[1]))) continue;
    await removeQuietly(path.join(folder, name));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The folder entry of a rename is only durable once the folder itself is flushed. Windows cannot
 * open a folder for fsync (EPERM/EISDIR), and some network file systems refuse it: best effort.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort, see above
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * A rename is durable once its folder is flushed; folders created for it (`firstCreated` is the
 * topmost, as makePrivateFolder returns it) also need their parents flushed, up to the one that was there.
 */
export async function syncFolders(folder: string, firstCreated: string | undefined): Promise<void> {
  await syncDirectory(folder);
  if (firstCreated) {
    for (let dir = path.dirname(folder); dir.length >= path.dirname(firstCreated).length; dir = path.dirname(dir)) {
      await syncDirectory(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
}

/** Writes `chunks` to a new file at `file` (which must not exist), flushes it, and returns its SHA-256 and size. */
export async function writeFlushed(file: string, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(file, 'wx', PRIVATE_FILE_MODE);
  try {
    for await (const chunk of chunks) {
      hash.update(chunk);
      size += chunk.length;
      let offset = 0;
      while (offset < chunk.length) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}

/**
 * `root` joined with a "/"-separated relative path, refusing anything that would land outside
 * `root` (absolute paths, "..", drive letters): the relative part may come from user settings.
 */
export function resolveInside(root: string, relativePath: string): string {
  const base = path.resolve(root);
  const parts = relativePath.split(/[/\\]+/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) throw new Error(`The file name "${relativePath}" is empty.`);
  if (parts.some((p) => p === '..' || /^[a-zA-Z]:/.test(p))) throw new Error(`The file name "${relativePath}" points outside the folder.`);
  const target = path.resolve(base, ...parts);
  const relative = path.relative(base, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`The file name "${relativePath}" points outside the folder.`);
  }
  return target;
}

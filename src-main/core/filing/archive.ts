// The app's own copy of every downloaded result, addressed by a path the caller chooses and
// recorded with its SHA-256. Durable before the caller commits the download as archived.
import { createHash } from 'node:crypto';
import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateFolderAsync } from '../private-files';
import { removeLeftoverTemps, removeQuietly, resolveInside, sha256OfFile, syncFolders, tempPathBeside, writeFlushed } from './durable';

export interface ArchivedFile {
  path: string;
  /** lower-case hex */
  sha256: string;
  size: number;
}

/**
 * Same bytes already in place: nothing is written (a re-run after a crash is free). Different bytes
 * under the same name replace the old file atomically: the archive is the app's, not the user's, and
 * holds the latest download.
 */
export async function archiveFile(archiveDir: string, relativePath: string, bytes: Buffer): Promise<ArchivedFile> {
  const target = resolveInside(archiveDir, relativePath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const result = { path: target, sha256, size: bytes.length };
  if (await holdsSameBytes(target, bytes.length, sha256)) return result;

  const folder = path.dirname(target);
  const firstCreated = await makePrivateFolderAsync(folder);
  await removeLeftoverTemps(target);
  const temp = tempPathBeside(target);
  try {
    await writeFlushed(temp, [bytes]);
    await rename(temp, target);
  } catch (error) {
    await removeQuietly(temp);
    throw new Error(`Could not store ${path.basename(target)} in the archive (${folder}): ${(error as Error).message}`, { cause: error });
  }
  await syncFolders(folder, firstCreated);
  return result;
}

/**
 * Like archiveFile, for a file that arrives as a stream (a signed file from the service): written
 * to a temp name, flushed, hashed and renamed, never held in memory. An error from the stream
 * (the network, a size limit) is passed on as it is, and nothing is left behind.
 */
export async function archiveStream(archiveDir: string, relativePath: string, chunks: AsyncIterable<Buffer>): Promise<ArchivedFile> {
  const target = resolveInside(archiveDir, relativePath);
  const folder = path.dirname(target);
  const firstCreated = await makePrivateFolderAsync(folder);
  await removeLeftoverTemps(target);
  const temp = tempPathBeside(target);
  let written: { sha256: string; size: number };
  try {
    written = await writeFlushed(temp, chunks);
    await rename(temp, target);
  } catch (error) {
    await removeQuietly(temp);
    if ((error as NodeJS.ErrnoException).syscall) throw new Error(`Could not store ${path.basename(target)} in the archive (${folder}): ${(error as Error).message}`, { cause: error });
    throw error;
  }
  await syncFolders(folder, firstCreated);
  return { path: target, ...written };
}

async function holdsSameBytes(file: string, size: number, sha256: string): Promise<boolean> {
  try {
    const info = await stat(file);
    return info.isFile() && info.size === size && (await sha256OfFile(file)) === sha256;
  } catch {
    return false;
  }
}

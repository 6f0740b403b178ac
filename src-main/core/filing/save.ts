// Copies a result into the user's save folder. The folder belongs to the user: an existing file
// with other content is never replaced, a file with the same content counts as already saved.
import { createReadStream } from 'node:fs';
import { link, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../errors';
import { makePrivateFolderAsync } from '../private-files';
import { removeLeftoverTemps, removeQuietly, resolveInside, sha256OfFile, syncFolders, tempPathBeside, writeFlushed } from './durable';
import { crashDuring, crashPoint } from '../sync/crash-points';

export type SaveOutcome = 'written' | 'already-there' | 'renamed';

const MAX_NUMBERED_NAMES = 999;
// hard links are how a file is placed without replacing anything; these say the file system has none
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);

export async function saveCopy(
  sourcePath: string,
  targetFolder: string,
  relativePath: string,
): Promise<{ path: string; outcome: SaveOutcome }> {
  await requireFolder(targetFolder);
  const target = resolveInside(targetFolder, relativePath);
  const folder = path.dirname(target);
  // Checked first: a read stream reports a missing file at an unpredictable moment.
  if (!(await fileInfo(sourcePath))) throw new CoreError('CONFLICT', `The file to save, ${sourcePath}, is missing.`, { reason: 'save.sourceMissing' });
  let firstCreated: string | undefined;
  try {
    firstCreated = await makePrivateFolderAsync(folder);
  } catch (error) {
    throw plainError(error, `create the folder ${folder}`);
  }

  await removeLeftoverTemps(target);
  const temp = tempPathBeside(target);
  let written: { sha256: string; size: number };
  try {
    written = await writeFlushed(temp, crashDuring('filing.copying', createReadStream(sourcePath) as AsyncIterable<Buffer>));
  } catch (error) {
    await removeQuietly(temp);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !(await isFolder(folder))) throw plainError(error, `write into ${folder}`);
    throw code === 'ENOENT' || code === 'EISDIR'
      ? new CoreError('CONFLICT', `The file to save, ${sourcePath}, is missing.`, { reason: 'save.sourceMissing', cause: error })
      : plainError(error, `write ${path.basename(target)} into ${folder}`);
  }

  try {
    for (let n = 1; n <= MAX_NUMBERED_NAMES; n++) {
      const candidate = n === 1 ? target : numberedName(target, n);
      const existing = await fileInfo(candidate);
      if (existing) {
        if (existing.size === written.size && (await sameContent(candidate, written.sha256))) {
          return { path: candidate, outcome: 'already-there' };
        }
        continue;
      }
      if (!(await placeWithoutReplacing(temp, candidate))) {
        n--; // someone created it meanwhile: look at what is there now
        continue;
      }
      crashPoint('filing.placed');
      // Power loss, not only a crash: the temp name is removed first so one flush of the folder makes
      // both lasting (the file under its name, no `.partial` beside it), and folders made for this
      // file (the job's folder) are flushed into their parents, or the file is lost with its folder.
      await removeQuietly(temp);
      await syncFolders(folder, firstCreated);
      return { path: candidate, outcome: n === 1 ? 'written' : 'renamed' };
    }
    throw new CoreError('CONFLICT', `There are already ${MAX_NUMBERED_NAMES} different files named like ${path.basename(target)} in ${folder}.`, { reason: 'save.tooManyNames' });
  } finally {
    await removeQuietly(temp);
  }
}

/** false when `target` appeared in the meantime. */
async function placeWithoutReplacing(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw plainError(error, `save ${path.basename(target)} in ${path.dirname(target)}`);
  }
  // no hard links (FAT, some shares): check then rename; the window between the two is tiny
  if (await fileInfo(target)) return false;
  try {
    await rename(temp, target);
    return true;
  } catch (error) {
    throw plainError(error, `save ${path.basename(target)} in ${path.dirname(target)}`);
  }
}

/** "name (2).pdf", and "name (2).xades.xml" so the XAdES keeps its double extension. */
export function numberedName(file: string, n: number): string {
  const base = path.basename(file);
  const extension = /\.xades\.xml$/i.exec(base)?.[0] ?? path.extname(base);
  return path.join(path.dirname(file), `${base.slice(0, base.length - extension.length)} (${n})${extension}`);
}

async function requireFolder(folder: string): Promise<void> {
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    // not created here: a missing save folder is often an unplugged drive or an unmounted share
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('CONFLICT', `The save folder ${folder} does not exist.`, { reason: 'save.folderMissing', params: { folder }, cause: error });
    throw plainError(error, `open the save folder ${folder}`);
  }
  if (!info.isDirectory()) throw new CoreError('CONFLICT', `The save folder ${folder} is not a folder.`, { reason: 'save.notAFolder', params: { folder } });
}

async function isFolder(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => undefined))?.isDirectory() ?? false;
}

async function fileInfo(file: string): Promise<{ size: number } | undefined> {
  try {
    const info = await stat(file);
    return { size: info.isFile() ? info.size : -1 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw plainError(error, `look at ${file}`);
  }
}

async function sameContent(file: string, sha256: string): Promise<boolean> {
  try {
    return (await sha256OfFile(file)) === sha256;
  } catch {
    return false;
  }
}

/**
 * The system's error, named with what was being done, for "Details". Its code (EACCES, ENOSPC …)
 * stays on the cause, where describeFailure finds the reason the user reads.
 */
function plainError(error: unknown, action: string): Error {
  return new Error(`Could not ${action}: ${(error as Error).message}`, { cause: error });
}

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StagedDocument } from '../../../src-shared/contract';
import { postenLimits } from '../../../src-shared/domain';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../private-files';
import { checkDocument } from './check-document';

const stagingDir = (context: CoreContext) => join(context.documentsDir, 'staging');

/**
 * A document dropped into Compose is checked and kept here until the job is created, so the
 * renderer never needs a file path and a big job is not sent over the bridge in one message.
 */
export async function stageDocument(context: CoreContext, input: { fileName: string; contentBase64: string }): Promise<StagedDocument> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const check = await checkDocument(input.fileName, bytes);
  const staged: StagedDocument = {
    id: context.newId(),
    fileName: input.fileName,
    mimeType: check.mimeType,
    size: bytes.length,
    pageCount: check.pageCount,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    problem: check.problem,
    problemMessage: check.problemMessage,
    warnings: check.warnings,
  };
  const dir = stagingDir(context);
  makePrivateFolder(dir);
  if (!check.problem) {
    writeFileSync(join(dir, `${staged.id}.tmp`), bytes, { mode: PRIVATE_FILE_MODE });
    renameSync(join(dir, `${staged.id}.tmp`), join(dir, `${staged.id}.bin`));
    writeFileSync(join(dir, `${staged.id}.json`), JSON.stringify(staged), { mode: PRIVATE_FILE_MODE });
  }
  return staged;
}

export function readStagedDocument(context: CoreContext, id: string): { staged: StagedDocument; path: string } {
  if (!/^[\w-]+$/.test(id)) throw new CoreError('VALIDATION', 'Unknown document.', { reason: 'document.unknown' });
  const meta = join(stagingDir(context), `${id}.json`);
  if (!existsSync(meta)) throw new CoreError('NOT_FOUND', 'A document of this job is no longer available; add it again.', { reason: 'document.gone' });
  return { staged: JSON.parse(readFileSync(meta, 'utf8')) as StagedDocument, path: join(stagingDir(context), `${id}.bin`) };
}

/** Every staged id a draft's saved Compose form still names (a draft keeps the form as an opaque payload). */
function stagedIdsInDrafts(context: CoreContext): Set<string> {
  const ids = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'stagedId' && typeof inner === 'string') ids.add(inner);
        else collect(inner);
      }
    }
  };
  for (const row of context.db.prepare("SELECT options FROM jobs WHERE status = 'draft'").all() as { options: string | null }[]) {
    try {
      collect(JSON.parse(row.options ?? '{}'));
    } catch {
      // A payload that is not JSON names nothing.
    }
  }
  return ids;
}

/** The staging folder's files, by the staged id they belong to (`<id>.bin`, `<id>.json`, `<id>.tmp`). */
function stagedFilesById(context: CoreContext): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  let names: string[];
  try {
    names = readdirSync(stagingDir(context));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return byId;
    throw error;
  }
  for (const name of names) {
    const match = /^([\w-]+)\.(bin|json|tmp)$/.exec(name);
    if (match) byId.set(match[1], [...(byId.get(match[1]) ?? []), join(stagingDir(context), name)]);
  }
  return byId;
}

/**
 * Once a job is created it has its own copies of its documents (`documents/<job id>/`, which
 * sending, sending again and checking the signed files read), so the staged ones are dropped,
 * unless a draft still names them.
 */
export function discardStagedDocuments(context: CoreContext, ids: string[]): void {
  const keep = stagedIdsInDrafts(context);
  const files = stagedFilesById(context);
  for (const id of ids) if (!keep.has(id)) for (const file of files.get(id) ?? []) rmSync(file, { force: true });
}

/** A document staged this long ago that no draft names belongs to a Compose that was closed without sending. */
const STAGED_DOCUMENT_KEPT_MS = 24 * 60 * 60_000;

/** At start: removes abandoned staged documents (and half-written ones). Returns how many were removed. */
export function removeAbandonedStagedDocuments(context: CoreContext): number {
  const keep = stagedIdsInDrafts(context);
  // File times come from the machine's clock, so they are compared with it, not with the app's.
  const cutoff = Date.now() - STAGED_DOCUMENT_KEPT_MS;
  let removed = 0;
  for (const [id, files] of stagedFilesById(context)) {
    if (keep.has(id)) continue;
    const newest = Math.max(...files.map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0));
    if (newest > cutoff) continue;
    for (const file of files) rmSync(file, { force: true });
    removed++;
  }
  return removed;
}

/**
 * Reads a document from disk to stage it (the CLI names files by path). Only a regular file: a
 * device such as /dev/zero never ends, a FIFO blocks, a folder has no bytes. Checked by path first,
 * so opening cannot block, and again on the open file, which is what is read.
 */
export function readDocumentFile(file: string): Buffer {
  const notRegular = () => new CoreError('VALIDATION', 'it is not a regular file (a folder, device or pipe), so it cannot be sent.', { reason: 'document.notRegularFile' });
  if (!statSync(file).isFile()) throw notRegular();
  const fd = openSync(file, 'r');
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notRegular();
    if (info.size > postenLimits.documentBytes) {
      const megabytes = postenLimits.documentBytes / 1024 / 1024;
      throw new CoreError('VALIDATION', `the document is larger than ${megabytes} MB.`, { reason: 'document.tooLarge', params: { megabytes } });
    }
    // Never more than the size it had when opened, even if the file grows meanwhile.
    const bytes = Buffer.alloc(info.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

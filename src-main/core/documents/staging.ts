import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StagedDocument } from '../../../src-shared/contract';
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
  if (!/^[\w-]+$/.test(id)) throw new CoreError('VALIDATION', 'Unknown document.');
  const meta = join(stagingDir(context), `${id}.json`);
  if (!existsSync(meta)) throw new CoreError('NOT_FOUND', 'A document of this job is no longer available; add it again.');
  return { staged: JSON.parse(readFileSync(meta, 'utf8')) as StagedDocument, path: join(stagingDir(context), `${id}.bin`) };
}

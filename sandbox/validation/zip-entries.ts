import yauzl from 'yauzl';

export interface ZipFileEntry {
  name: string;
  bytes: Buffer;
}

export class ZipReadError extends Error {}

/**
 * Every file entry of the zip, in zip order, decompressed. yauzl checks each entry's actual size and
 * CRC against the headers; the total limit guards against zip bombs.
 */
export async function readZipEntries(zip: Buffer, options: { maxTotalBytes: number }): Promise<ZipFileEntry[]> {
  let zipFile: yauzl.ZipFile;
  try {
    zipFile = await yauzl.fromBufferPromise(zip, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    throw new ZipReadError(`The bundle is not a readable zip file: ${messageOf(error)}`);
  }
  const entries: ZipFileEntry[] = [];
  let total = 0;
  try {
    for (;;) {
      const entry = await nextEntry(zipFile);
      if (!entry) break;
      if (entry.fileName.endsWith('/')) continue;
      total += entry.uncompressedSize;
      if (total > options.maxTotalBytes) throw new ZipReadError(`The bundle unpacks to more than ${options.maxTotalBytes} bytes.`);
      entries.push({ name: entry.fileName, bytes: await readEntry(zipFile, entry) });
    }
  } catch (error) {
    if (error instanceof ZipReadError) throw error;
    throw new ZipReadError(`The bundle zip is damaged: ${messageOf(error)}`);
  } finally {
    zipFile.close();
  }
  return entries;
}

function nextEntry(zipFile: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zipFile.off('entry', onEntry);
      zipFile.off('end', onEnd);
      zipFile.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (error: Error) => (cleanup(), reject(error));
    zipFile.on('entry', onEntry);
    zipFile.on('end', onEnd);
    zipFile.on('error', onError);
    zipFile.readEntry();
  });
}

async function readEntry(zipFile: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await zipFile.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { crc32 as nativeCrc32 } from 'node:zlib';
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  bytes: Buffer;
  /** Already-compressed data such as PDFs is stored; deflating it costs ~20x the hashing (crypto-notes §8). */
  compress: boolean;
}

/**
 * Writes the entries in order with yazl. Every entry goes in through `addBuffer`, so yazl knows the CRC
 * and sizes before the local header: no data descriptors, which Java's ZipInputStream refuses on
 * STORED entries.
 */
export function writeZip(entries: ZipEntry[], destination: Writable, modified: Date): Promise<void> {
  useNativeCrc32InYazl();
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const output = zip.outputStream as NodeJS.ReadableStream & { on(event: 'error', listener: (error: Error) => void): unknown };
    zip.on('error', reject);
    output.on('error', reject);
    destination.on('error', reject);
    destination.on('finish', () => resolve());
    output.pipe(destination);
    for (const entry of entries) zip.addBuffer(entry.bytes, entry.name, { compress: entry.compress, mtime: modified });
    zip.end();
  });
}

/** The zip as one Buffer; for large bundles prefer writeZip, as this holds the documents twice. */
export async function zipToBuffer(entries: ZipEntry[], modified: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await writeZip(entries, sink, modified);
  return Buffer.concat(chunks);
}

let crcPatched = false;

/**
 * yazl computes each buffer's CRC-32 with buffer-crc32, a JavaScript table loop (~400 MB/s), which
 * alone would take longer than reading and hashing 200 MB of documents. Node's zlib.crc32 (native,
 * ~5 GB/s) gives identical values, so the copy yazl resolves is pointed at it. If the layout of
 * node_modules ever changes, this quietly does nothing and the zip is only slower.
 */
function useNativeCrc32InYazl(): void {
  if (crcPatched) return;
  crcPatched = true;
  if (typeof nativeCrc32 !== 'function') return;
  try {
    const requireFromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'));
    const bufferCrc32 = requireFromYazl('buffer-crc32') as { unsigned?: (buffer: Buffer, previous?: number) => number };
    if (typeof bufferCrc32.unsigned === 'function' && bufferCrc32.unsigned(Buffer.from('123456789')) === 0xcbf43926) {
      bufferCrc32.unsigned = (buffer: Buffer, previous?: number) => nativeCrc32(buffer, previous ?? 0);
    }
  } catch {
    // Leave yazl on its own CRC implementation.
  }
}

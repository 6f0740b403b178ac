import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for the document bundle. Hand-rolled because yazl cannot take a known CRC-32
 * for a streamed entry: it then writes a data descriptor, and Java's ZipInputStream (what the service
 * reads with) refuses data descriptors on STORED entries. Storing is what keeps the bundle near the
 * cost of hashing (deflating PDFs is ~30x slower, crypto-notes §8), so entries streamed from files
 * get a local header whose CRC is patched in once the data has gone by: one read per document.
 * No ZIP64: documents are at most 10 MB each (posten-api.md), so 4 GB limits are refused, not met.
 */

/** Where the zip bytes go: appended in order, with small in-place patches of already written headers. */
export interface ZipSink {
  append(bytes: Buffer): Promise<void>;
  patch(position: number, bytes: Buffer): Promise<void>;
}

export type ZipSource = { bytes: Buffer } | { path: string };

export interface ZipEntryInput {
  name: string;
  source: ZipSource;
  /** Already-compressed data such as PDFs is stored. Only in-memory entries can be deflated; files are always stored. */
  compress: boolean;
}

export interface WrittenEntry {
  name: string;
  size: number;
  sha256: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
const VERSION_NEEDED = 20;
/** Made by Unix, spec 6.3: lets unzip apply the file mode below. */
const VERSION_MADE_BY = (3 << 8) | 63;
const REGULAR_FILE_MODE = 0o100644;
const MAX_32 = 0xffffffff;
const READ_CHUNK = 1024 * 1024;

interface CentralRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export class ZipWriter {
  readonly #sink: ZipSink;
  readonly #dosTime: number;
  readonly #dosDate: number;
  readonly #records: CentralRecord[] = [];
  #cursor = 0;

  constructor(sink: ZipSink, modified: Date) {
    this.#sink = sink;
    // DOS timestamps are local time, as in every other zip tool.
    this.#dosTime = (modified.getHours() << 11) | (modified.getMinutes() << 5) | Math.floor(modified.getSeconds() / 2);
    this.#dosDate = ((Math.max(modified.getFullYear(), 1980) - 1980) << 9) | ((modified.getMonth() + 1) << 5) | modified.getDate();
  }

  /** Adds one entry and returns its SHA-256 (of the uncompressed bytes), computed in the same pass. */
  async add(entry: ZipEntryInput): Promise<WrittenEntry> {
    if (!('bytes' in entry.source)) return this.#addFile(entry.name, entry.source.path);
    return this.#addBuffer(entry.name, entry.source.bytes, entry.compress);
  }

  async #addBuffer(name: string, bytes: Buffer, compress: boolean): Promise<WrittenEntry> {
    const data = compress ? deflateRawSync(bytes) : bytes;
    const record = this.#record(name, compress ? 8 : 0, crc32(bytes), data.length, bytes.length);
    await this.#append(this.#localHeader(record));
    await this.#append(data);
    return { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest() };
  }

  async #addFile(name: string, filePath: string): Promise<WrittenEntry> {
    const file = await open(filePath, 'r');
    let size: number;
    try {
      ({ size } = await file.stat());
    } catch (error) {
      await file.close();
      throw error;
    }
    const input = file.createReadStream({ highWaterMark: READ_CHUNK });
    const record = this.#record(name, 0, 0, size, size);
    const header = this.#localHeader(record);
    const headerOffset = this.#cursor;
    await this.#append(header);
    const hash = createHash('sha256');
    let crc = 0;
    let read = 0;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      read += chunk.length;
      await this.#append(chunk);
    }
    // A file that changed size under us would leave a header that lies about the data.
    if (read !== size) throw new Error(`${filePath} changed while it was being added to the bundle.`);
    record.crc = crc;
    const crcBytes = Buffer.alloc(4);
    crcBytes.writeUInt32LE(crc >>> 0);
    await this.#sink.patch(headerOffset + 14, crcBytes);
    return { name, size, sha256: hash.digest() };
  }

  /** Writes the central directory; the sink holds a complete zip afterwards. Returns its size. */
  async finish(): Promise<number> {
    const start = this.#cursor;
    for (const record of this.#records) await this.#append(this.#centralHeader(record));
    const length = this.#cursor - start;
    if (this.#cursor > MAX_32) throw new Error('The document bundle is larger than 4 GB.');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.#records.length, 8);
    end.writeUInt16LE(this.#records.length, 10);
    end.writeUInt32LE(length, 12);
    end.writeUInt32LE(start, 16);
    await this.#append(end);
    return this.#cursor;
  }

  #record(name: string, method: number, crc: number, compressedSize: number, size: number): CentralRecord {
    if (size >= MAX_32 || this.#cursor >= MAX_32) throw new Error('The document bundle is larger than 4 GB.');
    const record = { name: Buffer.from(name, 'utf8'), method, crc, compressedSize, size, offset: this.#cursor };
    this.#records.push(record);
    return record;
  }

  #localHeader(record: CentralRecord): Buffer {
    const header = Buffer.alloc(30 + record.name.length);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(VERSION_NEEDED, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(record.method, 8);
    header.writeUInt16LE(this.#dosTime, 10);
    header.writeUInt16LE(this.#dosDate, 12);
    header.writeUInt32LE(record.crc >>> 0, 14);
    header.writeUInt32LE(record.compressedSize, 18);
    header.writeUInt32LE(record.size, 22);
    header.writeUInt16LE(record.name.length, 26);
    header.writeUInt16LE(0, 28);
    record.name.copy(header, 30);
    return header;
  }

  #centralHeader(record: CentralRecord): Buffer {
    const header = Buffer.alloc(46 + record.name.length);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(record.method, 10);
    header.writeUInt16LE(this.#dosTime, 12);
    header.writeUInt16LE(this.#dosDate, 14);
    header.writeUInt32LE(record.crc >>> 0, 16);
    header.writeUInt32LE(record.compressedSize, 20);
    header.writeUInt32LE(record.size, 24);
    header.writeUInt16LE(record.name.length, 28);
    // extra length, comment length, disk number start, internal attributes: all 0
    header.writeUInt32LE((REGULAR_FILE_MODE << 16) >>> 0, 38);
    header.writeUInt32LE(record.offset, 42);
    record.name.copy(header, 46);
    return header;
  }

  async #append(bytes: Buffer): Promise<void> {
    await this.#sink.append(bytes);
    this.#cursor += bytes.length;
  }
}

/** Collects the zip in memory; patches go straight into the header buffer already collected. */
export function memorySink(): ZipSink & { toBuffer(): Buffer } {
  const chunks: Buffer[] = [];
  const starts: number[] = [];
  let length = 0;
  return {
    async append(bytes) {
      chunks.push(bytes);
      starts.push(length);
      length += bytes.length;
    },
    async patch(position, bytes) {
      // Patches only ever touch a header, which was appended as one chunk of its own.
      let index = starts.length - 1;
      while (starts[index] > position) index--;
      const chunk = Buffer.from(chunks[index]); // copy: the chunk may be a caller's buffer
      bytes.copy(chunk, position - starts[index]);
      chunks[index] = chunk;
    },
    toBuffer: () => Buffer.concat(chunks, length),
  };
}

/** Writes to a file with positional writes, so header patches need no second pass over the data. */
export async function fileSink(filePath: string): Promise<ZipSink & { close(): Promise<void> }> {
  const handle: FileHandle = await open(filePath, 'w');
  let position = 0;
  return {
    async append(bytes) {
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
        written += bytesWritten;
      }
      position += bytes.length;
    },
    async patch(at, bytes) {
      await handle.write(bytes, 0, bytes.length, at);
    },
    close: () => handle.close(),
  };
}

import { createSignaturesXmlFromDigests, type DigestedFile } from './signatures-xml';
import type { BundleDocument, BundleDocumentFile, SigningKey } from './types';
import { fileSink, memorySink, ZipWriter, type ZipSink } from './zip';

export type { BundleDocument, BundleDocumentFile, SigningKey } from './types';
export { createSignaturesXml, createSignaturesXmlFromDigests, type DigestedFile, type SignedFile } from './signatures-xml';
export { rfc2253IssuerName } from './rfc2253';
export { javaUrlEncode, jaxbDateTime } from './java-text';

export const MANIFEST_ENTRY = 'manifest.xml';
export const SIGNATURES_ENTRY = 'META-INF/signatures.xml';

export interface DocumentBundleInput {
  /** In memory (`bytes`) or on disk (`path`, streamed: read once, never held in memory). */
  documents: (BundleDocument | BundleDocumentFile)[];
  manifestXml: string;
  key: SigningKey;
  signingTime: Date;
  /** Zone the SigningTime is written in; defaults to the system's, as the Java client does. */
  timeZone?: string;
}

/** The signed document bundle (posten-api.md §4): documents, manifest.xml, META-INF/signatures.xml. */
export async function createDocumentBundle(input: DocumentBundleInput): Promise<Buffer> {
  const sink = memorySink();
  await writeBundle(input, sink);
  return sink.toBuffer();
}

/**
 * Same bundle, written to the file `outputPath`. With documents given as paths each one is read
 * once (CRC-32 and SHA-256 in the same pass) and memory stays flat whatever the bundle's size.
 * Returns the bundle's size in bytes.
 */
export async function writeDocumentBundle(input: DocumentBundleInput, outputPath: string): Promise<number> {
  const sink = await fileSink(outputPath);
  try {
    return await writeBundle(input, sink);
  } finally {
    await sink.close();
  }
}

/**
 * Documents first, stored (PDFs are already compressed); their digests, taken on the way through,
 * go into signatures.xml, which is why it can be the last entry and the data is read only once.
 */
async function writeBundle(input: DocumentBundleInput, sink: ZipSink): Promise<number> {
  checkEntryNames(input.documents);
  const zip = new ZipWriter(sink, input.signingTime);
  const files: DigestedFile[] = [];
  for (const document of input.documents) {
    const source = 'bytes' in document ? { bytes: document.bytes } : { path: document.path };
    const written = await zip.add({ name: document.fileName, source, compress: document.mimeType !== 'application/pdf' });
    files.push({ name: document.fileName, mimeType: document.mimeType, sha256: written.sha256 });
  }
  const manifest = await zip.add({ name: MANIFEST_ENTRY, source: { bytes: Buffer.from(input.manifestXml, 'utf8') }, compress: true });
  files.push({ name: MANIFEST_ENTRY, mimeType: 'application/xml', sha256: manifest.sha256 });
  const signaturesXml = createSignaturesXmlFromDigests({ files, key: input.key, signingTime: input.signingTime, timeZone: input.timeZone });
  await zip.add({ name: SIGNATURES_ENTRY, source: { bytes: Buffer.from(signaturesXml, 'utf8') }, compress: true });
  return zip.finish();
}

function checkEntryNames(documents: { fileName: string }[]): void {
  const seen = new Set<string>();
  for (const { fileName } of documents) {
    if (!fileName || fileName.includes('/') || fileName.includes('\\')) throw new Error(`Invalid document file name: "${fileName}".`);
    if (fileName === MANIFEST_ENTRY || fileName.toUpperCase().startsWith('META-INF')) throw new Error(`Reserved document file name: "${fileName}".`);
    if (seen.has(fileName)) throw new Error(`Two documents are named "${fileName}".`);
    seen.add(fileName);
  }
}

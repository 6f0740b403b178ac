import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { createSignaturesXmlFromDigests } from './signatures-xml';
import type { BundleDocument, SigningKey } from './types';
import { writeZip, zipToBuffer, type ZipEntry } from './zip';

export type { BundleDocument, SigningKey } from './types';
export { createSignaturesXml, createSignaturesXmlFromDigests, type DigestedFile, type SignedFile } from './signatures-xml';
export { rfc2253IssuerName } from './rfc2253';
export { javaUrlEncode, jaxbDateTime } from './java-text';

export const MANIFEST_ENTRY = 'manifest.xml';
export const SIGNATURES_ENTRY = 'META-INF/signatures.xml';

export interface DocumentBundleInput {
  documents: BundleDocument[];
  manifestXml: string;
  key: SigningKey;
  signingTime: Date;
  /** Zone the SigningTime is written in; defaults to the system's, as the Java client does. */
  timeZone?: string;
}

/** The signed document bundle (posten-api.md §4): documents, manifest.xml, META-INF/signatures.xml. */
export async function createDocumentBundle(input: DocumentBundleInput): Promise<Buffer> {
  return zipToBuffer(bundleEntries(input), input.signingTime);
}

/** Same bundle, streamed to `destination` (e.g. a file) so it is never held twice in memory. */
export async function writeDocumentBundle(input: DocumentBundleInput, destination: Writable): Promise<void> {
  return writeZip(bundleEntries(input), destination, input.signingTime);
}

function bundleEntries(input: DocumentBundleInput): ZipEntry[] {
  checkEntryNames(input.documents);
  const manifest = Buffer.from(input.manifestXml, 'utf8');
  const files = [
    ...input.documents.map((document) => ({ name: document.fileName, mimeType: document.mimeType, sha256: sha256(document.bytes) })),
    { name: MANIFEST_ENTRY, mimeType: 'application/xml', sha256: sha256(manifest) },
  ];
  const signaturesXml = createSignaturesXmlFromDigests({ files, key: input.key, signingTime: input.signingTime, timeZone: input.timeZone });
  return [
    ...input.documents.map((document) => ({ name: document.fileName, bytes: document.bytes, compress: document.mimeType !== 'application/pdf' })),
    { name: MANIFEST_ENTRY, bytes: manifest, compress: true },
    { name: SIGNATURES_ENTRY, bytes: Buffer.from(signaturesXml, 'utf8'), compress: true },
  ];
}

function checkEntryNames(documents: BundleDocument[]): void {
  const seen = new Set<string>();
  for (const { fileName } of documents) {
    if (!fileName || fileName.includes('/') || fileName.includes('\\')) throw new Error(`Invalid document file name: "${fileName}".`);
    if (fileName === MANIFEST_ENTRY || fileName.toUpperCase().startsWith('META-INF')) throw new Error(`Reserved document file name: "${fileName}".`);
    if (seen.has(fileName)) throw new Error(`Two documents are named "${fileName}".`);
    seen.add(fileName);
  }
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

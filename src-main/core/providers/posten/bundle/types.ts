export interface BundleDocument {
  /** The zip entry name; it is also the manifest's `href` (before URL encoding). */
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** A document on disk; it is streamed into the bundle, never read whole into memory. */
export interface BundleDocumentFile {
  fileName: string;
  mimeType: string;
  path: string;
}

export interface SigningKey {
  privateKeyPem: string;
  /** Leaf first. */
  certificateChainPems: string[];
}

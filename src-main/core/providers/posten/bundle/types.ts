export interface BundleDocument {
  /** The zip entry name; it is also the manifest's `href` (before URL encoding). */
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export interface SigningKey {
  privateKeyPem: string;
  /** Leaf first. */
  certificateChainPems: string[];
}

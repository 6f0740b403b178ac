/**
 * What the check of a downloaded signed file found, as stable keys with parameters. The core
 * stores these; the renderer and the CLI word them in the user's language. A finding's `detail`
 * is the technical text (library messages, byte ranges) for the "Details" disclosure.
 */
export const verificationFindingKeys = [
  // either format
  'unreadable',
  'signatureValueMismatch',
  'signerNotTrusted',
  'issuerNotCa',
  // PAdES
  'notPdf',
  'noSignatures',
  'trustAnchorsUnreadable',
  'signatureFieldDamaged',
  'signatureUnreadable',
  'notOneSigner',
  'signerCertificateMissing',
  'documentChanged',
  'signatureInvalid',
  'signingCertificateNotBound',
  'appendedBytes',
  'endNotCovered',
  // XAdES
  'notXml',
  'noSignature',
  'severalSignatures',
  'unsupportedMethod',
  'notXades',
  'signedPartChanged',
  'coversNoDocument',
  'coversUnknownDocument',
  'documentReferencedTwice',
  'documentTransformed',
  'weakDigest',
  'documentDiffers',
  'documentsNotCovered',
  'signingCertificateUnclear',
  'certificateMismatch',
] as const;

export type VerificationFindingKey = (typeof verificationFindingKeys)[number];

export interface CertificateHolder {
  /** The common name, else the organisation. */
  name: string;
  organizationNumber: string | null;
}

export interface VerificationFinding {
  key: VerificationFindingKey;
  params?: Readonly<Record<string, string | number>>;
  /** 1-based: which signature of a PAdES it concerns. */
  signature?: number;
  detail?: string;
}

export interface VerificationReport {
  ok: boolean;
  kind: 'pades' | 'xades';
  /** How many signatures the file holds. */
  signatures: number;
  /** XAdES: how many documents the signature covers. */
  documents?: number;
  /** Each signature's signer, in file order; null where the certificate could not be found. */
  signers: (CertificateHolder | null)[];
  /** XAdES: the signing time the signer's software claims (ISO). */
  signedAt?: string;
  findings: VerificationFinding[];
}

/** A report as it arrives over the contract: a finding key from a newer version may be unknown here. */
export type ReceivedVerificationReport = Omit<VerificationReport, 'findings'> & {
  findings: (Omit<VerificationFinding, 'key'> & { key: string })[];
};

/** The services' documented limits (posten-api.md §3 and §7), in one place for UI, CLI and core. */
export const postenLimits = {
  titleLength: 80,
  nonsensitiveTitleLength: 80,
  descriptionLength: 220,
  referenceLength: 50,
  documentTitleLength: 80,
  signers: 10,
  documents: 20,
  documentBytes: 10 * 1024 * 1024,
  maxOrder: 9,
  defaultAvailableSeconds: 30 * 24 * 3600,
  maxAvailableSeconds: 90 * 24 * 3600,
  signerIdentifierLength: 80,
  urlLength: 500,
} as const;

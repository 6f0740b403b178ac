/** What a Posten portal or direct job is made of, as the core hands it to the XML writers. */

export type SignatureType = 'ADVANCED_ELECTRONIC_SIGNATURE' | 'AUTHENTICATED_ELECTRONIC_SIGNATURE';
export type OnBehalfOf = 'SELF' | 'OTHER';
export type IdentifierInSignedDocuments = 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME' | 'DATE_OF_BIRTH_AND_NAME' | 'NAME';

export interface PortalSignerSpec {
  /** 0..9; equal numbers sign in parallel, lower numbers first. */
  order: number;
  nationalIdentityNumber?: string;
  email?: string;
  mobile?: string;
  /** Contact details from the public contact register (public-sector senders); e-mail always, SMS optional. */
  notificationsUsingLookup?: { sms: boolean };
  onBehalfOf?: OnBehalfOf;
  signatureType?: SignatureType;
}

export interface JobDocumentSpec {
  title: string;
  /** The name inside the bundle, e.g. `0000_avtale.pdf`. */
  fileName: string;
  mimeType: string;
}

export interface PortalJobSpec {
  organizationNumber: string;
  reference?: string;
  pollingQueue?: string;
  title: string;
  nonsensitiveTitle?: string;
  description?: string;
  documents: JobDocumentSpec[];
  signers: PortalSignerSpec[];
  requiredAuthentication?: 3 | 4;
  activationTime?: Date;
  availableSeconds?: number;
  identifierInSignedDocuments?: IdentifierInSignedDocuments;
}

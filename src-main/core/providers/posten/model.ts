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

/**
 * A direct-flow signer is named by exactly one of these: the national identity number, or an
 * identifier of the sender's own (1..80 characters, unique in the job). There is no e-mail or
 * SMS: the sender hands the signer a redirect URL itself.
 */
export type DirectSignerIdentity = { nationalIdentityNumber: string; customIdentifier?: never } | { customIdentifier: string; nationalIdentityNumber?: never };

export type DirectSignerSpec = DirectSignerIdentity & {
  signatureType?: SignatureType;
  onBehalfOf?: OnBehalfOf;
};

/** Where Posten sends the signer's browser when they are done; all three are required, also with POLLING. */
export interface DirectExitUrls {
  completion: string;
  rejection: string;
  error: string;
}

/**
 * A direct job (posten-api.md §3.6, §3.7). Unlike the portal flow there is no order, no
 * notification, no availability (activated at once, open for 30 days) and no nonsensitive title:
 * direct.xsd has no place for one.
 */
export interface DirectJobSpec {
  organizationNumber: string;
  reference?: string;
  /** The named queue the job's status changes go to; the default queue when absent. */
  pollingQueue?: string;
  title: string;
  description?: string;
  /** 1..20 */
  documents: JobDocumentSpec[];
  /** 1..10 */
  signers: DirectSignerSpec[];
  requiredAuthentication?: 3 | 4;
  identifierInSignedDocuments?: IdentifierInSignedDocuments;
  exitUrls: DirectExitUrls;
  /**
   * Only POLLING: a signer who finishes on another device never reaches our exit URL, so the
   * queue is the one place every outcome is sure to show up. Written as POLLING when absent.
   */
  statusRetrievalMethod?: 'POLLING';
}

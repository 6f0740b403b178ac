// The TRIDENT (eSignSP) sandbox's records and the constants of the protocol
// (the protocol reference for TRIDENT, part B; nothing here reads it).

export const RESOURCES_PREFIX = '/trustedx-resources/esignsp/v2';
export const AUTH_PREFIX = '/trustedx-authserver/oauth';
export const SIGNING_SCOPE = 'urn:safelayer:eidas:sign:process:document';
export const PROCESS_TYPES = ['urn:safelayer:eidas:processes:document:sign:esigp', 'urn:safelayer:eidas:processes:document:sign'] as const;
export const PDF_POLICY = 'urn:safelayer:eidas:policies:sign:document:pdf';
export const XML_POLICY = 'urn:safelayer:eidas:policies:sign:document:xml';
export const PADES_TYPES = ['pdf', 'pades-bes', 'pades-epes', 'pades-baseline'] as const;

export type ProcessStatus = 'finished' | 'failed' | 'failed_documents' | 'canceled';
export type DocumentStatus = 'finished' | 'failed' | 'canceled';

export interface ResultRecord<S extends string> {
  status: S;
  details?: { message: string };
}

/** A signature definition: what `signer` / the `signers` part of POST /documents carry. */
export interface SignatureDefinition {
  id: string;
  signature_policy_id: string;
  parameters?: Record<string, unknown>;
}

export interface DocumentRecord {
  id: string;
  contentType: string;
  signers: SignatureDefinition[];
  /** The process the document is signed in; set for a multipart process's own document and for batch members. */
  processId?: string;
  createdAt: string;
}

export interface ProcessDocument {
  id: string;
  /** Created by the multipart create (deleted with the process), not uploaded before by POST /documents. */
  ownedByProcess: boolean;
  result?: ResultRecord<DocumentStatus>;
}

export interface ProcessRecord {
  id: string;
  taskId: string;
  processType: string;
  createdAt: string;
  labels?: string[][];
  uiLocales?: string[];
  finishCallbackUrl: string;
  skipServerId: boolean;
  /** The decoded `views.document_agreement.document_info.html_body_content`. */
  agreementHtml?: string;
  /** The common signature definition (`signer`); a batch may instead rely on each document's own. */
  signer?: SignatureDefinition;
  documents: ProcessDocument[];
  identityId?: string;
  result?: ResultRecord<ProcessStatus>;
  finishedAt?: string;
  /** Things a real service might not accept (e.g. `finished_callback_url`), kept for the control API. */
  warnings: string[];
}

export type IdentityKind = 'mobile' | 'server';

/** A signing identity a person can pick on the task page; the sandbox PKI issues its certificate. */
export interface SigningIdentity {
  id: string;
  name: string;
  kind: IdentityKind;
  labels: string[];
}

export const DEFAULT_IDENTITIES: SigningIdentity[] = [
  { id: 'kari-nordmann-mobile', name: 'Kari Nordmann', kind: 'mobile', labels: ['sandbox', 'mobile', 'qualified'] },
  { id: 'kari-nordmann-server', name: 'Kari Nordmann', kind: 'server', labels: ['sandbox', 'server', 'qualified'] },
  { id: 'ola-nordmann-server', name: 'Ola Nordmann', kind: 'server', labels: ['sandbox', 'server', 'advanced'] },
];

/**
 * `labels` is an OR of ANDs: [["a","b"],["c"]] picks identities with both a and b, or with c.
 * Absent means no filter; an empty list of sets matches nothing (no set can be satisfied).
 */
export function identitiesMatching(identities: SigningIdentity[], labels: string[][] | undefined): SigningIdentity[] {
  if (labels === undefined) return identities;
  return identities.filter((identity) => labels.some((set) => set.every((label) => identity.labels.includes(label))));
}

import { asArray, attributeOf, readRoot, textOf, UnexpectedResponseError, type XmlNode } from './read';

export interface PortalCreateResponse {
  signatureJobId: string;
  reference?: string;
  cancellationUrl: string;
}

export interface PortalSignatureStatus {
  /** As the service names it (WAITING, SIGNED, ...); unknown values are kept. */
  status: string;
  since: string;
  nationalIdentityNumber?: string;
  email?: string;
  mobile?: string;
  /** Direct flow: the identifier the signer was named by in the manifest (national identity number or the sender's own). */
  identifier?: string;
  xadesUrl?: string;
}

export interface PortalStatusChange {
  signatureJobId: string;
  reference?: string;
  status: string;
  confirmationUrl: string;
  cancellationUrl?: string;
  deleteDocumentsUrl?: string;
  padesUrl?: string;
  signatures: PortalSignatureStatus[];
}

export interface ServiceErrorBody {
  code: string;
  message: string;
  type: string;
}

function required(node: XmlNode, name: string, root: string): string {
  const value = textOf(node[name]);
  if (!value) throw new UnexpectedResponseError(`<${root}> from the service has no <${name}>.`);
  return value;
}

const optional = (node: XmlNode, name: string): string | undefined => textOf(node[name]) || undefined;

export function readPortalCreateResponse(xml: string): PortalCreateResponse {
  const root = readRoot(xml, 'portal-signature-job-response');
  return {
    signatureJobId: required(root, 'signature-job-id', 'portal-signature-job-response'),
    reference: optional(root, 'reference'),
    cancellationUrl: required(root, 'cancellation-url', 'portal-signature-job-response'),
  };
}

export function readPortalStatusChange(xml: string): PortalStatusChange {
  const name = 'portal-signature-job-status-change-response';
  const root = readRoot(xml, name);
  const signaturesNode = (root.signatures ?? {}) as XmlNode;
  const signatures = asArray(signaturesNode.signature as XmlNode[] | XmlNode | undefined).map((signature): PortalSignatureStatus => {
    const identifier = (signature.identifier ?? {}) as XmlNode;
    return {
      status: textOf(signature.status) ?? '',
      since: attributeOf(signature.status, 'since') ?? '',
      nationalIdentityNumber: optional(signature, 'personal-identification-number'),
      email: attributeOf(identifier.email, 'address') ?? (optional(identifier, 'email') || undefined),
      mobile: attributeOf(identifier.sms, 'number') ?? (optional(identifier, 'sms') || undefined),
      xadesUrl: textOf(asArray(signature['xades-url'] as unknown[])[0]) || undefined,
    };
  });
  return {
    signatureJobId: required(root, 'signature-job-id', name),
    reference: optional(root, 'reference'),
    status: textOf(asArray(root.status as unknown[])[0]) ?? '',
    confirmationUrl: required(root, 'confirmation-url', name),
    cancellationUrl: optional(root, 'cancellation-url'),
    deleteDocumentsUrl: optional(root, 'delete-documents-url'),
    padesUrl: optional(signaturesNode, 'pades-url'),
    signatures,
  };
}

/** How a direct signer is named in the service's answers: as in the manifest, by PIN or by the sender's own identifier. */
export type DirectSignerIdentifierKind = 'nationalIdentityNumber' | 'customIdentifier';

/** One signer as E2 and E6 answer (`signer` / `direct-signer-response`, posten-api.md §3.8, §3.9). */
export interface DirectSigner {
  /** The PIN or the custom identifier, whichever the job named the signer by. */
  identifier: string;
  identifierKind: DirectSignerIdentifierKind;
  /** The one-time address to send the signer's browser to. */
  redirectUrl: string;
  /** The signer's own resource (`href`): E6 is posted here for a fresh redirect URL. Not a page for the signer. */
  signerUrl: string;
}

export interface DirectCreateResponse {
  signatureJobId: string;
  reference?: string;
  /** For `status_query_token` queries (E5); the service leaves it out for POLLING jobs. */
  statusUrl?: string;
  /** Matched by identifier, never by position: the service may list them in another order than the manifest. */
  signers: DirectSigner[];
}

export interface DirectSignerStatus {
  /** The `signer` attribute (PIN or custom identifier); the XSD lets the service leave it out. */
  identifier?: string;
  /** WAITING, SIGNED, REJECTED, EXPIRED, FAILED, ... as the service names it; unknown values are kept. */
  status: string;
  since: string;
  xadesUrl?: string;
}

/** `direct-signature-job-status-response` (posten-api.md §3.10), as E4 (the queue) or E5 delivers it. */
export interface DirectStatusChange {
  signatureJobId: string;
  reference?: string;
  /** IN_PROGRESS, COMPLETED_SUCCESSFULLY or FAILED; unknown values are kept. */
  status: string;
  /** Optional in the XSD; a queue delivery carries one and must be confirmed. */
  confirmationUrl?: string;
  deleteDocumentsUrl?: string;
  padesUrl?: string;
  signers: DirectSignerStatus[];
}

function readDirectSigner(node: XmlNode, root: string): DirectSigner {
  const pin = optional(node, 'personal-identification-number');
  const custom = optional(node, 'signer-identifier');
  const identifier = pin ?? custom;
  if (!identifier) throw new UnexpectedResponseError(`A signer in <${root}> from the service names no personal-identification-number or signer-identifier.`);
  const redirectUrl = textOf(asArray(node['redirect-url'] as unknown[])[0]);
  if (!redirectUrl) throw new UnexpectedResponseError(`Signer ${identifier} in <${root}> from the service has no <redirect-url>.`);
  const signerUrl = attributeOf(node, 'href')?.trim();
  if (!signerUrl) throw new UnexpectedResponseError(`Signer ${identifier} in <${root}> from the service has no href.`);
  return { identifier, identifierKind: pin ? 'nationalIdentityNumber' : 'customIdentifier', redirectUrl, signerUrl };
}

/**
 * E2's answer. The top-level `redirect-url`s are deprecated copies of each signer's and are not
 * read: only `signer` carries the signer's href, which E6 needs.
 */
export function readDirectCreateResponse(xml: string): DirectCreateResponse {
  const name = 'direct-signature-job-response';
  const root = readRoot(xml, name);
  const signers = asArray(root.signer as XmlNode[] | XmlNode | undefined).map((signer) => readDirectSigner(signer, name));
  if (signers.length === 0) throw new UnexpectedResponseError(`<${name}> from the service has no <signer>.`);
  return {
    signatureJobId: required(root, 'signature-job-id', name),
    reference: optional(root, 'reference'),
    statusUrl: optional(root, 'status-url'),
    signers,
  };
}

/** E6's answer: the same signer with a fresh one-time redirect URL. */
export function readDirectSignerResponse(xml: string): DirectSigner {
  const name = 'direct-signer-response';
  return readDirectSigner(readRoot(xml, name), name);
}

/**
 * Pairs each `xades-url` with its `status` by the `signer` attribute. The official single-signer
 * example leaves the attribute out of both, so an unnamed URL goes to the next signed signer
 * without one, in document order.
 */
function attachXadesUrls(signers: DirectSignerStatus[], xadesNodes: unknown[]): void {
  for (const node of xadesNodes) {
    const url = textOf(node);
    if (!url) continue;
    const named = attributeOf(node, 'signer')?.trim();
    const target = named
      ? signers.find((s) => s.identifier === named && !s.xadesUrl)
      : signers.find((s) => s.status === 'SIGNED' && !s.xadesUrl && !s.identifier) ?? signers.find((s) => s.status === 'SIGNED' && !s.xadesUrl);
    if (target) target.xadesUrl = url;
  }
}

export function readDirectStatusChange(xml: string): DirectStatusChange {
  const name = 'direct-signature-job-status-response';
  const root = readRoot(xml, name);
  const signers = asArray(root.status as unknown[]).map((node): DirectSignerStatus => ({
    identifier: attributeOf(node, 'signer')?.trim() || undefined,
    status: textOf(node) ?? '',
    since: attributeOf(node, 'since')?.trim() ?? '',
  }));
  attachXadesUrls(signers, asArray(root['xades-url'] as unknown[]));
  return {
    signatureJobId: required(root, 'signature-job-id', name),
    reference: optional(root, 'reference'),
    status: required(root, 'signature-job-status', name),
    confirmationUrl: optional(root, 'confirmation-url'),
    deleteDocumentsUrl: optional(root, 'delete-documents-url'),
    padesUrl: optional(root, 'pades-url'),
    signers,
  };
}

/** The service's `<error>` document, or undefined when the body is something else (an HTML proxy page, say). */
export function readServiceError(xml: string): ServiceErrorBody | undefined {
  try {
    const root = readRoot(xml, 'error');
    return {
      code: textOf(root['error-code']) ?? 'UNKNOWN',
      message: textOf(root['error-message']) ?? '',
      type: textOf(root['error-type']) ?? '',
    };
  } catch {
    return undefined;
  }
}

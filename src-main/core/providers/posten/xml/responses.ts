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

import { XMLParser } from 'fast-xml-parser';
import type { Flow } from '../core/model';

// Only called after the XML passed the XSD, so shapes are known; values stay strings
// (PINs and org numbers have leading zeros).
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'signer' || name === 'document',
});

// The same reading without trimming, for the contact attributes alone: the service echoes the
// e-mail address and mobile number in status changes exactly as it received them (reference
// §3.5; xs:string attributes are not whitespace-collapsed), and clients match signers by that text.
const verbatimParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'signer' || name === 'document',
});

type Node = Record<string, unknown>;
const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const inner = (value as Node)['#text'];
    return inner === undefined ? '' : String(inner);
  }
  return String(value);
};
const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});

export function rootElementName(xml: string): string | undefined {
  const parsed = parser.parse(xml) as Node;
  return Object.keys(parsed).find((k) => !k.startsWith('?') && !k.startsWith('#'));
}

export interface ParsedRequest {
  reference?: string;
  pollingQueue: string;
  exitUrls?: { completion: string; rejection: string; error: string };
  statusRetrievalMethod?: 'WAIT_FOR_CALLBACK' | 'POLLING';
}

export function parseJobRequest(flow: Flow, xml: string): ParsedRequest {
  const root = node((parser.parse(xml) as Node)[`${flow}-signature-job-request`]);
  const result: ParsedRequest = { reference: text(root.reference), pollingQueue: text(root['polling-queue']) ?? '' };
  if (flow === 'direct') {
    const exit = node(root['exit-urls']);
    result.exitUrls = {
      completion: text(exit['completion-url']) ?? '',
      rejection: text(exit['rejection-url']) ?? '',
      error: text(exit['error-url']) ?? '',
    };
    result.statusRetrievalMethod = text(root['status-retrieval-method']) === 'POLLING' ? 'POLLING' : 'WAIT_FOR_CALLBACK';
  }
  return result;
}

export interface ParsedSigner {
  order: number;
  pin?: string;
  signerIdentifier?: string;
  email?: string;
  sms?: string;
  notificationsUsingLookup: boolean;
  onBehalfOf?: 'SELF' | 'OTHER';
}

export interface ParsedManifest {
  senderOrganizationNumber: string;
  title: string;
  nonsensitiveTitle?: string;
  description?: string;
  documents: { href: string; mime: string; title: string }[];
  signers: ParsedSigner[];
  activationTime?: string;
  availableSeconds?: number;
  identifierInSignedDocuments?: string;
}

/** Everything but the contact attributes, which come from verbatimContacts. */
function parseSigner(raw: Node): Omit<ParsedSigner, 'email' | 'sms'> {
  const onBehalfOf = text(raw['on-behalf-of']);
  return {
    order: raw['@_order'] === undefined ? 0 : Number(raw['@_order']),
    pin: text(raw['personal-identification-number']),
    signerIdentifier: text(raw['signer-identifier']),
    notificationsUsingLookup: raw['notifications-using-lookup'] !== undefined,
    onBehalfOf: onBehalfOf === 'OTHER' || onBehalfOf === 'SELF' ? onBehalfOf : undefined,
  };
}

/** Each portal signer's e-mail address and mobile number, untrimmed, in manifest order. */
function verbatimContacts(flow: Flow, xml: string): Pick<ParsedSigner, 'email' | 'sms'>[] {
  if (flow !== 'portal') return [];
  const root = node((verbatimParser.parse(xml) as Node)['portal-signature-job-manifest']);
  return ((node(root.signers).signer as Node[] | undefined) ?? []).map((signer) => {
    const notifications = signer.notifications === undefined ? undefined : node(signer.notifications);
    return {
      email: notifications?.email === undefined ? undefined : text(node(notifications.email)['@_address']),
      sms: notifications?.sms === undefined ? undefined : text(node(notifications.sms)['@_number']),
    };
  });
}

export function parseManifest(flow: Flow, xml: string): ParsedManifest {
  const root = node((parser.parse(xml) as Node)[`${flow}-signature-job-manifest`]);
  const rawSigners = (flow === 'portal' ? node(root.signers).signer : root.signer) as Node[] | undefined;
  const rawDocuments = (root.documents !== undefined ? node(root.documents).document : root.document) as Node[] | undefined;
  // The deprecated single-document form carries the job's texts on the document itself.
  const legacy = root.documents === undefined ? node(rawDocuments?.[0]) : undefined;
  const texts = legacy ?? root;
  const availability = node(root.availability);
  const seconds = text(availability['available-seconds']);
  const contacts = verbatimContacts(flow, xml);
  return {
    senderOrganizationNumber: text(node(root.sender)['organization-number']) ?? '',
    title: text(texts.title) ?? '',
    nonsensitiveTitle: text(texts['nonsensitive-title']),
    description: text(texts.description),
    documents: (rawDocuments ?? []).map((d) => ({ href: text(d['@_href']) ?? '', mime: text(d['@_mime']) ?? '', title: text(d.title) ?? '' })),
    signers: (rawSigners ?? []).map((raw, i) => ({ ...parseSigner(raw), ...contacts[i] })),
    activationTime: text(availability['activation-time']),
    availableSeconds: seconds === undefined || seconds === '' ? undefined : Number(seconds),
    identifierInSignedDocuments: text(root['identifier-in-signed-documents']),
  };
}

import { XMLParser } from 'fast-xml-parser';

/**
 * Responses are parsed leniently, as the reference asks: prefixes are dropped (the server adds
 * unused ns2..ns4 declarations), text is trimmed (examples wrap URLs in whitespace and comments),
 * unknown elements and status values are kept rather than refused.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  commentPropName: false as unknown as string,
  isArray: (name, jpath) => ['signature', 'status', 'signer', 'xades-url', 'redirect-url'].includes(name) && !String(jpath).endsWith('signature.status'),
});

export type XmlNode = Record<string, unknown>;

export class UnexpectedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedResponseError';
  }
}

/** Parses a document and returns its root element, checking the root's local name. */
export function readRoot(xml: string, expectedRoot: string): XmlNode {
  let parsed: XmlNode;
  try {
    parsed = parser.parse(xml) as XmlNode;
  } catch (error) {
    throw new UnexpectedResponseError(`The service answered with XML that cannot be read: ${(error as Error).message}`);
  }
  const root = parsed[expectedRoot];
  if (typeof root !== 'object' || root === null) {
    const found = Object.keys(parsed).filter((k) => !k.startsWith('?')).join(', ') || 'nothing';
    throw new UnexpectedResponseError(`Expected <${expectedRoot}> from the service but got ${found}.`);
  }
  return root as XmlNode;
}

/** Text content of an element that may carry attributes. */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  if (typeof value === 'object' && '#text' in (value as XmlNode)) return String((value as XmlNode)['#text']).trim();
  return typeof value === 'object' ? '' : undefined;
}

export const attributeOf = (value: unknown, name: string): string | undefined =>
  typeof value === 'object' && value !== null ? ((value as XmlNode)[`@${name}`] as string | undefined) : undefined;

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

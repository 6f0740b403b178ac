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

/**
 * Reads only what the lenient parser drops: the root's own name with its prefix, and its xmlns
 * declarations. The root element's namespace can only be declared on the root itself.
 */
const rootTagParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Every document Posten signering answers with (status changes, job responses, errors) is in this namespace. */
export const POSTEN_NAMESPACE = 'http://signering.posten.no/schema/v1';

export type XmlNode = Record<string, unknown>;

export class UnexpectedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedResponseError';
  }
}

/**
 * Posten's answers follow its XSDs and never declare a document type. One that does is refused
 * before it is parsed: a DOCTYPE is where entity tricks live (a billion laughs, an external entity
 * that reads a local file), and the parser would otherwise read such a document as an ordinary answer.
 */
const DOCTYPE = /<!DOCTYPE/i;

/** Parses a document and returns its root element, checking the root's local name. */
export function readRoot(xml: string, expectedRoot: string): XmlNode {
  if (DOCTYPE.test(xml)) throw new UnexpectedResponseError('The service answered with a document type declaration (DOCTYPE), which Posten signering never sends; the answer was not read.');
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
  // Same local name is not the same document: a status change in another namespace is not Posten's.
  const namespace = rootNamespaceOf(xml);
  if (namespace !== POSTEN_NAMESPACE) {
    throw new UnexpectedResponseError(
      namespace
        ? `The service answered with <${expectedRoot}> in the namespace ${namespace.slice(0, 200)}, not in Posten signering's (${POSTEN_NAMESPACE}), so the answer cannot be read as Posten's.`
        : `The service answered with <${expectedRoot}> in no namespace, not in Posten signering's (${POSTEN_NAMESPACE}), so the answer cannot be read as Posten's.`,
    );
  }
  return root as XmlNode;
}

/** The namespace URI of the document's root element, or undefined when it has none. */
function rootNamespaceOf(xml: string): string | undefined {
  const parsed = rootTagParser.parse(xml) as XmlNode;
  const rootName = Object.keys(parsed).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (!rootName) return undefined;
  const root = parsed[rootName];
  const colon = rootName.indexOf(':');
  const declaration = colon === -1 ? '@xmlns' : `@xmlns:${rootName.slice(0, colon)}`;
  const namespace = typeof root === 'object' && root !== null ? (root as XmlNode)[declaration] : undefined;
  return typeof namespace === 'string' && namespace.trim() ? namespace.trim() : undefined;
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

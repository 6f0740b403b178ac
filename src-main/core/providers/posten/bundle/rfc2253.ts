import * as asn1js from 'asn1js';

/**
 * The certificate's issuer the way Java's `X500Principal.getName()` prints it (RFC 2253), because the
 * Java client puts that string into X509IssuerName and the test vector pins its bytes. No library here
 * renders names like Java (forge/x509/pkijs use other keyword sets, orders or escaping), so this is
 * hand-rolled on asn1js.
 */
export function rfc2253IssuerName(certificateDer: Uint8Array): string {
  const certificate = parse(certificateDer);
  const tbs = asSequence(certificate.valueBlock.value[0], 'tbsCertificate');
  const fields = tbs.valueBlock.value;
  // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, ...
  const hasVersion = fields[0].idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0;
  const issuer = asSequence(fields[hasVersion ? 3 : 2], 'issuer');
  return rfc2253Name(issuer);
}

const KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

// Java's AVA.isDerString: the string types it prints as text; any other value is printed as #hex.
const TEXT_TYPES = [asn1js.PrintableString, asn1js.TeletexString, asn1js.IA5String, asn1js.GeneralString, asn1js.BmpString, asn1js.Utf8String];

function rfc2253Name(name: asn1js.Sequence): string {
  const rdns = name.valueBlock.value.map((rdn) => {
    const set = rdn as asn1js.Set;
    return set.valueBlock.value.map((ava) => attributeTypeAndValue(asSequence(ava, 'AttributeTypeAndValue'))).join('+');
  });
  return rdns.reverse().join(',');
}

function attributeTypeAndValue(ava: asn1js.Sequence): string {
  const [typeNode, value] = ava.valueBlock.value;
  const oid = (typeNode as asn1js.ObjectIdentifier).valueBlock.toString();
  const keyword = KEYWORDS[oid];
  if (!keyword || !TEXT_TYPES.some((type) => value instanceof type)) {
    return `${keyword ?? oid}=#${Buffer.from(value.toBER(false)).toString('hex')}`;
  }
  return `${keyword}=${escapeValue((value as asn1js.Utf8String).valueBlock.value)}`;
}

/** Mirrors AVA.toRFC2253String: backslash before special characters, and before leading/trailing blanks. */
function escapeValue(value: string): string {
  const escapees = ',=+<>#;"\\';
  const chars: string[] = [];
  for (const c of value) {
    if (c === '\u0000') chars.push('\\00');
    else chars.push(escapees.includes(c) ? `\\${c}` : c);
  }
  const isBlank = (c: string) => c === ' ' || c === '\r';
  let lead = 0;
  while (lead < chars.length && isBlank(chars[lead])) lead++;
  let trail = chars.length - 1;
  while (trail >= 0 && isBlank(chars[trail])) trail--;
  return chars.map((c, i) => (i < lead || i > trail ? `\\${c}` : c)).join('');
}

function parse(der: Uint8Array): asn1js.Sequence {
  const result = asn1js.fromBER(new Uint8Array(der));
  if (result.offset === -1) throw new Error('The certificate is not valid DER.');
  return asSequence(result.result, 'Certificate');
}

function asSequence(node: asn1js.AsnType | undefined, what: string): asn1js.Sequence {
  if (!(node instanceof asn1js.Sequence)) throw new Error(`Unexpected certificate structure at ${what}.`);
  return node;
}

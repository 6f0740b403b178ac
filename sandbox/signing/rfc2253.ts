// The issuer name as Java's X500Principal.getName() prints it (RFC 2253), which is what the Java
// client writes into X509IssuerName: RDNs in reverse DER order, "," without spaces, known keywords,
// other attribute types as OID=#hex of the DER value.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pemToDer, toArrayBuffer } from './pem';

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

function escapeValue(value: string): string {
  let out = value.replace(/[,=+<>#;"\\]/g, (c) => `\\${c}`);
  if (out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function attributeToString(type: string, value: asn1js.AsnType): string {
  const keyword = KEYWORDS[type];
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  if (keyword && typeof block?.value === 'string') return `${keyword}=${escapeValue(block.value)}`;
  return `${keyword ?? type}=#${Buffer.from(value.toBER(false)).toString('hex')}`;
}

export function rfc2253IssuerName(certPem: string): string {
  const der = pemToDer(certPem);
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
  const name = asn1js.fromBER(cert.issuer.toSchema().toBER(false)).result as asn1js.Sequence;
  const rdns = name.valueBlock.value.map((rdn) =>
    (rdn as asn1js.Set).valueBlock.value
      .map((atv) => {
        const [oid, value] = (atv as asn1js.Sequence).valueBlock.value;
        return attributeToString((oid as asn1js.ObjectIdentifier).valueBlock.toString(), value);
      })
      .join('+'),
  );
  return rdns.reverse().join(',');
}

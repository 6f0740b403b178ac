// The sandbox's test persons, each with a certificate laid out as ICP-Brasil (DOC-ICP-04) lays
// out a natural person's: CN "NAME:CPF", and in subjectAltName an otherName 2.16.76.1.3.1 holding
// date of birth (ddmmyyyy), CPF, NIS (11), RG (15) and the RG's issuer with its state (6), plus the
// e-mail address. The certificate type (A1: key in a file, A3: key on a token or card) is the
// policy arc 2.16.76.1.2.<n>, which is how a verifier such as Rest PKI tells them apart.
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import type { KeyPair, SandboxPki } from '../pki/index';
import { formatCpf } from './cpf';

export const OID_PERSON_DATA = '2.16.76.1.3.1';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';
/** ICP-Brasil policy arcs per certificate type; the last number is a sandbox-only policy under that arc. */
const POLICY_ARC = { A1: '2.16.76.1.2.1', A3: '2.16.76.1.2.3' } as const;
const SANDBOX_POLICY = '999';

export interface TestPerson {
  id: string;
  name: string;
  cpf: string;
  /** ddmmyyyy, as in the otherName */
  dateOfBirth: string;
  email: string;
  rg: string;
  rgIssuer: string;
  certificateType: keyof typeof POLICY_ARC;
}

export const TEST_PERSONS: readonly TestPerson[] = [
  { id: 'maria', name: 'Maria da Silva', cpf: '12345678909', dateOfBirth: '14051980', email: 'maria.silva@example.com.br', rg: '123456789', rgIssuer: 'SSPSP', certificateType: 'A3' },
  { id: 'joao', name: 'João Pereira Souza', cpf: '52998224725', dateOfBirth: '02111975', email: 'joao.souza@example.com.br', rg: '987654321', rgIssuer: 'SSPRJ', certificateType: 'A1' },
  // a third, so that three signers in a row each sign with a certificate of their own (pdfsig
  // reports the later of two signatures by one certificate as "Unknown issue with Certificate")
  { id: 'ana', name: 'Ana Beatriz Costa', cpf: '11144477735', dateOfBirth: '30081990', email: 'ana.costa@example.com.br', rg: '456789123', rgIssuer: 'SSPMG', certificateType: 'A1' },
];

export function findPerson(id: string): TestPerson | undefined {
  return TEST_PERSONS.find((person) => person.id === id);
}

/** Whether the person's key sits on a hardware device, which a `CryptoDevice` requirement asks for. */
export function hasHardwareKey(person: TestPerson): boolean {
  return person.certificateType === 'A3';
}

export function describePerson(person: TestPerson): Record<string, string> {
  return { id: person.id, name: person.name, cpf: person.cpf, formattedCpf: formatCpf(person.cpf), certificateType: person.certificateType, email: person.email };
}

function personData(person: TestPerson): string {
  const nis = '0'.repeat(11);
  return `${person.dateOfBirth}${person.cpf}${nis}${person.rg.padStart(15, '0')}${person.rgIssuer.padEnd(6, ' ').slice(0, 6)}`;
}

function subjectAltName(person: TestPerson): x509.Extension {
  const otherName = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 0 },
    value: [
      new asn1js.ObjectIdentifier({ value: OID_PERSON_DATA }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.PrintableString({ value: personData(person) })] }),
    ],
  });
  const email = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 1 }, valueHex: new TextEncoder().encode(person.email).buffer as ArrayBuffer });
  return new x509.Extension(OID_SUBJECT_ALT_NAME, false, new asn1js.Sequence({ value: [otherName, email] }).toBER());
}

export function personKeyPair(pki: SandboxPki, person: TestPerson): Promise<KeyPair> {
  return pki.customSignerKeyPair({
    id: `restpki-person-${person.id}-${person.cpf}`,
    subject: [
      { C: ['BR'] },
      { O: ['ICP-Brasil'] },
      { OU: ['Signing Desk Sandbox AC (test only)'] },
      { OU: [`Certificado PF ${person.certificateType}`] },
      { CN: [{ utf8String: `${person.name}:${person.cpf}` }] },
    ],
    extensions: [subjectAltName(person), new x509.CertificatePolicyExtension([`${POLICY_ARC[person.certificateType]}.${SANDBOX_POLICY}`])],
  });
}

export interface PkiBrazilFields {
  cpf: string;
  dateOfBirth: string;
  rgNumero: string | null;
  rgEmissor: string | null;
  rgEmissorUF: string | null;
  certificateType: 'A1' | 'A3' | 'Unknown';
}

/** Reads the ICP-Brasil person fields back out of a certificate (what a verifier would show). */
export function pkiBrazilFieldsOf(certPem: string): PkiBrazilFields | undefined {
  const cert = new x509.X509Certificate(certPem);
  const san = cert.getExtension(OID_SUBJECT_ALT_NAME);
  if (!san) return undefined;
  const parsed = asn1js.fromBER(san.value);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  let data: string | undefined;
  for (const name of parsed.result.valueBlock.value) {
    if (name.idBlock.tagClass !== 3 || name.idBlock.tagNumber !== 0 || !(name instanceof asn1js.Constructed)) continue;
    const [type, wrapped] = name.valueBlock.value;
    if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== OID_PERSON_DATA) continue;
    const inner = (wrapped as asn1js.Constructed | undefined)?.valueBlock.value[0];
    if (inner instanceof asn1js.PrintableString || inner instanceof asn1js.Utf8String) data = inner.valueBlock.value;
    else if (inner instanceof asn1js.OctetString) data = Buffer.from(inner.valueBlock.valueHexView).toString('latin1');
  }
  if (!data || data.length < 19) return undefined;
  const policies = cert.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
  const type = policies.some((p) => p.startsWith(`${POLICY_ARC.A3}.`)) ? 'A3' : policies.some((p) => p.startsWith(`${POLICY_ARC.A1}.`)) ? 'A1' : 'Unknown';
  const rg = data.slice(30, 45).replace(/^0+/, '');
  const issuer = data.slice(45, 51).trim();
  const dob = data.slice(0, 8);
  return {
    cpf: data.slice(8, 19),
    dateOfBirth: `${dob.slice(4, 8)}-${dob.slice(2, 4)}-${dob.slice(0, 2)}`,
    rgNumero: rg || null,
    rgEmissor: issuer.length > 2 ? issuer.slice(0, -2) : null,
    rgEmissorUF: issuer.length > 2 ? issuer.slice(-2) : null,
    certificateType: type,
  };
}

// CertificateModel / NameModel / CertificateSummary (API 2.2.2) built from the certificates the
// sandbox signed with: what GET /api/signature-sessions/{id} tells a client about its signer.
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { pemToDer } from '../signing/pem';
import { pkiBrazilFieldsOf } from './persons';
import type { CertificateModel, CertificateSummary, NameModel } from './schemas';

const SHORT_NAMES: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  E: '1.2.840.113549.1.9.1',
};

function nameModel(name: x509.Name): NameModel {
  const all: Record<string, string[]> = {};
  for (const rdn of name.toJSON()) {
    for (const [type, values] of Object.entries(rdn)) {
      const oid = SHORT_NAMES[type] ?? type;
      all[oid] = [...(all[oid] ?? []), ...values.map(String)];
    }
  }
  const first = (oid: string) => all[oid]?.[0] ?? null;
  return {
    country: first('2.5.4.6'),
    organization: first('2.5.4.10'),
    organizationUnit: first('2.5.4.11'),
    dnQualifier: first('2.5.4.46'),
    stateName: first('2.5.4.8'),
    commonName: first('2.5.4.3'),
    serialNumber: first('2.5.4.5'),
    locality: first('2.5.4.7'),
    title: first('2.5.4.12'),
    surname: first('2.5.4.4'),
    givenName: first('2.5.4.42'),
    initials: first('2.5.4.43'),
    pseudonym: first('2.5.4.65'),
    generationQualifier: first('2.5.4.44'),
    emailAddress: first('1.2.840.113549.1.9.1'),
    allValues: all,
    dnString: name.toString(),
  };
}

/** ICP-Brasil writes a person's CN as "NAME:CPF"; the display name is the part before the colon. */
function displayName(commonName: string | null): string | null {
  return commonName?.replace(/:\d{11}$/, '') ?? null;
}

function thumbprints(der: Buffer) {
  const sha256 = createHash('sha256').update(der).digest();
  return { thumbprint: createHash('sha1').update(der).digest('hex'), thumbprintSHA256: sha256.toString('hex'), binaryThumbprintSHA256: sha256.toString('base64') };
}

function emailOf(cert: x509.X509Certificate): string | null {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return san?.names.items.find((item) => item.type === 'email')?.value ?? null;
}

/** `chain` is leaf first, then each issuer; a self-signed last certificate names no issuer model. */
export function certificateModel(chain: string[]): CertificateModel {
  const [pem, ...issuers] = chain;
  const cert = new x509.X509Certificate(pem);
  const subject = nameModel(cert.subjectName);
  const brazil = pkiBrazilFieldsOf(pem);
  const model: CertificateModel = {
    subjectName: subject,
    issuerName: nameModel(cert.issuerName),
    issuerDisplayName: displayName(new x509.Name(cert.issuer).getField('CN')[0] ?? null),
    serialNumber: cert.serialNumber,
    validityStart: cert.notBefore.toISOString(),
    validityEnd: cert.notAfter.toISOString(),
    ...thumbprints(pemToDer(pem)),
    subjectCommonName: subject.commonName,
    subjectDisplayName: displayName(subject.commonName),
    subjectIdentifier: brazil?.cpf ?? null,
    emailAddress: emailOf(cert) ?? subject.emailAddress,
    organization: subject.organization,
    organizationIdentifier: null,
  };
  if (brazil) {
    model.pkiBrazil = {
      certificateType: brazil.certificateType,
      cpf: brazil.cpf,
      cnpj: null,
      responsavel: null,
      dateOfBirth: brazil.dateOfBirth,
      companyName: null,
      oabUF: null,
      oabNumero: null,
      rgEmissor: brazil.rgEmissor,
      rgEmissorUF: brazil.rgEmissorUF,
      rgNumero: brazil.rgNumero,
    };
  }
  if (issuers.length > 0 && cert.subject !== cert.issuer) model.issuer = certificateModel(issuers);
  return model;
}

export function certificateSummary(model: CertificateModel): CertificateSummary {
  const { thumbprint, thumbprintSHA256, subjectCommonName, subjectDisplayName, subjectIdentifier, emailAddress, organization, organizationIdentifier } = model;
  return { thumbprint, thumbprintSHA256, subjectCommonName, subjectDisplayName, subjectIdentifier, emailAddress, organization, organizationIdentifier };
}

// Certificate issuing on top of @peculiar/x509 with Node's own WebCrypto (no extra provider needed).
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** RDNs in DER order (C first), so the RFC 2253 rendering reads CN=…,O=…,C=NO. */
export type NameSpec = x509.JsonNameParams;

export interface IssuedCertificate {
  certPem: string;
  privateKey: CryptoKey;
}

export type CertificateProfile =
  | { kind: 'ca'; pathLength?: number }
  | { kind: 'server'; dnsNames: string[]; ipAddresses: string[] }
  | { kind: 'client' }
  | { kind: 'signer' };

export async function createKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(
    { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return (await webcrypto.subtle.importKey('pkcs8', der, RSA, true, ['sign'])) as CryptoKey;
}

/**
 * 72 bits: unique enough, and at most 22 decimal digits, because libxml2 (xmllint, xmllint-wasm)
 * rejects an xs:integer X509SerialNumber longer than 24 digits when a XAdES is schema-checked.
 */
function randomSerialHex(): string {
  const bytes = randomBytes(9);
  bytes[0] = (bytes[0] & 0x7f) | 0x10; // positive and without a leading zero byte
  return bytes.toString('hex');
}

function profileExtensions(profile: CertificateProfile): x509.Extension[] {
  const { KeyUsageFlags: K } = x509;
  switch (profile.kind) {
    case 'ca':
      return [
        new x509.BasicConstraintsExtension(true, profile.pathLength, true),
        new x509.KeyUsagesExtension(K.keyCertSign | K.cRLSign, true),
      ];
    case 'server':
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(K.digitalSignature | K.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          ...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })),
          ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
        ]),
      ];
    case 'client':
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(K.digitalSignature | K.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      ];
    case 'signer':
      // no EKU: NSS (pdfsig) would then demand emailProtection for a signing certificate
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(K.digitalSignature | K.nonRepudiation, true),
      ];
  }
}

export async function createCertificate(params: {
  subject: NameSpec;
  publicKey: CryptoKey;
  signingKey: CryptoKey;
  /** absent: self-signed */
  issuerCertPem?: string;
  notAfter: Date;
  profile: CertificateProfile;
  /** Added after the profile's own (e.g. an ICP-Brasil subjectAltName with the holder's CPF). */
  extraExtensions?: x509.Extension[];
}): Promise<{ certPem: string }> {
  const issuerCert = params.issuerCertPem ? new x509.X509Certificate(params.issuerCertPem) : undefined;
  const subjectName = new x509.Name(params.subject);
  const extensions = [
    ...profileExtensions(params.profile),
    ...(params.extraExtensions ?? []),
    await x509.SubjectKeyIdentifierExtension.create(params.publicKey),
  ];
  if (issuerCert) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert));
  else extensions.push(await x509.AuthorityKeyIdentifierExtension.create(params.publicKey));
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000); // tolerate clock skew between machines
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: subjectName,
    // the issuer's own encoded subject, so that chain building matches byte for byte
    issuer: issuerCert ? issuerCert.subjectName : subjectName,
    notBefore,
    notAfter: params.notAfter,
    signingAlgorithm: RSA,
    publicKey: params.publicKey,
    signingKey: params.signingKey,
    extensions,
  });
  return { certPem: cert.toString('pem') };
}

import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** A throwaway PKI for bundle tests: root -> intermediate -> leaves, plus a foreign (untrusted) root. */
export interface TestIssuedKey {
  privateKeyPem: string;
  certificatePem: string;
  /** Leaf first, then the intermediate (the root is what verifiers trust, as the Java keystore chain would not need it). */
  certificateChainPems: string[];
}

export interface TestPki {
  rootPem: string;
  intermediatePem: string;
  sender: TestIssuedKey;
  otherOrganization: TestIssuedKey;
  foreign: TestIssuedKey & { rootPem: string };
}

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

interface Ca {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
const notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);

async function rootCa(name: string): Promise<Ca> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { cert, keys };
}

async function intermediateCa(issuer: Ca, name: string): Promise<Ca> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: name,
    issuer: issuer.cert.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { cert, keys };
}

export async function issueEnterpriseCertificate(issuer: Ca, organizationNumber: string, serialNumber: string): Promise<TestIssuedKey> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    // DER order C, O, ... so RFC 2253 prints CN first.
    subject: `C=NO, O=Test Org ${organizationNumber}, 2.5.4.97=NTRNO-${organizationNumber}, 2.5.4.5=${organizationNumber}, CN=Test Org ${organizationNumber}`,
    issuer: issuer.cert.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const certificatePem = cert.toString('pem');
  return { privateKeyPem: await privateKeyPem(keys.privateKey), certificatePem, certificateChainPems: [certificatePem, issuer.cert.toString('pem')] };
}

export async function createTestPki(organizationNumber = '123456789'): Promise<TestPki> {
  const root = await rootCa('C=NO, O=Signing Desk Test, CN=Test Root CA');
  const intermediate = await intermediateCa(root, 'C=NO, O=Signing Desk Test, CN=Test Issuing CA');
  const foreignRoot = await rootCa('C=NO, O=Elsewhere, CN=Foreign Root CA');
  const [sender, otherOrganization, foreign] = await Promise.all([
    issueEnterpriseCertificate(intermediate, organizationNumber, '10'),
    issueEnterpriseCertificate(intermediate, '987654321', '11'),
    issueEnterpriseCertificate(foreignRoot, organizationNumber, '12'),
  ]);
  return {
    rootPem: root.cert.toString('pem'),
    intermediatePem: intermediate.cert.toString('pem'),
    sender,
    otherOrganization,
    foreign: { ...foreign, rootPem: foreignRoot.cert.toString('pem') },
  };
}

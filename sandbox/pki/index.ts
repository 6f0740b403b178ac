// The sandbox's own test PKI: generated into <dataDir>/pki on first start, read back on every later
// start so that clients which trusted the CA once keep trusting it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import type * as x509 from '@peculiar/x509';
import { FILE_MODE, FOLDER_MODE } from '../core/private-files';
import {
  createCertificate,
  createKeyPair,
  exportPrivateKeyPem,
  importPrivateKeyPem,
  type CertificateProfile,
  type IssuedCertificate,
  type NameSpec,
} from './certificates';

export { organizationNumberOfCertificate } from './organization-number';

export interface KeyPair {
  keyPem: string;
  certPem: string;
  /** issuing CA(s) up to but excluding root */
  chainPems: string[];
}

export interface SandboxPki {
  dir: string;
  rootCertPem: string;
  intermediateCertPem: string;
  caCertificatePath: string;
  server: KeyPair;
  sender: KeyPair & { p12Path: string; password: string; organizationNumber: string };
  signerKeyPair(identity: { id: string; displayName: string }): Promise<KeyPair>;
  /**
   * A signer certificate whose subject and extra extensions the caller chooses (e.g. a Brazilian
   * person as ICP-Brasil writes one), issued once per id and kept like signerKeyPair's.
   */
  customSignerKeyPair(identity: { id: string; subject: NameSpec; extensions: x509.Extension[] }): Promise<KeyPair>;
}

export const POSTEN_ORGANIZATION_NUMBER = '984661185';
export const DEFAULT_SENDER_ORGANIZATION_NUMBER = '123456789';

const MANIFEST_VERSION = 1;
const SANDBOX_O = 'Signing Desk Sandbox';

interface PkiManifest {
  version: number;
  sender: { organizationNumber: string; password: string };
}

const files = {
  manifest: 'pki.json',
  rootKey: 'root.key.pem',
  rootCert: 'root.cert.pem',
  intermediateKey: 'intermediate.key.pem',
  intermediateCert: 'intermediate.cert.pem',
  caBundle: 'ca-bundle.pem',
  serverKey: 'server.key.pem',
  serverCert: 'server.cert.pem',
  senderKey: 'sender.key.pem',
  senderCert: 'sender.cert.pem',
  senderP12: 'sender.p12',
} as const;

function yearsFromNow(years: number): Date {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Written to a temporary name first, so a crash mid-write never leaves a half file that a later start would trust. */
async function writeAtomic(file: string, data: string | Buffer, mode = FILE_MODE): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, file);
}

interface CaMaterial {
  rootCertPem: string;
  intermediateCertPem: string;
  intermediate: IssuedCertificate;
}

async function createRootCa(subject: NameSpec, notAfter: Date): Promise<{ keys: CryptoKeyPair; cert: { certPem: string } }> {
  const keys = await createKeyPair();
  const cert = await createCertificate({ subject, publicKey: keys.publicKey, signingKey: keys.privateKey, notAfter, profile: { kind: 'ca' } });
  return { keys, cert };
}

async function generateCas(dir: string): Promise<void> {
  const { keys: rootKeys, cert: root } = await createRootCa(
    [{ C: ['NO'] }, { O: [SANDBOX_O] }, { CN: ['Signing Desk Sandbox Root CA'] }],
    yearsFromNow(25),
  );
  const intermediateKeys = await createKeyPair();
  const intermediate = await createCertificate({
    subject: [{ C: ['NO'] }, { O: [SANDBOX_O] }, { CN: ['Signing Desk Sandbox Issuing CA'] }],
    publicKey: intermediateKeys.publicKey,
    signingKey: rootKeys.privateKey,
    issuerCertPem: root.certPem,
    notAfter: yearsFromNow(20),
    profile: { kind: 'ca', pathLength: 0 },
  });
  await writeAtomic(path.join(dir, files.rootKey), await exportPrivateKeyPem(rootKeys.privateKey), 0o600);
  await writeAtomic(path.join(dir, files.rootCert), root.certPem);
  await writeAtomic(path.join(dir, files.intermediateKey), await exportPrivateKeyPem(intermediateKeys.privateKey), 0o600);
  await writeAtomic(path.join(dir, files.intermediateCert), intermediate.certPem);
  // PEMs from @peculiar/x509 end without a newline; joined bare, the END and BEGIN lines would merge.
  await writeAtomic(path.join(dir, files.caBundle), `${root.certPem.trimEnd()}\n${intermediate.certPem.trimEnd()}\n`);
}

async function loadCas(dir: string): Promise<CaMaterial> {
  const rootCertPem = await readFile(path.join(dir, files.rootCert), 'utf8');
  const intermediateCertPem = await readFile(path.join(dir, files.intermediateCert), 'utf8');
  const intermediateKeyPem = await readFile(path.join(dir, files.intermediateKey), 'utf8');
  return {
    rootCertPem,
    intermediateCertPem,
    intermediate: { certPem: intermediateCertPem, privateKey: await importPrivateKeyPem(intermediateKeyPem) },
  };
}

async function issueLeaf(
  ca: CaMaterial,
  subject: NameSpec,
  profile: CertificateProfile,
  extraExtensions: x509.Extension[] = [],
): Promise<KeyPair> {
  const keys = await createKeyPair();
  const cert = await createCertificate({
    subject,
    publicKey: keys.publicKey,
    signingKey: ca.intermediate.privateKey,
    issuerCertPem: ca.intermediate.certPem,
    notAfter: yearsFromNow(10),
    profile,
    extraExtensions,
  });
  return { keyPem: await exportPrivateKeyPem(keys.privateKey), certPem: cert.certPem, chainPems: [ca.intermediateCertPem] };
}

async function generateServer(dir: string, ca: CaMaterial): Promise<void> {
  // SEID 2 style: the org number sits in organizationIdentifier (2.5.4.97) and, as older clients
  // look there, in the subject serialNumber (2.5.4.5); the host name is deliberately not what clients check.
  const server = await issueLeaf(
    ca,
    [
      { C: ['NO'] },
      { O: ['Posten Norge AS'] },
      { '2.5.4.97': [`NTRNO-${POSTEN_ORGANIZATION_NUMBER}`] },
      { '2.5.4.5': [`NTRNO-${POSTEN_ORGANIZATION_NUMBER}`] },
      { CN: ['sandbox'] },
    ],
    { kind: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
  );
  await writeAtomic(path.join(dir, files.serverKey), server.keyPem, 0o600);
  await writeAtomic(path.join(dir, files.serverCert), server.certPem);
}

function demoOrganizationName(organizationNumber: string): string {
  return organizationNumber === DEFAULT_SENDER_ORGANIZATION_NUMBER ? 'Demo Organisasjon AS' : `Demo Organisasjon ${organizationNumber}`;
}

/** An enterprise certificate subject as Buypass/Commfides SEID 2 write it: org number in both places. */
function enterpriseSubject(organizationNumber: string): NameSpec {
  const name = demoOrganizationName(organizationNumber);
  return [{ C: ['NO'] }, { O: [name] }, { '2.5.4.97': [`NTRNO-${organizationNumber}`] }, { '2.5.4.5': [organizationNumber] }, { CN: [name] }];
}

/** 3DES keeps the file readable by node-forge, OpenSSL 3 without -legacy, and Node's tls `pfx`. */
export function createPkcs12(keyPair: KeyPair, rootCertPem: string, password: string, friendlyName: string): Buffer {
  const key = forge.pki.privateKeyFromPem(keyPair.keyPem);
  const chain = [keyPair.certPem, ...keyPair.chainPems, rootCertPem].map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, chain, password, { algorithm: '3des', friendlyName });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

async function generateSender(dir: string, ca: CaMaterial, organizationNumber: string, password: string): Promise<void> {
  const sender = await issueLeaf(ca, enterpriseSubject(organizationNumber), { kind: 'client' });
  await writeAtomic(path.join(dir, files.senderKey), sender.keyPem, 0o600);
  await writeAtomic(path.join(dir, files.senderCert), sender.certPem);
  await writeAtomic(path.join(dir, files.senderP12), createPkcs12(sender, ca.rootCertPem, password, 'avsender'), 0o600);
}

async function readManifest(dir: string): Promise<PkiManifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, files.manifest), 'utf8')) as PkiManifest;
    return parsed.version === MANIFEST_VERSION ? parsed : undefined;
  } catch {
    return undefined;
  }
}

async function allFilesPresent(dir: string): Promise<boolean> {
  const names = Object.values(files).filter((f) => f !== files.manifest);
  const present = await Promise.all(names.map((f) => exists(path.join(dir, f))));
  return present.every(Boolean);
}

function safeFileStem(id: string): string {
  const readable = id.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  // the hash keeps two ids that sanitise alike (e.g. "a b" and "a_b") apart
  return `${readable}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
}

function pseudonymousSerial(id: string): string {
  // looks like a BankID "UN:NO-9578-…" serial, stable per identity
  const digits = BigInt(`0x${createHash('sha256').update(id).digest('hex').slice(0, 15)}`).toString().padStart(16, '0').slice(0, 16);
  return `UN:NO-9578-${digits.slice(0, 4)}-${digits.slice(4, 5)}-${digits.slice(5, 12)}`;
}

export async function loadOrCreatePki(dataDir: string, options: { senderOrganizationNumber?: string } = {}): Promise<SandboxPki> {
  const dir = path.resolve(dataDir, 'pki');
  await mkdir(path.join(dir, 'signers'), { recursive: true, mode: FOLDER_MODE });
  const organizationNumber = options.senderOrganizationNumber ?? DEFAULT_SENDER_ORGANIZATION_NUMBER;
  if (!/^\d{9}$/.test(organizationNumber)) throw new Error(`organisation number must be 9 digits: ${organizationNumber}`);

  let manifest = await readManifest(dir);
  if (!manifest || !(await allFilesPresent(dir))) {
    await generateCas(dir);
    const ca = await loadCas(dir);
    const password = randomBytes(9).toString('base64url');
    await generateServer(dir, ca);
    await generateSender(dir, ca, organizationNumber, password);
    manifest = { version: MANIFEST_VERSION, sender: { organizationNumber, password } };
    // the manifest goes last: its presence means every file before it is complete
    await writeAtomic(path.join(dir, files.manifest), JSON.stringify(manifest, null, 2), 0o600);
  } else if (manifest.sender.organizationNumber !== organizationNumber) {
    const ca = await loadCas(dir);
    await generateSender(dir, ca, organizationNumber, manifest.sender.password);
    manifest = { ...manifest, sender: { ...manifest.sender, organizationNumber } };
    await writeAtomic(path.join(dir, files.manifest), JSON.stringify(manifest, null, 2), 0o600);
  }

  const ca = await loadCas(dir);
  const read = (f: string) => readFile(path.join(dir, f), 'utf8');
  const server: KeyPair = { keyPem: await read(files.serverKey), certPem: await read(files.serverCert), chainPems: [ca.intermediateCertPem] };
  const sender = {
    keyPem: await read(files.senderKey),
    certPem: await read(files.senderCert),
    chainPems: [ca.intermediateCertPem],
    p12Path: path.join(dir, files.senderP12),
    password: manifest.sender.password,
    organizationNumber,
  };

  const signerCache = new Map<string, Promise<KeyPair>>();
  const loadOrCreateSigner = async (id: string, subject: NameSpec, extraExtensions: x509.Extension[] = []): Promise<KeyPair> => {
    const stem = path.join(dir, 'signers', safeFileStem(id));
    const keyFile = `${stem}.key.pem`;
    const certFile = `${stem}.cert.pem`;
    if ((await exists(keyFile)) && (await exists(certFile))) {
      return { keyPem: await readFile(keyFile, 'utf8'), certPem: await readFile(certFile, 'utf8'), chainPems: [ca.intermediateCertPem] };
    }
    const signer = await issueLeaf(ca, subject, { kind: 'signer' }, extraExtensions);
    await writeAtomic(keyFile, signer.keyPem, 0o600);
    await writeAtomic(certFile, signer.certPem);
    return signer;
  };
  const cachedSigner = (id: string, create: () => Promise<KeyPair>): Promise<KeyPair> => {
    let pending = signerCache.get(id);
    if (!pending) {
      pending = create();
      signerCache.set(id, pending);
      pending.catch(() => signerCache.delete(id));
    }
    return pending;
  };

  return {
    dir,
    rootCertPem: ca.rootCertPem,
    intermediateCertPem: ca.intermediateCertPem,
    caCertificatePath: path.join(dir, files.caBundle),
    server,
    sender,
    signerKeyPair(identity) {
      return cachedSigner(identity.id, () =>
        loadOrCreateSigner(identity.id, [{ C: ['NO'] }, { '2.5.4.5': [pseudonymousSerial(identity.id)] }, { CN: [{ utf8String: identity.displayName || identity.id }] }]),
      );
    },
    customSignerKeyPair(identity) {
      // a prefix of its own, so that no Posten signer id can name the same files
      return cachedSigner(`custom:${identity.id}`, () => loadOrCreateSigner(`custom:${identity.id}`, identity.subject, identity.extensions));
    },
  };
}

/** A client certificate from a separate, self-made CA that the sandbox does not trust (negative tests). */
export async function createForeignClientCertificate(
  dir: string,
  organizationNumber: string,
): Promise<KeyPair & { caCertPem: string }> {
  await mkdir(dir, { recursive: true, mode: FOLDER_MODE });
  const { keys: caKeys, cert: foreignCa } = await createRootCa(
    [{ C: ['NO'] }, { O: ['Foreign Test CA'] }, { CN: ['Foreign Test Root CA'] }],
    yearsFromNow(10),
  );
  const keys = await createKeyPair();
  const leaf = await createCertificate({
    subject: enterpriseSubject(organizationNumber),
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    issuerCertPem: foreignCa.certPem,
    notAfter: yearsFromNow(5),
    profile: { kind: 'client' },
  });
  const result = { keyPem: await exportPrivateKeyPem(keys.privateKey), certPem: leaf.certPem, chainPems: [], caCertPem: foreignCa.certPem };
  await writeAtomic(path.join(dir, `foreign-${organizationNumber}.key.pem`), result.keyPem, 0o600);
  await writeAtomic(path.join(dir, `foreign-${organizationNumber}.cert.pem`), result.certPem);
  await writeAtomic(path.join(dir, `foreign-ca.cert.pem`), result.caCertPem);
  return result;
}

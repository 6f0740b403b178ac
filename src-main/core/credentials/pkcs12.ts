import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import forge from 'node-forge';
import type { FailureReason } from '../../../src-shared/failure';
import { CoreError } from '../errors';

export type Pkcs12FailureReason = 'WRONG_PASSPHRASE' | 'NO_PRIVATE_KEY' | 'NO_CERTIFICATE' | 'UNREADABLE' | 'UNSUPPORTED_KEY' | 'TOO_MANY_ITERATIONS';

/** Why a PKCS#12 file could not be used; `reason` lets callers word their own message. */
const FAILURE_REASONS = {
  WRONG_PASSPHRASE: 'certificate.wrongPassphrase',
  NO_PRIVATE_KEY: 'certificate.noPrivateKey',
  NO_CERTIFICATE: 'certificate.noCertificate',
  UNREADABLE: 'certificate.unreadable',
  UNSUPPORTED_KEY: 'certificate.unsupportedKey',
  TOO_MANY_ITERATIONS: 'certificate.tooManyIterations',
} as const satisfies Record<Pkcs12FailureReason, FailureReason>;

export class Pkcs12Error extends CoreError {
  constructor(
    readonly pkcs12Reason: Pkcs12FailureReason,
    message: string,
  ) {
    super('VALIDATION', message, { reason: FAILURE_REASONS[pkcs12Reason] });
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12KeyMaterial {
  privateKeyPem: string;
  /** Leaf first, then its issuers as far as the file holds them. */
  certificateChainPems: string[];
}

// A PKCS#12 file names how many rounds of password hashing unlock it (its MAC, each encrypted
// part). The rounds run in plain JavaScript: 2,000,000 took 2.3 s, 2,147,483,647 would never end.
// Certificate files use a few thousand (OpenSSL 2,048, Windows 2,000 to 10,000); the caps leave
// room for a hundred times that and are checked before any hashing starts.

/** The most rounds one derivation of a certificate file may ask for. */
export const MAX_PKCS12_ITERATIONS = 1_000_000;
/** The most rounds in all: a MAC and a few encrypted parts, each at most the cap. */
export const MAX_PKCS12_TOTAL_ROUNDS = 8 * MAX_PKCS12_ITERATIONS;

const PKCS12_PBE_PREFIX = '1.2.840.113549.1.12.1.'; // pbeWithSHAAnd…: key and IV are derived separately
const PBES1 = new Set(['1.2.840.113549.1.5.1', '1.2.840.113549.1.5.3', '1.2.840.113549.1.5.4', '1.2.840.113549.1.5.6', '1.2.840.113549.1.5.10', '1.2.840.113549.1.5.11']);
const PBKDF2 = '1.2.840.113549.1.5.12'; // inside PBES2 (AES), which OpenSSL 3 writes

const formatCount = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : 'an endless number of');

export function tooManyIterations(iterations: number): Pkcs12Error {
  return new Pkcs12Error(
    'TOO_MANY_ITERATIONS',
    `The certificate file asks for ${formatCount(iterations)} rounds of password hashing, where certificate files use at most ${formatCount(MAX_PKCS12_ITERATIONS)}, so it was not opened. Export the certificate again with the usual settings.`,
  );
}

export function tooManyRoundsInAll(): Pkcs12Error {
  return new Pkcs12Error('TOO_MANY_ITERATIONS', 'The certificate file asks for far more password hashing in all than a certificate file needs, so it was not opened.');
}

/** An ASN.1 INTEGER as forge reads an iteration count (unsigned); Infinity beyond what a number holds exactly. */
function iterationCount(node: forge.asn1.Asn1 | undefined): number {
  if (!node || node.type !== forge.asn1.Type.INTEGER || typeof node.value !== 'string') return 1;
  const value = Number.parseInt(forge.util.bytesToHex(node.value) || '0', 16);
  return Number.isSafeInteger(value) ? value : Infinity;
}

/** Parses `bytes` as the DER of a SEQUENCE when it is one (the contents of an OCTET STRING often are). */
function nestedSequence(bytes: string): forge.asn1.Asn1 | undefined {
  if (bytes.length < 2 || bytes.charCodeAt(0) !== 0x30) return undefined;
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(bytes), false);
  } catch {
    return undefined;
  }
}

/**
 * Every key derivation the file asks for that can be seen without the passphrase: its MAC, and each
 * password-based encryption (PKCS#12 PBE, PBES1, PBKDF2 in PBES2), looking into wrapped contents.
 * Parts that are themselves encrypted are checked again, in the worker, as they are opened.
 */
export function visibleKeyDerivations(pfx: forge.asn1.Asn1): { iterations: number; rounds: number }[] {
  const found: { iterations: number; rounds: number }[] = [];
  const children = (node: forge.asn1.Asn1) => (Array.isArray(node.value) ? node.value : []);
  const macData = children(pfx)[2];
  if (macData && macData.type === forge.asn1.Type.SEQUENCE) {
    const iterations = iterationCount(children(macData)[2]);
    found.push({ iterations, rounds: iterations });
  }
  const visit = (node: forge.asn1.Asn1) => {
    const [first, params] = children(node);
    if (node.type === forge.asn1.Type.SEQUENCE && first?.type === forge.asn1.Type.OID && typeof first.value === 'string') {
      const oid = forge.asn1.derToOid(first.value);
      const weight = oid.startsWith(PKCS12_PBE_PREFIX) ? 2 : PBES1.has(oid) || oid === PBKDF2 ? 1 : 0;
      if (weight > 0 && params) {
        const iterations = iterationCount(children(params)[1]);
        found.push({ iterations, rounds: iterations * weight });
      }
    }
    if (node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === forge.asn1.Type.OCTETSTRING) {
      // BER may split an OCTET STRING into chunks (Windows writes them so).
      const bytes = typeof node.value === 'string' ? node.value : children(node).map((chunk) => (typeof chunk.value === 'string' ? chunk.value : '')).join('');
      const nested = nestedSequence(bytes);
      if (nested) visit(nested);
      return;
    }
    children(node).forEach(visit);
  };
  visit(pfx);
  return found;
}

function assertBoundedKeyDerivation(pfx: forge.asn1.Asn1): void {
  const derivations = visibleKeyDerivations(pfx);
  const worst = Math.max(0, ...derivations.map((d) => d.iterations));
  if (worst > MAX_PKCS12_ITERATIONS) throw tooManyIterations(worst);
  if (derivations.reduce((sum, d) => sum + d.rounds, 0) > MAX_PKCS12_TOTAL_ROUNDS) throw tooManyRoundsInAll();
}

function parsePfx(bytes: Buffer | Uint8Array): forge.asn1.Asn1 {
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
  } catch (error) {
    throw new Pkcs12Error('UNREADABLE', `The file is not a readable PKCS#12 certificate file (${errorMessage(error)}).`);
  }
}

/**
 * Reads a .p12/.pfx with node-forge rather than Node's TLS `pfx` because OpenSSL 3 refuses the
 * legacy RC2-40 encryption that older Norwegian enterprise certificates use (crypto-notes §3).
 * Blocks while it hashes the passphrase: the app calls `loadPkcs12OffThread`.
 */
export function loadPkcs12(bytes: Buffer | Uint8Array, passphrase: string): Pkcs12KeyMaterial {
  const asn1 = parsePfx(bytes);
  assertBoundedKeyDerivation(asn1);
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = readPfx(asn1, passphrase);
  } catch (error) {
    if (error instanceof Pkcs12Error) throw error;
    throw new Pkcs12Error('UNREADABLE', `The file is not a readable PKCS#12 certificate file (${errorMessage(error)}).`);
  }

  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certificatePems = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((bag) => certificateBagToPem(bag))
    .filter((pem): pem is string => pem !== undefined);

  if (keyBags.length === 0) throw new Pkcs12Error('NO_PRIVATE_KEY', 'The certificate file contains no private key.');
  if (certificatePems.length === 0) throw new Pkcs12Error('NO_CERTIFICATE', 'The certificate file contains no certificate.');

  const privateKeyPem = keyBagToPem(keyBags[0]);
  const leaf = certificatePems.find((pem) => publicKeyMatches(pem, privateKeyPem));
  if (!leaf) throw new Pkcs12Error('NO_PRIVATE_KEY', 'The certificate file contains no private key for its certificate.');
  return { privateKeyPem, certificateChainPems: orderChain(leaf, certificatePems) };
}

/**
 * The worker sits beside this module: pkcs12-worker.ts under tsx, and beside each bundle once built
 * (scripts/build.mjs writes dist/{web,cli}/pkcs12-worker.mjs and dist/electron/pkcs12-worker.cjs).
 */
function startWorker(workerData: unknown): Worker {
  const here = new URL(import.meta.url);
  const extension = /\.(ts|mjs|cjs|js)$/.exec(here.pathname)?.[0] ?? '.mjs';
  const file = new URL(`./pkcs12-worker${extension}`, here);
  if (extension !== '.ts') return new Worker(file, { workerData });
  // Run from the TypeScript sources (tests, `tsx`): Node 20 does not hand tsx's loader on to a
  // worker, so the worker registers it before it loads the module (found like `--import tsx` was).
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

type WorkerReply = { ok: true; material: Pkcs12KeyMaterial } | { ok: false; reason?: Pkcs12FailureReason; message: string };

/**
 * `loadPkcs12` on a worker thread, so the app stays responsive while the passphrase is hashed.
 * Absurd iteration counts are refused here at once, before the worker starts.
 */
export async function loadPkcs12OffThread(bytes: Buffer | Uint8Array, passphrase: string): Promise<Pkcs12KeyMaterial> {
  assertBoundedKeyDerivation(parsePfx(bytes));
  const worker = startWorker({ bytes: Uint8Array.from(bytes), passphrase });
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the worker stopped (exit code ${code})`)));
    });
    if (reply.ok) return reply.material;
    throw reply.reason ? new Pkcs12Error(reply.reason, reply.message) : new Error(reply.message);
  } finally {
    void worker.terminate();
  }
}

function readPfx(asn1: forge.asn1.Asn1, passphrase: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const message = errorMessage(error);
    // forge reports a failed MAC check, or garbage after decrypting with the wrong key, in these words.
    if (/MAC could not be verified|Invalid password|Too few bytes to read ASN\.1|Unparsed DER bytes remain|padding/i.test(message)) {
      throw new Pkcs12Error('WRONG_PASSPHRASE', 'The passphrase is wrong for this certificate file.');
    }
    throw error;
  }
}

function keyBagToPem(bag: forge.pkcs12.Bag): string {
  if (bag.key) return forge.pki.privateKeyToPem(bag.key);
  // forge only decodes RSA keys; other algorithms arrive as raw PrivateKeyInfo, which Node can read.
  if (bag.asn1) {
    try {
      const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
    } catch (error) {
      throw new Pkcs12Error('UNSUPPORTED_KEY', `The private key in the certificate file cannot be read (${errorMessage(error)}).`);
    }
  }
  throw new Pkcs12Error('NO_PRIVATE_KEY', 'The certificate file contains no usable private key.');
}

function certificateBagToPem(bag: forge.pkcs12.Bag): string | undefined {
  if (bag.cert) return forge.pki.certificateToPem(bag.cert);
  // forge cannot decode certificates with non-RSA keys; keep their DER as is.
  if (bag.asn1) {
    const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
    try {
      return new X509Certificate(der).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function publicKeyMatches(certificatePem: string, privateKeyPem: string): boolean {
  const fromCertificate = new X509Certificate(certificatePem).publicKey.export({ format: 'der', type: 'spki' });
  const fromKey = createPublicKey(privateKeyPem).export({ format: 'der', type: 'spki' });
  return Buffer.compare(fromCertificate, fromKey) === 0;
}

/** Follows issuer links from the leaf; certificates that are not in the leaf's chain are dropped. */
function orderChain(leafPem: string, pems: string[]): string[] {
  const certificates = pems.map((pem) => ({ pem, x509: new X509Certificate(pem) }));
  const chain = [certificates.find((c) => c.pem === leafPem)!];
  for (;;) {
    const current = chain[chain.length - 1];
    if (current.x509.issuer === current.x509.subject) break;
    const issuer = certificates.find((c) => !chain.includes(c) && current.x509.checkIssued(c.x509));
    if (!issuer) break;
    chain.push(issuer);
  }
  return chain.map((c) => c.pem);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Looks for secrets in whatever crossed or was written: RPC answers, events, log lines, files.
// A secret is known by several forms, so that it is found however it was written down: as given,
// inside base64 (at each of the three alignments a surrounding text can give it), and for a private
// key its PEM lines in PKCS#8 and PKCS#1, its DER in base64, and its private numbers (d, p, q, ...)
// as raw bytes, base64, base64url and hex. A story gathers the secrets it meets (a passphrase typed,
// a certificate file chosen, an API key or a token a service hands out) and scans for them all.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Secret {
  name: string;
  forms: (string | Buffer)[];
}

/** Forms shorter than this are not searched for: they could turn up by chance. */
const MIN_FORM = 12;

/** `text` inside a base64 encoding of anything around it: the whole groups of each of the three alignments. */
function base64Windows(text: string): string[] {
  const windows: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const bytes = Buffer.from(text, 'utf8').subarray(offset);
    const whole = bytes.subarray(0, bytes.length - (bytes.length % 3));
    const encoded = whole.toString('base64').slice(0, 96);
    if (encoded.length >= MIN_FORM) windows.push(encoded);
  }
  return windows;
}

/** A text secret (a passphrase, an API key, a token), and the same inside base64. */
export function textSecret(name: string, value: string): Secret {
  if (value.length < 8) throw new Error(`${name}: a secret this short cannot be searched for without false alarms`);
  return { name, forms: [value, ...base64Windows(value)] };
}

/**
 * The base64 of public certificates at each alignment: a line of a secret's base64 that occurs in
 * it is public data the secret happens to hold (a PKCS#12 file carries its certificates in the
 * clear, a private key its modulus) and is not searched for.
 */
function publicBase64(pems: string[]): string {
  return pems
    .flatMap((pem) => {
      const der = Buffer.from(new X509Certificate(pem).raw);
      return [0, 1, 2].map((offset) => der.subarray(offset).toString('base64'));
    })
    .join(' ');
}

/** Lines of 64 characters of a base64 text, less those that are public, and the first few of them inside base64 again. */
function secretLines(base64: string, publicText: string): string[] {
  const lines = (base64.match(/.{64}/g) ?? []).filter((line) => !publicText.includes(line));
  return [...lines, ...lines.slice(0, 6).flatMap(base64Windows)];
}

/** A long secret given as base64 (a PKCS#12 file): the whole, and each line of 64 characters, however it was wrapped. */
export function base64Secret(name: string, base64: string, publicPems: string[] = []): Secret {
  const flat = base64.replace(/\s+/g, '');
  return { name, forms: [flat, ...secretLines(flat, publicBase64(publicPems))] };
}

/**
 * A private key, in every form it could be written: PEM lines and DER base64 of PKCS#8 and PKCS#1,
 * and its private numbers. Lines that also occur in `publicPems` (the certificate: its modulus is
 * public) are left out.
 */
export function privateKeySecret(name: string, pem: string, publicPems: string[] = []): Secret {
  const key = createPrivateKey(pem);
  const publicText = publicBase64(publicPems);
  const forms: (string | Buffer)[] = [];
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    const der = key.export({ format: 'der', type }).toString('base64');
    forms.push(der, ...secretLines(der, publicText));
  }
  const jwk = key.export({ format: 'jwk' });
  for (const part of [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi]) {
    if (!part) continue;
    const raw = Buffer.from(part, 'base64url');
    forms.push(raw, part, raw.toString('base64'), raw.toString('hex'), ...base64Windows(part));
  }
  return { name, forms: forms.filter((form) => form.length >= MIN_FORM) };
}

/** The names of the secrets found in `haystack`, with the form that gave each away (shortened). */
export function findSecrets(haystack: string | Buffer, secrets: readonly Secret[]): string[] {
  const found: string[] = [];
  const text = typeof haystack === 'string' ? haystack : undefined;
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  for (const secret of secrets) {
    const form = secret.forms.find((candidate) => (typeof candidate === 'string' && text !== undefined ? text.includes(candidate) : bytes.includes(candidate)));
    if (form !== undefined) found.push(`${secret.name} (${(typeof form === 'string' ? form : form.toString('hex')).slice(0, 16)}…)`);
  }
  return found;
}

/** Every file under `folder`, recursively. */
export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Each file under the folders in which a secret was found: `file: secret, secret`. */
export function scanFiles(folders: string[], secrets: readonly Secret[], options: { except?: string[] } = {}): string[] {
  return folders
    .flatMap(filesUnder)
    .filter((path) => !options.except?.includes(path))
    .flatMap((path) => {
      const found = findSecrets(readFileSync(path), secrets);
      return found.length ? [`${path}: ${found.join(', ')}`] : [];
    });
}

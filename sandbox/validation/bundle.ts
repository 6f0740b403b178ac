import { X509Certificate } from 'node:crypto';
import { checkChain, organizationNumberOf } from './certificates';
import { verifySignaturesXml } from './xades-signature';
import { readZipEntries, ZipReadError } from './zip-entries';

export interface BundleEntry {
  name: string;
  bytes: Buffer;
}

export type BundleCheck =
  | { ok: true; entries: BundleEntry[] /* documents + manifest.xml, in zip order */; manifestXml: string; signingCertificatePem: string }
  | { ok: false; code: 'INVALID_BUNDLE' | 'INVALID_SIGNATURE' | 'UNTRUSTED_CERTIFICATE' | 'WRONG_ORGANIZATION'; message: string };

const SIGNATURES_ENTRY = 'META-INF/signatures.xml';
const MANIFEST_ENTRY = 'manifest.xml';
/** 20 documents of at most 10 MB plus XML; anything far beyond is refused before it is unpacked. */
const DEFAULT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/**
 * Checks a document bundle the way the service does (posten-api.md §4.4): zip layout, the XAdES
 * signature over every entry outside META-INF, the signing certificate's chain to `trustedCaPems`, and
 * that the certificate belongs to `expectedOrganizationNumber`.
 */
export async function verifyDocumentBundle(
  zip: Buffer,
  options: { trustedCaPems: string[]; expectedOrganizationNumber: string; now?: Date; maxUnpackedBytes?: number },
): Promise<BundleCheck> {
  let entries;
  try {
    entries = await readZipEntries(zip, { maxTotalBytes: options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES });
  } catch (error) {
    if (error instanceof ZipReadError) return { ok: false, code: 'INVALID_BUNDLE', message: error.message };
    throw error;
  }

  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) return { ok: false, code: 'INVALID_BUNDLE', message: `The bundle holds "${entry.name}" twice.` };
    names.add(entry.name);
  }
  const metaInf = entries.filter((entry) => entry.name.toUpperCase().startsWith('META-INF/'));
  const unexpected = metaInf.find((entry) => entry.name !== SIGNATURES_ENTRY);
  if (unexpected) return { ok: false, code: 'INVALID_BUNDLE', message: `Unexpected entry "${unexpected.name}": META-INF may hold only signatures.xml.` };
  const signatures = metaInf.find((entry) => entry.name === SIGNATURES_ENTRY);
  if (!signatures) return { ok: false, code: 'INVALID_BUNDLE', message: `The bundle has no ${SIGNATURES_ENTRY}.` };
  const contentEntries = entries.filter((entry) => !metaInf.includes(entry));
  const manifest = contentEntries.find((entry) => entry.name === MANIFEST_ENTRY);
  if (!manifest) return { ok: false, code: 'INVALID_BUNDLE', message: `The bundle has no ${MANIFEST_ENTRY}.` };
  if (contentEntries.length < 2) return { ok: false, code: 'INVALID_BUNDLE', message: 'The bundle holds no documents.' };

  const signature = await verifySignaturesXml(
    signatures.bytes.toString('utf8'),
    new Map(contentEntries.map((entry) => [entry.name, entry.bytes])),
  );
  if (!signature.ok) return signature;

  const signingCertificate = signature.signingCertificateDer;
  const intermediates = signature.keyInfoCertificateDers.filter((der) => !der.equals(signingCertificate));
  const chain = await checkChain(signingCertificate, intermediates, options.trustedCaPems, options.now ?? new Date());
  if (!chain.ok) {
    return { ok: false, code: 'UNTRUSTED_CERTIFICATE', message: `The signing certificate is not trusted: ${chain.message}.` };
  }

  const organizationNumber = organizationNumberOf(signingCertificate);
  if (organizationNumber !== options.expectedOrganizationNumber) {
    return {
      ok: false,
      code: 'WRONG_ORGANIZATION',
      message: `The signing certificate belongs to organisation ${organizationNumber ?? '(none)'}, not ${options.expectedOrganizationNumber}.`,
    };
  }

  return {
    ok: true,
    entries: contentEntries,
    manifestXml: manifest.bytes.toString('utf8'),
    signingCertificatePem: new X509Certificate(signingCertificate).toString(),
  };
}

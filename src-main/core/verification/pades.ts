// Checks a downloaded PAdES: every signature's CMS over its byte ranges, the signer's path to the
// trust anchors the caller brings, the ESS binding of the signing certificate, and whether anything
// unsigned was appended after the last signature. pkijs does the CMS work; finding the signatures
// in the PDF and the ESS/coverage checks are done here because no Node library offers them
// (crypto-notes §7.1).
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createTranslator, verificationText } from '../../../src-shared/i18n';
import type { CertificateHolder, VerificationFinding, VerificationFindingKey, VerificationReport } from '../../../src-shared/verification';
import { certificateDer, cryptoEngine, errorMessage, holderOfName, issuersAreCas, readableName, trustAnchors } from './certificates';

export interface PadesSignatureCheck {
  /** The full distinguished name (technical); `signer` is how people name the holder. */
  signerSubject: string;
  signer: CertificateHolder | null;
  signedAt?: string;
  digestOk: boolean;
  signatureOk: boolean;
  chainOk: boolean;
  essCertOk: boolean;
  /** Technical English, one sentence per fault; `findings` holds the same as keys. */
  problem?: string;
  findings: Finding[];
}

export interface PadesVerification {
  ok: boolean;
  signatures: PadesSignatureCheck[];
  coversWholeFile: boolean;
  /** In English, for logs and `--json`; the UI words `report` in the user's language. */
  summary: string;
  report: VerificationReport;
}

type Finding = Omit<VerificationFinding, 'signature'>;
const finding = (key: VerificationFindingKey, detail?: string, params?: Finding['params']): Finding => ({ key, ...(detail ? { detail } : {}), ...(params ? { params } : {}) });

/** A verdict with no signature to speak of (not a PDF, nothing signed, unreadable). */
function refused(key: VerificationFindingKey, detail: string): PadesVerification {
  const report: VerificationReport = { ok: false, kind: 'pades', signatures: 0, signers: [], findings: [finding(key, detail)] };
  return { ok: false, signatures: [], coversWholeFile: false, summary: englishSummary(report), report };
}

const english = createTranslator('en');
const englishSummary = (report: VerificationReport) => verificationText(english, report);

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** pkijs' SignedDataVerifyError codes: 1-4 structure, 5 the certificate path, above that digest and signature. */
const CHAIN_ERROR = 5;

interface SignatureSlot {
  byteRange: [number, number, number, number];
  contentsHex: string;
  dictionary: string;
}

export async function verifyPades(pdf: Buffer, options: { trustedCaPems: string[]; now?: Date }): Promise<PadesVerification> {
  try {
    return await verify(pdf, options);
  } catch (error) {
    // the contract is a result, never a throw: whatever slipped through is a failed verification
    return refused('unreadable', `The PDF could not be verified: ${errorMessage(error)}`);
  }
}

async function verify(pdf: Buffer, options: { trustedCaPems: string[]; now?: Date }): Promise<PadesVerification> {
  if (!Buffer.isBuffer(pdf) || pdf.length === 0 || !pdf.subarray(0, 1024).includes('%PDF-')) {
    return refused('notPdf', 'The file is not a PDF.');
  }
  const text = pdf.toString('latin1');
  const { slots, malformed } = findSignatureSlots(text);
  if (slots.length === 0 && malformed.length === 0) {
    return refused('noSignatures', 'The PDF has no signatures.');
  }
  const now = options.now ?? new Date();
  let anchors: pkijs.Certificate[];
  try {
    anchors = trustAnchors(options.trustedCaPems);
  } catch (error) {
    return refused('trustAnchorsUnreadable', `A trusted CA certificate could not be read: ${errorMessage(error)}`);
  }

  // in file order, so "signature 1" is the first signer's
  slots.sort((x, y) => x.byteRange[2] + x.byteRange[3] - (y.byteRange[2] + y.byteRange[3]));
  const signatures: PadesSignatureCheck[] = [];
  for (const slot of slots) signatures.push(await checkSlot(pdf, slot, anchors, now));
  for (const problem of malformed) {
    signatures.push({ signerSubject: '', signer: null, digestOk: false, signatureOk: false, chainOk: false, essCertOk: false, problem, findings: [finding('signatureFieldDamaged', problem)] });
  }

  const coveredTo = Math.max(0, ...slots.map((s) => s.byteRange[2] + s.byteRange[3]));
  const coversWholeFile = slots.length > 0 && coveredTo === pdf.length;
  const allGood = signatures.every((s) => s.digestOk && s.signatureOk && s.chainOk && s.essCertOk && !s.problem);
  const report = reportOf(signatures, coversWholeFile, pdf.length - coveredTo);
  report.ok = allGood && coversWholeFile;
  return { ok: report.ok, signatures, coversWholeFile, summary: englishSummary(report), report };
}

function findSignatureSlots(text: string): { slots: SignatureSlot[]; malformed: string[] } {
  const slots: SignatureSlot[] = [];
  const malformed: string[] = [];
  const seen = new Set<string>();
  const pattern = /\/ByteRange\s*\[([^\]]*)\]/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const numbers = match[1].trim().split(/\s+/);
    if (numbers.length !== 4 || !numbers.every((n) => /^\d+$/.test(n))) {
      malformed.push(`A signature field has an unfilled or malformed /ByteRange [${match[1].trim().slice(0, 60)}].`);
      continue;
    }
    const byteRange = numbers.map(Number) as [number, number, number, number];
    const key = byteRange.join(' ');
    // a later revision may repeat the same signature dictionary; one check per signature
    if (seen.has(key)) continue;
    seen.add(key);
    const [a, b, c, d] = byteRange;
    if (a !== 0 || b <= 0 || c <= b + 1 || c + d > text.length) {
      malformed.push(`A signature's /ByteRange [${key}] does not start at 0 or lies outside the file.`);
      continue;
    }
    const gap = text.slice(b, c);
    if (!/^<[0-9A-Fa-f]*>$/.test(gap) || (gap.length - 2) % 2 !== 0) {
      malformed.push(`A signature's /ByteRange [${key}] leaves out more than its hex /Contents.`);
      continue;
    }
    slots.push({ byteRange, contentsHex: gap.slice(1, -1), dictionary: enclosingObject(text, match.index) });
  }
  return { slots, malformed };
}

function enclosingObject(text: string, at: number): string {
  const start = Math.max(0, text.lastIndexOf(' obj', at));
  const end = text.indexOf('endobj', at);
  return text.slice(start, end < 0 ? Math.min(text.length, at + 4096) : end);
}

async function checkSlot(pdf: Buffer, slot: SignatureSlot, anchors: pkijs.Certificate[], now: Date): Promise<PadesSignatureCheck> {
  const [a, b, c, d] = slot.byteRange;
  const data = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const result: PadesSignatureCheck = { signerSubject: '', signer: null, digestOk: false, signatureOk: false, chainOk: false, essCertOk: false, findings: [] };
  const fail = (key: VerificationFindingKey, detail: string): PadesSignatureCheck => ({ ...result, problem: detail, findings: [finding(key, detail)] });
  const pdfTime = pdfDate(/\/M\s*\(([^)]*)\)/.exec(slot.dictionary)?.[1]);
  if (pdfTime) result.signedAt = pdfTime;

  let signedData: pkijs.SignedData;
  try {
    signedData = parseSignedData(Buffer.from(slot.contentsHex, 'hex'));
  } catch (error) {
    return fail('signatureUnreadable', sentence(`The signature's CMS cannot be read: ${errorMessage(error)}`));
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) return fail('notOneSigner', 'The signature must hold exactly one signer.');
  const signerCertificate = findSignerCertificate(signedData, signerInfo);
  if (!signerCertificate) return fail('signerCertificateMissing', "The signer's certificate is not in the signature.");
  result.signerSubject = readableName(signerCertificate.subject);
  result.signer = holderOfName(signerCertificate.subject);
  const attributeTime = signingTimeAttribute(signerInfo);
  if (attributeTime) result.signedAt = attributeTime;

  const problems: Finding[] = [];
  const detached = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;

  // pass 1 without the path: tells a changed document or a broken signature apart from an untrusted signer
  try {
    const verified = await signedData.verify({ signer: 0, data: detached, checkChain: false, extendedMode: true }, cryptoEngine);
    result.digestOk = true;
    result.signatureOk = verified.signatureVerified === true;
    if (!result.signatureOk) problems.push(finding('signatureValueMismatch', 'The signature value does not match the signed attributes.'));
  } catch (error) {
    const message = errorMessage(error);
    result.digestOk = !/digest/i.test(message);
    problems.push(
      /digest/i.test(message)
        ? finding('documentChanged', 'The document was changed after it was signed (message digest mismatch).')
        : finding('signatureInvalid', sentence(message)),
    );
  }

  try {
    const verified = await signedData.verify(
      { signer: 0, data: detached, trustedCerts: anchors, checkDate: now, checkChain: true, extendedMode: true },
      cryptoEngine,
    );
    result.chainOk = issuersAreCas(verified.certificatePath ?? []);
    if (!result.chainOk) problems.push(finding('issuerNotCa', "A certificate on the signer's path is not a CA certificate."));
  } catch (error) {
    const code = (error as { code?: number }).code ?? 0;
    // a code past the path stage means the path was fine and pass 1 already named the real fault
    result.chainOk = code > CHAIN_ERROR;
    if (!result.chainOk) problems.push(finding('signerNotTrusted', sentence(`The signer's certificate is not trusted: ${errorMessage(error)}`)));
  }

  const ess = checkEssSigningCertificate(signerInfo, certificateDer(signerCertificate));
  result.essCertOk = ess.ok;
  if (!ess.ok) problems.push(finding('signingCertificateNotBound', ess.message));
  return problems.length > 0 ? { ...result, problem: problems.map((p) => p.detail).join(' '), findings: problems } : result;
}

function parseSignedData(der: Buffer): pkijs.SignedData {
  // DER inside a zero-padded placeholder: fromBER stops at the end of the first element
  const asn1 = asn1js.fromBER(new Uint8Array(der));
  if (asn1.offset === -1) throw new Error(asn1.result.error || 'not DER');
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  if (contentInfo.contentType !== OID.signedData) throw new Error('it is not CMS SignedData');
  return new pkijs.SignedData({ schema: contentInfo.content });
}

function findSignerCertificate(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  // SubjectKeyIdentifier form: compare with each certificate's SKI extension
  const wanted = Buffer.from((sid as asn1js.OctetString).valueBlock.valueHexView);
  return certificates.find((c) => {
    const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
    return ski !== undefined && Buffer.from(ski.valueBlock.valueHexView).equals(wanted);
  });
}

function signedAttribute(signerInfo: pkijs.SignerInfo, oid: string): pkijs.Attribute | undefined {
  return signerInfo.signedAttrs?.attributes.find((attribute) => attribute.type === oid);
}

function signingTimeAttribute(signerInfo: pkijs.SignerInfo): string | undefined {
  const value = signedAttribute(signerInfo, OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  try {
    return value?.toDate().toISOString();
  } catch {
    return undefined;
  }
}

/**
 * ESS signing-certificate(-v2) binds the signer's certificate into the signed attributes, so a
 * certificate swapped in the unsigned certificate set (same key, other identity) is caught.
 */
function checkEssSigningCertificate(signerInfo: pkijs.SignerInfo, signerDer: Buffer): { ok: true } | { ok: false; message: string } {
  const v2 = signedAttribute(signerInfo, OID.signingCertificateV2);
  const v1 = v2 ? undefined : signedAttribute(signerInfo, OID.signingCertificate);
  const attribute = v2 ?? v1;
  if (!attribute) return { ok: false, message: 'The signature has no ESS signing-certificate attribute (not PAdES B-B).' };
  try {
    const certs = (attribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const parts = first.valueBlock.value;
    let algorithm = v2 ? 'sha256' : 'sha1';
    let hashIndex = 0;
    if (v2 && parts[0] instanceof asn1js.Sequence) {
      const oid = (parts[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
      const named = HASHES[oid];
      if (!named) return { ok: false, message: `The ESS signing-certificate uses an unknown hash (${oid}).` };
      algorithm = named;
      hashIndex = 1;
    }
    const stated = Buffer.from((parts[hashIndex] as asn1js.OctetString).valueBlock.valueHexView);
    const actual = createHash(algorithm).update(signerDer).digest();
    return stated.equals(actual)
      ? { ok: true }
      : { ok: false, message: "The ESS signing-certificate hash does not match the signer's certificate." };
  } catch (error) {
    return { ok: false, message: `The ESS signing-certificate attribute cannot be read: ${errorMessage(error)}` };
  }
}

/** PDF date "D:YYYYMMDDHHmmSS+HH'mm'" (every part after the year optional) as ISO 8601 UTC. */
export function pdfDate(value: string | undefined): string | undefined {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const date = new Date(utc - offset * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function reportOf(signatures: PadesSignatureCheck[], coversWholeFile: boolean, uncoveredBytes: number): VerificationReport {
  const findings: VerificationFinding[] = signatures.flatMap((s, i) => s.findings.map((f) => ({ ...f, signature: i + 1 })));
  if (!coversWholeFile && signatures.length > 0) {
    findings.push(
      uncoveredBytes > 0
        ? finding('appendedBytes', `${uncoveredBytes} bytes were appended after the last signature and are not signed.`, { bytes: uncoveredBytes })
        : finding('endNotCovered', 'No signature covers the end of the file.'),
    );
  }
  return { ok: findings.length === 0, kind: 'pades', signatures: signatures.length, signers: signatures.map((s) => s.signer), findings };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

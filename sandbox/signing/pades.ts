// PAdES B-B: each signer's signature is appended as an incremental update, so the signatures of
// earlier signers stay valid. placeholder-plain writes the update; signpdf fills the ByteRange.
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { KeyPair } from '../pki';
import { createCadesDetachedSignature } from './cades';

export { buildUnsignedResultPdf, type ResultDocument, type ResultJob } from './result-pdf';

// 8 KiB of DER holds the CMS with leaf + issuing CA (about 2.5 KiB) with room to spare.
const SIGNATURE_LENGTH = 8192;

class CadesSigner extends Signer {
  constructor(private readonly keyPair: KeyPair) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return createCadesDetachedSignature(pdfBuffer, this.keyPair);
  }
}

/**
 * placeholder-plain converts its strings with Buffer.from(string) (UTF-8) after encoding them as
 * UTF-16 in a binary string, which garbles anything beyond ASCII; the signer is named by the
 * certificate anyway, so the dictionary gets a plain-ASCII rendering.
 */
function asciiForPdf(text: string): string {
  return text
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

function lastTrailerSize(pdf: Buffer): number {
  const tail = pdf.subarray(pdf.lastIndexOf('trailer')).toString('latin1');
  const match = /\/Size\s+(\d+)/.exec(tail);
  if (!match) throw new Error('PDF has no classic trailer with /Size (save it without object streams)');
  return Number(match[1]);
}

/**
 * placeholder-plain 3.3.0 points startxref one byte before "xref" (at the newline it wrote first)
 * and over-counts /Size on a second update; qpdf reports both. Rewriting the trailer of the last
 * section, before anything is signed, makes the file clean.
 */
function fixPlaceholderTail(pdf: Buffer, previousSize: number): Buffer {
  const xrefStart = pdf.lastIndexOf('\nxref\n') + 1;
  const trailerStart = pdf.indexOf('trailer', xrefStart);
  const startxref = pdf.lastIndexOf('startxref');
  if (xrefStart <= 0 || trailerStart < 0 || startxref < trailerStart) throw new Error('unexpected layout after placeholder-plain');
  const section = pdf.subarray(xrefStart, trailerStart).toString('latin1');
  const highestObject = Math.max(0, ...[...section.matchAll(/^(\d+) 1$/gm)].map((m) => Number(m[1])));
  const size = Math.max(previousSize, highestObject + 1);
  const trailer = pdf.subarray(trailerStart, startxref).toString('latin1').replace(/\/Size \d+/, `/Size ${size}`);
  return Buffer.concat([pdf.subarray(0, trailerStart), Buffer.from(`${trailer}startxref\n${xrefStart}\n%%EOF\n`, 'latin1')]);
}

export async function addPadesSignature(
  pdf: Buffer,
  signer: KeyPair,
  options: { signerName: string; signingTime: Date; reason?: string },
): Promise<Buffer> {
  const previousSize = lastTrailerSize(pdf);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: asciiForPdf(options.reason ?? 'Signed'),
    contactInfo: '',
    name: asciiForPdf(options.signerName),
    location: '',
    signingTime: options.signingTime, // becomes /M: B-B keeps the time out of the signed attributes
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  const fixed = fixPlaceholderTail(withPlaceholder, previousSize);
  // a fresh instance: SignPdf keeps the last signature as state
  return new SignPdf().sign(fixed, new CadesSigner(signer));
}

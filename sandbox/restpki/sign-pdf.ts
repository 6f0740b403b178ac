// Real PAdES signing of a session's document with the chosen person's certificate. A PDF that is
// already signed gets the new signature as an incremental update (earlier signatures stay valid,
// which is how several sessions in a row put several signatures on one PDF); an unsigned one is
// first saved again with a classic cross-reference table, which the placeholder code needs.
import { PDFDocument } from 'pdf-lib';
import type { KeyPair } from '../pki/index';
import { addPadesSignature } from '../signing/pades';

function hasSignatures(pdf: Buffer): boolean {
  return pdf.includes('/ByteRange');
}

/** Whether the last `startxref` points at a classic `xref` table (not a cross-reference stream). */
function endsWithClassicXref(pdf: Buffer): boolean {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  return offset < pdf.length && pdf.subarray(offset, offset + 4).toString('latin1') === 'xref';
}

/**
 * Why the sandbox cannot sign this PDF without breaking a signature already in it, or undefined.
 * (The real service can; the sandbox's incremental writer needs a classic cross-reference table.)
 */
export function signingObstacle(pdf: Buffer): string | undefined {
  if (hasSignatures(pdf) && !endsWithClassicXref(pdf)) {
    return 'The PDF is already signed and ends with a cross-reference stream; the sandbox can add a signature only to a signed PDF with a classic cross-reference table (as the sandbox itself writes them).';
  }
  return undefined;
}

export async function signPdf(pdf: Buffer, signer: KeyPair, options: { signerName: string; signingTime: Date }): Promise<Buffer> {
  const obstacle = signingObstacle(pdf);
  if (obstacle) throw new Error(obstacle);
  const base = hasSignatures(pdf)
    ? pdf
    : Buffer.from(await (await PDFDocument.load(pdf, { updateMetadata: false })).save({ useObjectStreams: false }));
  return addPadesSignature(base, signer, { signerName: options.signerName, signingTime: options.signingTime, reason: 'Signed in a Rest PKI Core signature session (sandbox)' });
}

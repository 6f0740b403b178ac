import { PDFDocument } from 'pdf-lib';
import type { KeyPair } from '../pki/index';
import { addPadesSignature } from '../signing/pades';
import { inspectPdf } from '../validation/pdf';

export type SignOutcome = { ok: true; pdf: Buffer } | { ok: false; message: string };

/** Whether the last cross-reference section is a classic `xref` table (not a stream). */
function hasClassicTrailer(pdf: Buffer): boolean {
  const offset = Number(/startxref\s+(\d+)/.exec(pdf.subarray(pdf.lastIndexOf('startxref')).toString('latin1'))?.[1] ?? NaN);
  return Number.isInteger(offset) && pdf.subarray(offset, offset + 4).toString('latin1') === 'xref';
}
const isSigned = (pdf: Buffer): boolean => pdf.includes('/ByteRange');

/**
 * Adds one PAdES signature to a client's PDF as an incremental update, so signatures already in it
 * stay valid. The incremental writer only reads classic xref tables: an unsigned PDF saved with object
 * streams (pdf-lib's default, many producers') is rewritten without them first, which a signed one
 * cannot be without breaking its signatures; that one fails, in words.
 */
export async function signPdfDocument(bytes: Buffer, signer: KeyPair, options: { signerName: string; signingTime: Date; reason: string }): Promise<SignOutcome> {
  const inspection = await inspectPdf(bytes);
  if (!inspection.ok) return { ok: false, message: inspection.message };
  let pdf = bytes;
  if (!hasClassicTrailer(pdf)) {
    if (isSigned(pdf)) {
      return { ok: false, message: 'The PDF is already signed and uses cross-reference streams, which the sandbox cannot add a signature to without breaking the earlier ones.' };
    }
    const document = await PDFDocument.load(pdf, { updateMetadata: false });
    pdf = Buffer.from(await document.save({ useObjectStreams: false }));
  }
  try {
    return { ok: true, pdf: await addPadesSignature(pdf, signer, options) };
  } catch (error) {
    return { ok: false, message: `The PDF could not be signed: ${(error as Error).message}` };
  }
}

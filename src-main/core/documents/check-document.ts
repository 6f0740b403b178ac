import { PDFDocument } from 'pdf-lib';
import type { DocumentProblem } from '../../../src-shared/contract';
import { postenLimits } from '../../../src-shared/domain';

export interface DocumentCheck {
  mimeType: string;
  pageCount: number | null;
  problem: DocumentProblem | null;
  problemMessage: string | null;
}

const problem = (mimeType: string, kind: DocumentProblem, message: string): DocumentCheck => ({ mimeType, pageCount: null, problem: kind, problemMessage: message });

/** What Posten accepts (reference §7.2): PDFs that open without a password, or plain text; at most 10 MB. */
export async function checkDocument(fileName: string, bytes: Buffer): Promise<DocumentCheck> {
  const isPdf = bytes.subarray(0, 1024).includes('%PDF-');
  const isText = /\.txt$/i.test(fileName);
  const mimeType = isPdf ? 'application/pdf' : isText ? 'text/plain' : 'application/octet-stream';
  if (bytes.length === 0) return problem(mimeType, 'empty', 'The file is empty.');
  if (bytes.length > postenLimits.documentBytes) return problem(mimeType, 'too-large', 'The file is larger than 10 MB.');
  if (isText) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return { mimeType, pageCount: null, problem: null, problemMessage: null };
    } catch {
      return problem(mimeType, 'unsupported-type', 'The text file is not UTF-8 text.');
    }
  }
  if (!isPdf) return problem(mimeType, 'not-pdf', 'Only PDF and text files can be sent for signing.');
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    // pdf-lib silently repairs a file cut off before its cross-reference table; Posten would not.
    if (!bytes.subarray(-2048).includes('%%EOF')) return problem(mimeType, 'broken', 'The PDF is incomplete (it was cut off).');
    const pageCount = pdf.getPageCount();
    if (pageCount === 0) return problem(mimeType, 'broken', 'The PDF has no pages.');
    return { mimeType, pageCount, problem: null, problemMessage: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/encrypted/i.test(message)) return problem(mimeType, 'encrypted', 'The PDF is password protected or encrypted; remove the protection and add it again.');
    return problem(mimeType, 'broken', 'The PDF is damaged and cannot be opened.');
  }
}

import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from 'pdf-lib';
import type { DocumentProblem, DocumentWarning } from '../../../src-shared/contract';
import { postenLimits } from '../../../src-shared/domain';

export interface DocumentCheck {
  mimeType: string;
  pageCount: number | null;
  problem: DocumentProblem | null;
  problemMessage: string | null;
  warnings: DocumentWarning[];
}

const problem = (mimeType: string, kind: DocumentProblem, message: string): DocumentCheck => ({ mimeType, pageCount: null, problem: kind, problemMessage: message, warnings: [] });
const fine = (mimeType: string, pageCount: number | null, warnings: DocumentWarning[] = []): DocumentCheck => ({ mimeType, pageCount, problem: null, problemMessage: null, warnings });

const JAVASCRIPT = PDFName.of('JavaScript');
const FILE_ATTACHMENT = PDFName.of('FileAttachment');
const EMBEDDED_FILE = PDFName.of('EmbeddedFile');

/**
 * JavaScript (document, page, field or link actions: a /JS entry, an action of type /JavaScript, the
 * catalogue's /JavaScript name tree) and embedded files (/EmbeddedFiles, a file spec's /EF, file
 * attachment annotations), found in every object of the file, object streams included.
 */
function activeContent(pdf: PDFDocument): DocumentWarning[] {
  let javascript = false;
  let embedded = false;
  const visit = (object: PDFObject, depth: number): void => {
    if (depth > 64 || (javascript && embedded)) return;
    if (object instanceof PDFStream) return visit(object.dict, depth + 1);
    if (object instanceof PDFArray) return object.asArray().forEach((item) => visit(item, depth + 1));
    if (!(object instanceof PDFDict)) return;
    for (const [key, value] of object.entries()) {
      const name = key.asString();
      if (name === '/JS' || name === '/JavaScript' || (name === '/S' && value === JAVASCRIPT)) javascript = true;
      if (name === '/EmbeddedFiles' || name === '/EF' || (name === '/Subtype' && value === FILE_ATTACHMENT) || (name === '/Type' && value === EMBEDDED_FILE)) embedded = true;
      visit(value, depth + 1);
    }
  };
  for (const [, object] of pdf.context.enumerateIndirectObjects()) visit(object, 0);
  return [...(javascript ? (['javascript'] as const) : []), ...(embedded ? (['embedded-files'] as const) : [])];
}

/** What Posten accepts (reference §7.2): PDFs that open without a password, or plain text; at most 10 MB. */
export async function checkDocument(fileName: string, bytes: Buffer): Promise<DocumentCheck> {
  // A PDF starts with its header (PDF/A requires it at the first byte). Readers forgive up to 1 KB
  // before it, but then the file is something else holding a PDF: a ZIP archive that stores one
  // opens here as that PDF, while the service (and the signers) would get the archive.
  const headerAt = bytes.subarray(0, 1024).indexOf('%PDF-');
  const isPdf = headerAt === 0;
  const isText = /\.txt$/i.test(fileName);
  const mimeType = isPdf ? 'application/pdf' : isText ? 'text/plain' : 'application/octet-stream';
  if (bytes.length === 0) return problem(mimeType, 'empty', 'The file is empty.');
  if (bytes.length > postenLimits.documentBytes) return problem(mimeType, 'too-large', 'The file is larger than 10 MB.');
  if (isText) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return fine(mimeType, null);
    } catch {
      return problem(mimeType, 'unsupported-type', 'The text file is not UTF-8 text.');
    }
  }
  if (headerAt > 0) return problem(mimeType, 'not-pdf', 'The file holds a PDF after other content (a ZIP archive, a mail header), so it is not a PDF file itself.');
  if (!isPdf) return problem(mimeType, 'not-pdf', 'Only PDF and text files can be sent for signing.');
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    // pdf-lib silently repairs a file cut off before its cross-reference table; Posten would not.
    if (!bytes.subarray(-2048).includes('%%EOF')) return problem(mimeType, 'broken', 'The PDF is incomplete (it was cut off).');
    const pageCount = pdf.getPageCount();
    if (pageCount === 0) return problem(mimeType, 'broken', 'The PDF has no pages.');
    return fine(mimeType, pageCount, activeContent(pdf));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/encrypted/i.test(message)) return problem(mimeType, 'encrypted', 'The PDF is password protected or encrypted; remove the protection and add it again.');
    return problem(mimeType, 'broken', 'The PDF is damaged and cannot be opened.');
  }
}

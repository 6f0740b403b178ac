import { EncryptedPDFError, PDFDocument } from 'pdf-lib';

export type PdfInspection = { ok: true; pageCount: number } | { ok: false; reason: 'not-pdf' | 'encrypted' | 'broken'; message: string };

/** Whether an uploaded document is a PDF the service can use: a PDF, complete, not encrypted, with pages. */
export async function inspectPdf(bytes: Buffer): Promise<PdfInspection> {
  if (!bytes.subarray(0, 1024).includes('%PDF-')) {
    return { ok: false, reason: 'not-pdf', message: 'The document is not a PDF (no %PDF- header).' };
  }

  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false, throwOnInvalidObject: true });
  } catch (strictError) {
    if (isEncryptedError(strictError)) return encrypted();
    // Encrypted object streams fail the strict parse before pdf-lib looks at /Encrypt; a lenient load tells them apart.
    try {
      await PDFDocument.load(bytes, { ignoreEncryption: false, updateMetadata: false, throwOnInvalidObject: false });
    } catch (lenientError) {
      if (isEncryptedError(lenientError)) return encrypted();
    }
    return broken(`it cannot be read (${messageOf(strictError)})`);
  }

  // pdf-lib recovers silently from a missing cross-reference section, so a cut-off file is caught here.
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
  if (!tail.includes('%%EOF') || !bytes.includes('startxref')) return broken('the file is truncated (no startxref / %%EOF at its end)');

  let pageCount: number;
  try {
    pageCount = document.getPageCount();
  } catch (error) {
    return broken(`its page tree is damaged (${messageOf(error)})`);
  }
  if (pageCount === 0) return broken('it has no pages');
  return { ok: true, pageCount };
}

/** pdf-lib is compiled to ES5, where `instanceof` on Error subclasses is unreliable; the message is stable. */
function isEncryptedError(error: unknown): boolean {
  return error instanceof EncryptedPDFError || (error instanceof Error && /is encrypted/.test(error.message));
}

function encrypted(): PdfInspection {
  return { ok: false, reason: 'encrypted', message: 'The PDF is encrypted or password protected.' };
}

function broken(why: string): PdfInspection {
  return { ok: false, reason: 'broken', message: `The PDF is damaged: ${why}.` };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

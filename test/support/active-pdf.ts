import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/** PDFs with content a signer's reader may act on by itself, built the ways PDF tools write them. */
export async function pdfWith(kind: 'plain' | 'javascript' | 'open-action' | 'embedded-file', options: { objectStreams?: boolean } = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  // The words alone are page text, not active content: they must not raise a warning.
  pdf.addPage([595, 842]).drawText('Agreement. Mentions JavaScript and EmbeddedFiles in its text only.', { x: 60, y: 760, size: 12, font });
  if (kind === 'javascript') pdf.addJavaScript('greeting', 'app.alert("Hello");');
  if (kind === 'open-action') {
    const action = pdf.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.launchURL("https://example.com");') });
    pdf.catalog.set(PDFName.of('OpenAction'), action as PDFDict);
  }
  if (kind === 'embedded-file') await pdf.attach(Buffer.from('name,amount\nKari,100\n'), 'payments.csv', { mimeType: 'text/csv' });
  return Buffer.from(await pdf.save({ useObjectStreams: options.objectStreams ?? true }));
}

// The unsigned body of a PAdES result: a front page naming the job and its signers, then every
// page of every document. Saved without object streams, because the incremental signature
// writer (placeholder-plain) only understands classic xref tables.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface ResultDocument {
  title: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export interface ResultJob {
  id: string;
  title: string;
  signers: { name: string; order: number }[];
  documents: ResultDocument[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** Standard fonts only cover WinAnsi; anything else becomes '?' rather than failing the whole result. */
function encodable(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch === '\n') {
      out += ch;
      continue;
    }
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      out += ch === '\t' ? '    ' : '?';
    }
  }
  return out;
}

function wrap(font: PDFFont, size: number, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(?<= )/)) {
      const candidate = line + word;
      if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
        lines.push(line.trimEnd());
        line = word;
      } else {
        line = candidate;
      }
      // a single word wider than the line is cut hard
      while (font.widthOfTextAtSize(line, size) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > maxWidth) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

class PageWriter {
  private page: PDFPage | undefined;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly size: number,
  ) {}

  line(text: string, options: { font?: PDFFont; size?: number; gapAfter?: number } = {}): void {
    const font = options.font ?? this.font;
    const size = options.size ?? this.size;
    for (const l of wrap(font, size, encodable(font, text), A4[0] - 2 * MARGIN)) {
      if (!this.page || this.y - size < MARGIN) {
        this.page = this.doc.addPage(A4);
        this.y = A4[1] - MARGIN;
      }
      this.y -= size * 1.3;
      this.page.drawText(l, { x: MARGIN, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= options.gapAfter ?? 0;
  }
}

async function addFrontPage(doc: PDFDocument, job: ResultJob): Promise<void> {
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w = new PageWriter(doc, regular, 11);
  w.line('Signed documents', { font: bold, size: 20, gapAfter: 12 });
  w.line(job.title, { font: bold, size: 14, gapAfter: 4 });
  w.line(`Signature job ${job.id}`, { gapAfter: 16 });
  w.line('Signers', { font: bold, size: 13, gapAfter: 4 });
  const signers = [...job.signers].sort((a, b) => a.order - b.order);
  for (const s of signers) w.line(`${s.order}. ${s.name}`);
  w.line('', { gapAfter: 12 });
  w.line('Documents', { font: bold, size: 13, gapAfter: 4 });
  job.documents.forEach((d, i) => w.line(`${i + 1}. ${d.title} (${d.fileName})`));
  w.line('', { gapAfter: 12 });
  w.line('Each signer\'s electronic signature is attached to this PDF. Issued by the Signing Desk sandbox with test certificates: not legally binding.', { size: 9 });
}

async function addTextDocument(doc: PDFDocument, document: ResultDocument): Promise<void> {
  const mono = await doc.embedFont(StandardFonts.Courier);
  const w = new PageWriter(doc, mono, 10);
  w.line(document.bytes.toString('utf8'));
}

async function addPdfDocument(doc: PDFDocument, document: ResultDocument): Promise<void> {
  const source = await PDFDocument.load(document.bytes, { updateMetadata: false });
  const pages = await doc.copyPages(source, source.getPageIndices());
  for (const p of pages) doc.addPage(p);
}

export async function buildUnsignedResultPdf(job: ResultJob): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(job.title);
  doc.setProducer('Signing Desk sandbox');
  doc.setCreator('Signing Desk sandbox');
  await addFrontPage(doc, job);
  for (const document of job.documents) {
    if (document.mimeType === 'application/pdf') await addPdfDocument(doc, document);
    else if (document.mimeType.startsWith('text/')) await addTextDocument(doc, document);
    else throw new Error(`cannot render ${document.mimeType} (${document.fileName}) into the result PDF`);
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { inspectPdf } from '../../sandbox/validation/pdf';

let qpdf = true;
try {
  execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
} catch {
  qpdf = false;
}

describe('inspectPdf', () => {
  let pdf: Buffer;
  let classicPdf: Buffer;
  let dir: string;

  before(async () => {
    const document = await PDFDocument.create();
    document.addPage();
    document.addPage().drawText('second page');
    document.addPage();
    pdf = Buffer.from(await document.save());
    classicPdf = Buffer.from(await document.save({ useObjectStreams: false }));
    dir = mkdtempSync(path.join(tmpdir(), 'inspect-pdf-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a pdf-lib PDF is fine and its pages are counted', async () => {
    assert.deepEqual(await inspectPdf(pdf), { ok: true, pageCount: 3 });
    assert.deepEqual(await inspectPdf(classicPdf), { ok: true, pageCount: 3 });
  });

  test('garbage is not a PDF', async () => {
    const result = await inspectPdf(Buffer.from('Dear customer, this is plain text.'));
    assert.equal(!result.ok && result.reason, 'not-pdf');
  });

  test('a truncated PDF is broken', async () => {
    for (const truncated of [pdf.subarray(0, pdf.length / 2), classicPdf.subarray(0, classicPdf.length / 2), Buffer.from('%PDF-1.7\n')]) {
      const result = await inspectPdf(truncated);
      assert.equal(!result.ok && result.reason, 'broken');
    }
  });

  test('an encrypted PDF is refused as encrypted, with or without a user password', { skip: !qpdf && 'qpdf not installed' }, async () => {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    for (const userPassword of ['user', '']) {
      const out = path.join(dir, `enc-${userPassword || 'none'}.pdf`);
      execFileSync('qpdf', ['--encrypt', userPassword, 'owner', '256', '--', path.join(dir, 'in.pdf'), out]);
      const result = await inspectPdf(readFileSync(out));
      assert.equal(!result.ok && result.reason, 'encrypted', JSON.stringify(result));
    }
  });
});

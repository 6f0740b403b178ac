import assert from 'node:assert/strict';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Locator, Page } from 'playwright-core';

/** Compose driven as a person would: files dropped on the window, signers typed and dragged. */
export interface FileSpec {
  name: string;
  base64: string;
  type: string;
}

export async function makePdf(title: string, pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i += 1) pdf.addPage([595, 842]).drawText(`${title} – page ${i + 1}`, { x: 72, y: 760, size: 18, font });
  return pdf.save();
}

export const pdfFile = (name: string, bytes: Uint8Array): FileSpec => ({ name, base64: Buffer.from(bytes).toString('base64'), type: 'application/pdf' });

/** Drops files the way the OS does: a DataTransfer holding File objects, dragged over the window. */
export async function dropFiles(page: Page, files: FileSpec[]) {
  const dataTransfer = await page.evaluateHandle((specs: FileSpec[]) => {
    const transfer = new DataTransfer();
    for (const spec of specs) {
      const bytes = Uint8Array.from(atob(spec.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], spec.name, { type: spec.type }));
    }
    return transfer;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  assert.match((await zone.getAttribute('class')) ?? '', /cmp-dropzone--active/, 'the drop zone lights up while files are over the window');
  await zone.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

export const signerCards = (page: Page) => page.getByTestId('signer');

/**
 * Drags a signer (by its handle) onto the top of another signer's card, so both sign in the same
 * step. The target card is brought to the top of the window first: the drop gaps that open when a
 * drag starts push everything below them down, and a drop aimed at a point measured before the
 * drag would land in a gap instead (scroll anchoring keeps a card at the top in place).
 */
export async function dragSignerOnto(handle: Locator, target: Locator) {
  await target.evaluate((card) => card.scrollIntoView({ block: 'start' }));
  await handle.dragTo(target, { targetPosition: { x: 40, y: 8 } });
}

export async function openCompose(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Compose' }).click();
  await page.getByRole('heading', { name: 'Signers and order' }).waitFor();
}

export async function addSigner(page: Page, options: { nin?: string; email: string }) {
  const before = await signerCards(page).count();
  const card = before === 1 && !(await signerCards(page).first().getByLabel('E-mail address').inputValue()) ? signerCards(page).first() : null;
  let target = card;
  if (!target) {
    await page.getByRole('button', { name: 'Add signer' }).click();
    target = signerCards(page).nth(before);
  }
  if (options.nin) await target.getByRole('textbox', { name: 'National identity number' }).fill(options.nin);
  else await target.getByRole('radio', { name: 'Contact details only' }).check();
  await target.getByLabel('E-mail address').fill(options.email);
}


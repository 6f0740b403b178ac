import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { ensureRendererBuilt, openApp, screenshotPath, type AppFixture } from './support/browser';

interface Focused {
  tag: string;
  type: string;
  name: string;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return { tag: '', type: '', name: '' };
    const name = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
    return { tag: el.tagName.toLowerCase(), type: el.type ?? '', name: name.trim() };
  });
}

/** Presses Tab (or Shift+Tab) until the focused control matches: proves it is reachable by keyboard. */
async function tabTo(page: Page, match: (f: Focused) => boolean, options: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 120); i += 1) {
    if (match(await focused(page))) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`no focusable control matched; ended on ${JSON.stringify(await focused(page))}`);
}

/** The core answers untyped over dispatch; the contract says what each method returns. */
async function call<M extends MethodName>(app: AppFixture, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value as MethodOutput<M>;
}

const named = (name: string | RegExp) => (f: Focused) => (typeof name === 'string' ? f.name === name : name.test(f.name));

describe('compose with the keyboard alone', { timeout: 60_000 }, () => {
  let app: AppFixture;

  before(async () => {
    ensureRendererBuilt();
    app = await openApp({ host: { demo: true, backgroundSync: false } });
    const settings = await app.host.core.dispatch('settings.update', { language: 'en' });
    assert.ok(settings.ok);
  });
  after(async () => {
    await app?.close();
  });

  test('documents, texts, three signers reordered into two steps, send', async () => {
    const { page } = app;
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).waitFor();
    await tabTo(page, named('Compose'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signers and order' }).waitFor();

    // The styled file picker is a real <input type=file>: Space opens the chooser.
    await tabTo(page, (f) => f.tag === 'input' && f.type === 'file');
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles([{ name: 'Offer letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdf.save()) }]);
    await page.getByTestId('document-row').getByText('1 page', { exact: true }).waitFor();

    await tabTo(page, named('Title'));
    await page.keyboard.type('Offer letter for Kari');

    await tabTo(page, named('National identity number'));
    await page.keyboard.type('01010112377');
    await tabTo(page, named('E-mail address'));
    await page.keyboard.type('kari@example.com');

    for (const email of ['ola@example.com', 'per@example.com']) {
      await tabTo(page, named('Add signer'));
      await page.keyboard.press('Enter');
      // Focus lands in the new signer's first field; the identification choice is just before it.
      await page.waitForFunction(() => document.activeElement?.id.endsWith('-nin'));
      await page.keyboard.press('Shift+Tab');
      assert.equal((await focused(page)).type, 'radio');
      await page.keyboard.press('ArrowRight');
      await tabTo(page, named('E-mail address'));
      await page.keyboard.type(email);
    }
    assert.equal(await page.getByTestId(/^step-\d$/).count(), 3);

    // Alt+Arrow Up on per's handle: alone in step 3, so per joins step 2 (in parallel with ola).
    await tabTo(page, named(/^Reorder per@example.com/), { back: true });
    await page.keyboard.press('Alt+ArrowUp');
    await page.getByTestId('step-2').getByText('2 signers in parallel').waitFor();
    assert.match((await focused(page)).name, /^Reorder per@example.com/, 'focus stays on the moved signer');
    // Once more: per moves ahead of ola inside step 2.
    await page.keyboard.press('Alt+ArrowUp');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-2"] [data-testid="signer"]')[0]?.textContent?.includes('per@example.com'));
    await page.getByRole('status').filter({ hasText: 'per@example.com is now in step 2' }).waitFor();

    // The "Move down" button and the same-step checkbox work from the keyboard too.
    await tabTo(page, named('Move per@example.com down'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="step-2"] [data-testid="signer"]')[1]?.textContent?.includes('per@example.com'));
    await tabTo(page, (f) => f.type === 'checkbox' && f.name === 'Same step as the signer above', { back: true });
    const checkbox = page.getByTestId('step-2').getByTestId('signer').first().getByRole('checkbox');
    assert.equal(await checkbox.isChecked(), false, 'ola starts step 2');

    await page.screenshot({ path: screenshotPath('compose-keyboard-light'), fullPage: true });
    await tabTo(page, named('Send for signing'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();

    const list = await call(app, 'jobs.list', { limit: 50 });
    const job = list.items.find((item) => item.status !== 'draft');
    assert.ok(job, 'the job is in the outbox');
    const detail = await call(app, 'jobs.get', { id: job.id });
    assert.equal(detail.title, 'Offer letter for Kari');
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
    assert.deepEqual(
      detail.signers.map((s) => [s.step, s.email]),
      [
        [1, 'kari@example.com'],
        [2, 'ola@example.com'],
        [2, 'per@example.com'],
      ],
    );
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningSandbox } from '../../sandbox';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { addSandboxAccount, control, samplePdf, startTestSandbox } from '../support/sandbox-account';
import { tempDir } from '../support/core';
import { dropFiles, makePdf, pdfFile } from './support/compose';
import { openApp, screenshotPath, type AppFixture } from './support/browser';

// The machine speaks English; the user chooses Norwegian in Settings, and everything must follow.
process.env.LC_ALL = 'en_GB.UTF-8';

/** Words that only English (or the app's internals) would put on screen. */
const ENGLISH_ONLY = [
  'Untitled',
  'Signed documents',
  'signed.pdf',
  'Sending failed',
  'Details',
  'Not valid',
  'Signed by',
  ' pages',
  ' page',
  ' documents',
  ' signers',
  'signatures',
  'Signature ',
  'Preparing',
  'Downloaded',
  'Loading',
  'Created',
  'Next attempt',
  'The service',
  'The signing service',
  'org. no.',
  'CN=',
  'SERIALNUMBER',
  '2.5.4.',
  'UN:NO-',
  'mm/dd/yyyy',
  'INTERNAL_ERROR:',
  'ENOENT',
  'ENOTFOUND',
  'getaddrinfo',
];
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

let app: AppFixture;
let sandbox: RunningSandbox;
let accountId: string;
const sandboxDir = tempDir('sd-nb-sandbox-');
let completedJobId: string;
let failedJobId: string;

async function dispatch<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await app.host.core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function createJob(title: string, signers: number): Promise<string> {
  const staged = await dispatch('documents.stage', { fileName: 'leie.pdf', contentBase64: (await samplePdf(title)).toString('base64') });
  const job = await dispatch('jobs.create', { flow: 'portal', 
    accountId,
    title,
    documents: [{ stagedId: staged.id, title: 'Kontrakt' }],
    signers: Array.from({ length: signers }, (_, i) => ({ email: `signer${i + 1}@example.no`, step: 1 })),
  });
  return job.id;
}

/** What the user can read on the page (closed "Detaljer" disclosures hide their text from innerText). */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

async function assertNorwegianOnly(page: Page, where: string) {
  const text = await visibleText(page);
  const english = ENGLISH_ONLY.filter((words) => text.includes(words));
  assert.deepEqual(english, [], `${where}: English or internals on screen:\n${text}`);
  assert.doesNotMatch(text, ISO_TIME, `${where}: a raw ISO time on screen`);
}

const nav = (page: Page) => page.getByRole('navigation');

describe('the whole app in Norwegian', { timeout: 180_000 }, () => {
  before(async () => {
    // A sandbox that lets the queue be polled at once, so the test waits for nothing but the work.
    sandbox = await startTestSandbox(sandboxDir.path);
    app = await openApp({ host: { demo: false, backgroundSync: false } });
    accountId = (await addSandboxAccount(app.host.core, sandbox)).id;
    await dispatch('settings.update', { language: 'nb' });

    // One job signed by both signers and filed; one the service failed with an internal error.
    completedJobId = await createJob('Leieavtale', 2);
    await dispatch('sync.run', {});
    const sent = await dispatch('jobs.get', { id: completedJobId });
    for (const index of [0, 1]) await control(sandbox, 'POST', `/jobs/${sent.serviceJobId}/signers/${index}/sign`);
    for (let pass = 0; pass < 5 && (await dispatch('jobs.get', { id: completedJobId })).downloads.some((d) => d.state !== 'filed'); pass++) await dispatch('sync.run', {});

    await control(sandbox, 'POST', '/faults', { match: 'POST /portal/signature-jobs$', kind: 'status', status: 500, times: 1 });
    failedJobId = await createJob('Fullmakt', 1);
    await dispatch('sync.run', {});
    app.host.core.events.emit('jobs.changed', { jobIds: [] });
  });
  after(async () => {
    await app?.close();
    await sandbox?.close();
    sandboxDir.remove();
  });

  test('jobs: Norwegian, local times, and the search placeholder fits at 1280 px', async () => {
    const { page } = app;
    await page.reload();
    await page.getByRole('heading', { name: 'Oppdrag', level: 1 }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb-NO');
    await page.getByRole('list', { name: /oppdrag$/ }).getByText('Leieavtale').waitFor();
    const search = page.getByRole('searchbox', { name: 'Søk i oppdrag' });
    const fit = await search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: input.placeholder, needed: context.measureText(input.placeholder).width, room };
    });
    assert.equal(fit.text, 'Søk i tittel, referanse eller undertegner');
    assert.ok(fit.needed <= fit.room, `the placeholder needs ${fit.needed.toFixed(0)} px, the field has ${fit.room.toFixed(0)} px`);
    await assertNorwegianOnly(page, 'jobs');
    await page.screenshot({ path: screenshotPath('nb-jobs') });
  });

  test('compose: one dropped page reads "1 side", dates are typed as Norwegians write them', async () => {
    const { page } = app;
    await nav(page).getByRole('link', { name: 'Nytt oppdrag' }).click();
    await page.getByRole('heading', { name: 'Undertegnere og rekkefølge' }).waitFor();
    await dropFiles(page, [pdfFile('Avtale.pdf', await makePdf('Avtale', 1))]);
    const row = page.getByTestId('document-row');
    await row.getByText('1 side', { exact: true }).waitFor();
    await page.getByText('1 dokument, 1 side i alt').waitFor();

    const deadline = page.getByLabel('Frist for hvert trinn');
    assert.equal(await deadline.getAttribute('placeholder'), 'dd.mm.åååå tt:mm');
    assert.equal(await deadline.getAttribute('type'), 'text', 'not a datetime-local the browser draws in its own locale');
    const soon = new Date(Date.now() + 10 * 86400_000);
    const typed = `${String(soon.getDate()).padStart(2, '0')}.${String(soon.getMonth() + 1).padStart(2, '0')}.${soon.getFullYear()} 12:00`;
    await deadline.fill(typed);
    await deadline.blur();
    assert.equal(await deadline.inputValue(), typed);
    assert.equal(await deadline.getAttribute('aria-invalid'), null, 'a Norwegian date is understood');
    await deadline.fill('12/31/2030 10:00');
    await deadline.blur();
    await page.getByText('Skriv dato og klokkeslett som dd.mm.åååå tt:mm.').waitFor();
    await deadline.fill(typed);
    await assertNorwegianOnly(page, 'compose');
    await page.screenshot({ path: screenshotPath('nb-compose'), fullPage: true });
  });

  test('a completed job: verification in Norwegian with holders by name, files named in Norwegian', async () => {
    const { page } = app;
    await page.goto(`${new URL(page.url()).origin}/#/jobs/${completedJobId}`);
    await page.getByRole('heading', { name: 'Leieavtale', level: 1 }).waitFor();
    const timeline = page.getByRole('region', { name: 'Hva som har skjedd' });
    await timeline.getByText('Opprettet med 1 dokument og 2 undertegnere').waitFor();
    const files = page.getByRole('region', { name: 'Signerte filer' });
    await files.getByText(/^2 signaturer, alle intakte og klarerte; den siste signaturen dekker hele filen\.$/).waitFor();
    await files.getByText(/^Signert av .+; signaturen og sjekksummene for dokumentet stemmer, og sertifikatet er klarert\.$/).first().waitFor();
    const saved = await files.getByRole('button', { name: /signert\.pdf$/ }).innerText();
    assert.match(saved, /Signerte dokumenter.*Leieavtale - signert\.pdf$/);
    await assertNorwegianOnly(page, 'completed job');
    await page.screenshot({ path: screenshotPath('nb-job-completed'), fullPage: true });
  });

  test('a failed sending: a Norwegian sentence, the service code once, behind "Detaljer"', async () => {
    const { page } = app;
    await page.goto(`${new URL(page.url()).origin}/#/jobs/${failedJobId}`);
    await page.getByRole('heading', { name: 'Fullmakt', level: 1 }).waitFor();
    await page.getByText('Signeringstjenesten fikk en intern feil.').first().waitFor();
    await assertNorwegianOnly(page, 'failed job');
    const details = page.locator('.callout').getByText('Detaljer');
    await details.click();
    const opened = await page.locator('.callout .details__body').innerText();
    assert.equal(opened.match(/INJECTED_FAULT/g)?.length, 1, opened);
    await page.screenshot({ path: screenshotPath('nb-job-failed'), fullPage: true });
  });

  test('accounts: the certificate holder by name and organisation number, validity in local time', async () => {
    const { page } = app;
    await nav(page).getByRole('link', { name: 'Kontoer' }).click();
    await page.getByRole('button', { name: /^Detaljer for / }).first().click();
    const issuedTo = page.locator('dt', { hasText: 'Utstedt til' }).locator('xpath=following-sibling::dd[1]');
    assert.match(await issuedTo.innerText(), /^.+ \(org\.nr\. \d{3} \d{3} \d{3}\)/);
    await assertNorwegianOnly(page, 'accounts');
    await page.screenshot({ path: screenshotPath('nb-accounts'), fullPage: true });
  });

  test('settings: the default folder and file names in Norwegian', async () => {
    const { page } = app;
    await nav(page).getByRole('link', { name: 'Innstillinger' }).click();
    await page.getByRole('heading', { name: 'Innstillinger', level: 1 }).waitFor();
    await page.getByText('Tom: appens egen mappe «Signerte dokumenter».').waitFor();
    assert.equal(await page.getByLabel('Mønster for filnavn').inputValue(), '{reference or title}/{title} - signert.pdf');
    await assertNorwegianOnly(page, 'settings');
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startRestPkiSandbox, type RestPkiSandboxOptions, type RunningRestPkiSandbox } from '../../sandbox/restpki';
import type { Core } from '../../src-main/core';
import { addRestPkiAccountForSandbox } from '../../src-main/demo/demo-sandbox';
import type { AccountDetail, AddRestPkiAccountInput } from '../../src-shared/contract';

/** Rest PKI Core's sandbox on its own (without Posten's), data in `<dir>/sandbox`. */
export function startRestPkiTestSandbox(dir: string, options: Omit<RestPkiSandboxOptions, 'dataDir'> = {}): Promise<RunningRestPkiSandbox> {
  return startRestPkiSandbox({ dataDir: join(dir, 'sandbox'), processingSeconds: 2, whenCompletedWaitSeconds: 3, ...options });
}

export async function addRestPkiSandboxAccount(core: Core, sandbox: RunningRestPkiSandbox, extra: Partial<AddRestPkiAccountInput> = {}): Promise<AccountDetail> {
  const result = await addRestPkiAccountForSandbox(core, sandbox.info, { name: 'Rest PKI sandbox', ...extra });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as AccountDetail;
}

export async function restPkiControl<T = unknown>(sandbox: RunningRestPkiSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.info.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * What the signer's browser does on the sandbox's signing page: opens the session's address, then
 * presses Sign (with one of the test persons' certificates) or Cancel. Returns where the page sends
 * the browser next (the app's return address with `signatureSessionId`, or the "close this tab" page).
 */
export async function actOnSigningPage(redirectUrl: string, action: 'sign' | 'cancel', person?: string): Promise<string> {
  const page = await fetch(redirectUrl);
  if (page.status !== 200) throw new Error(`The signing page answered ${page.status}`);
  const url = new URL(redirectUrl);
  const form = new URLSearchParams({ token: url.searchParams.get('token') ?? '', ...(person ? { person } : {}) });
  const pressed = await fetch(new URL(`${url.pathname}/${action}`, url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  if (pressed.status !== 303) throw new Error(`The signing page answered ${pressed.status}: ${await pressed.text()}`);
  return pressed.headers.get('location') ?? '';
}

/** The number of signatures `pdfsig` finds valid and trusted (the sandbox root in its NSS store), with its output. */
export function pdfsigCheck(pdf: Buffer, rootCaPem: string): { valid: number; trusted: number; output: string } {
  const work = mkdtempSync(join(tmpdir(), 'sd-pdfsig-'));
  const nss = join(work, 'nss');
  mkdirSync(nss);
  const file = join(work, 'signed.pdf');
  const ca = join(work, 'ca.pem');
  writeFileSync(file, pdf);
  writeFileSync(ca, rootCaPem);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  // The CA file may hold several certificates; each goes in as its own trust anchor.
  const pems = rootCaPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  pems.forEach((pem, index) => {
    const one = join(work, `ca-${index}.pem`);
    writeFileSync(one, pem);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', `sandbox-${index}`, '-t', 'CT,C,C', '-a', '-i', one]);
  });
  const run = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  return {
    valid: (output.match(/Signature Validation: Signature is Valid\./g) ?? []).length,
    trusted: (output.match(/Certificate Validation: Certificate is Trusted\./g) ?? []).length,
    output,
  };
}

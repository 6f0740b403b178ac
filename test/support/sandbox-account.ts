import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { Core } from '../../src-main/core';
import { addAccountForSandbox } from '../../src-main/demo/demo-sandbox';
import type { AccountDetail, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';

export async function samplePdf(text: string, pages = 1): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`${text} (page ${i + 1})`, { x: 60, y: 760, size: 18, font });
  return Buffer.from(await pdf.save());
}

/** Calls the core like a host would, and fails the test with the error value's message. */
export async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

export async function startTestSandbox(dataDir: string, options: { emptyQueueDelaySeconds?: number; rateLimitPerSecond?: number; redeliverySeconds?: number } = {}): Promise<RunningSandbox> {
  return startSandbox({ dataDir: join(dataDir, 'sandbox'), emptyQueueDelaySeconds: options.emptyQueueDelaySeconds ?? 0, rateLimitPerSecond: options.rateLimitPerSecond ?? 1000, redeliverySeconds: options.redeliverySeconds });
}

export async function addSandboxAccount(core: Core, sandbox: RunningSandbox, extra: { saveFolder?: string; deleteDocumentsAfterFiling?: boolean } = {}): Promise<AccountDetail> {
  const result = await addAccountForSandbox(core, sandbox.info, { name: 'Sandbox', ...extra });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as AccountDetail;
}

export async function control(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.info.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

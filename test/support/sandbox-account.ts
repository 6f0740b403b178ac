import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createCertificate, createKeyPair, exportPrivateKeyPem, importPrivateKeyPem } from '../../sandbox/pki/certificates';
import { createPkcs12 } from '../../sandbox/pki/index';
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

/**
 * A renewed enterprise certificate for the sandbox's sender organisation, as a PKCS#12 file with a
 * passphrase of its own: a new key, issued by the sandbox's CA (so the sandbox accepts it).
 */
export async function renewedSenderCertificate(sandbox: RunningSandbox, passphrase: string): Promise<{ p12: Buffer; keyPem: string; certPem: string }> {
  const pki = dirname(sandbox.info.caCertificate);
  const read = (name: string) => readFileSync(join(pki, name), 'utf8');
  const organization = sandbox.info.senderOrganizationNumber;
  const name = 'Demo Organisasjon AS (fornyet)';
  const keys = await createKeyPair();
  const { certPem } = await createCertificate({
    subject: [{ C: ['NO'] }, { O: [name] }, { '2.5.4.97': [`NTRNO-${organization}`] }, { '2.5.4.5': [organization] }, { CN: [name] }],
    publicKey: keys.publicKey,
    signingKey: await importPrivateKeyPem(read('intermediate.key.pem')),
    issuerCertPem: read('intermediate.cert.pem'),
    notAfter: new Date(Date.now() + 2 * 365 * 86_400_000),
    profile: { kind: 'client' },
  });
  const keyPem = await exportPrivateKeyPem(keys.privateKey);
  return { p12: createPkcs12({ keyPem, certPem, chainPems: [read('intermediate.cert.pem')] }, read('root.cert.pem'), passphrase, 'fornyet'), keyPem, certPem };
}

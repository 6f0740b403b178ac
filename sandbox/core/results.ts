import type { KeyPair } from '../pki/index';
import { addPadesSignature, buildUnsignedResultPdf } from '../signing/pades';
import { signDocumentsXades } from '../signing/xades';
import type { JobRecord, SignerRecord } from './model';
import type { SandboxStore } from './store';

export function signerDisplayName(signer: SignerRecord): string {
  if (signer.signerIdentifier) return signer.signerIdentifier.slice(0, 64);
  if (signer.pin) return `Test Person ${signer.pin}`;
  return signer.email ?? signer.sms ?? `Signer ${signer.index + 1}`;
}

export const RESULT_PDF = 'result.pdf';
export const xadesFileName = (signer: SignerRecord): string => `xades-${signer.id}.xml`;

export function readDocuments(store: SandboxStore, job: JobRecord): { title: string; fileName: string; mimeType: string; bytes: Buffer }[] {
  return job.documents.map((d) => {
    const bytes = store.readJobFile(job.id, d.file);
    if (!bytes) throw new Error(`document ${d.fileName} of job ${job.id} is missing from the data dir`);
    return { title: d.title, fileName: d.fileName, mimeType: d.mimeType, bytes };
  });
}

/**
 * Makes the signer's artefacts: their XAdES over the job's documents, and their PAdES signature
 * appended as an incremental update to the job's result PDF (built once, at the first signature).
 */
export async function produceSignerResults(store: SandboxStore, job: JobRecord, signer: SignerRecord, keyPair: KeyPair, signingTime: Date): Promise<void> {
  const documents = readDocuments(store, job);
  const xades = signDocumentsXades({ documents, signer: keyPair, signingTime });
  const current =
    store.readJobFile(job.id, RESULT_PDF) ??
    (await buildUnsignedResultPdf({
      id: String(job.id),
      title: job.title,
      signers: job.signers.map((s) => ({ name: signerDisplayName(s), order: s.order })),
      documents,
    }));
  const signed = await addPadesSignature(current, keyPair, {
    signerName: signerDisplayName(signer),
    signingTime,
    reason: `Signed "${job.title}" in the Posten signering sandbox`,
  });
  store.writeJobFile(job.id, xadesFileName(signer), xades);
  store.writeJobFile(job.id, RESULT_PDF, signed);
}

import type { JobRow, SignerRow } from './read';

/** The service deletes documents only once every signer has signed, and 24 hours after that (sandbox/api/router.ts). */
export const DELETE_DOCUMENTS_AFTER_MS = 24 * 3600 * 1000;

/**
 * From when the service allows deleting the job's documents, or null when it never will (the job did
 * not complete successfully, or its documents are already deleted). The completion time is the last
 * signature's time as the service reported it. Rounded up to the whole minute, so the time a person
 * is shown is never earlier than the service's own limit.
 */
export function deleteDocumentsFrom(job: Pick<JobRow, 'status' | 'delete_documents_url'>, signers: Pick<SignerRow, 'status' | 'status_since'>[]): Date | null {
  if (job.status !== 'COMPLETED_SUCCESSFULLY' || !job.delete_documents_url) return null;
  const signedAt = signers.filter((s) => s.status === 'SIGNED' && s.status_since).map((s) => Date.parse(s.status_since!)).filter((ms) => !Number.isNaN(ms));
  if (signedAt.length === 0) return null;
  const earliest = Math.max(...signedAt) + DELETE_DOCUMENTS_AFTER_MS;
  return new Date(Math.ceil(earliest / 60_000) * 60_000);
}

export function canDeleteDocumentsAt(from: Date | null, now: Date): boolean {
  return from !== null && now.getTime() >= from.getTime();
}

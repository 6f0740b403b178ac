import type { JobRow, SignerRow } from '../../jobs/read';
import { readProviderData } from '../../jobs/provider-data';

/** Posten's links kept with a job (`jobs.provider_data`). */
export interface PostenJobData {
  cancelUrl?: string;
  deleteDocumentsUrl?: string;
  padesUrl?: string;
  statusUrl?: string;
}

export const postenJobData = (job: Pick<JobRow, 'provider_data'>) => readProviderData<PostenJobData & Record<string, unknown>>(job.provider_data);

/** The service deletes documents only once every signer has signed, and 24 hours after that (sandbox/api/router.ts). */
export const DELETE_DOCUMENTS_AFTER_MS = 24 * 3600 * 1000;

/**
 * From when the service allows deleting the job's documents, or null when it never will (the job did
 * not complete successfully, or its documents are already deleted). The completion time is the last
 * signature's time as the service reported it. Rounded up to the whole minute, so the time a person
 * is shown is never earlier than the service's own limit.
 */
export function deleteDocumentsFrom(job: Pick<JobRow, 'status' | 'provider_data'>, signers: Pick<SignerRow, 'status' | 'status_since'>[]): Date | null {
  if (job.status !== 'completed' || !postenJobData(job).deleteDocumentsUrl) return null;
  const signedAt = signers.filter((s) => s.status === 'signed' && s.status_since).map((s) => Date.parse(s.status_since!)).filter((ms) => !Number.isNaN(ms));
  if (signedAt.length === 0) return null;
  const earliest = Math.max(...signedAt) + DELETE_DOCUMENTS_AFTER_MS;
  return new Date(Math.ceil(earliest / 60_000) * 60_000);
}

export function canDeleteDocumentsAt(from: Date | null, now: Date): boolean {
  return from !== null && now.getTime() >= from.getTime();
}

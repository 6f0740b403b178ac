import { rootCertificates } from 'node:tls';
import { endedAtServiceStatuses } from '../../../../src-shared/domain';
import type { CoreContext } from '../../context';
import { CoreError } from '../../errors';
import { describeFailure, encodeStoredFailure } from '../../failure';
import { recordServiceFailure, recordServiceSuccess } from '../../sync/service-problem';
import { ServiceCallError } from '../service-error';
import { readJobRow, readSigners, type JobRow, type SignerRow } from '../../jobs/read';
import type { Provider, ProviderSession } from '../types';
import { deleteTridentAccountSecrets, getTridentAccount, probeTrident, tridentConnectionOf } from './accounts';
import { TridentClient, type TridentConnection } from './client';
import { tridentErrorReasons } from './errors';
import { checkTridentJob, cleanUpTridentJob, jobDataOf, needsCleanUp, prepareTridentSubmission, taskUrlOf } from './processes';

/**
 * The account's last contact with TRIDENT, for the account page and the status bar: a check that
 * went through, or the failure of one (TRIDENT has no queue to poll; its checks are the polling).
 */
function recordCheck(context: CoreContext, accountId: string, error?: unknown): void {
  if (!error) {
    context.db.prepare('UPDATE accounts SET last_sync_at = ?, last_poll_error = NULL WHERE id = ?').run(context.now().toISOString(), accountId);
    recordServiceSuccess(context, accountId, 'polling');
    return;
  }
  context.db.prepare('UPDATE accounts SET last_poll_error = ? WHERE id = ?').run(encodeStoredFailure(describeFailure(error)), accountId);
  if (error instanceof ServiceCallError) recordServiceFailure(context, accountId, error, 'polling');
}

function openSession(context: CoreContext, connection: TridentConnection): ProviderSession {
  const client = new TridentClient(connection, { now: () => context.now() });
  return {
    // A signed PDF's signers chain to the installation's CA where the account names one, else to a public root.
    signerTrust: connection.caPems?.length ? connection.caPems : [...rootCertificates],
    prepare: (jobId, returns) => prepareTridentSubmission(context, client, jobId, returns),
    async check(jobId, returns) {
      const accountId = readJobRow(context.db, jobId).account_id;
      try {
        const change = await checkTridentJob(context, client, jobId, returns);
        recordCheck(context, accountId);
        return change;
      } catch (error) {
        recordCheck(context, accountId, error);
        throw error;
      }
    },
    /** The process's task address can be opened again; only the signer whose turn it is has one. */
    async signingUrl(jobId, signerId) {
      const job = readJobRow(context.db, jobId);
      const signer = readSigners(context.db, jobId).find((s) => s.id === signerId);
      const url = signer ? taskUrlOf(job, signer) : null;
      if (!url) throw new CoreError('CONFLICT', 'This signer cannot sign now.', { reason: 'job.signerCannotSign' });
      return url;
    },
    fetch: (origin, consume) => client.download(origin, consume),
    /** Deletes the job's processes and documents at the service once it has ended and its files are filed. */
    deleteDocuments: (jobId) => cleanUpTridentJob(context, client, jobId),
    probe: () => probeTrident(context, connection, client),
    close: () => client.close(),
  };
}

/** A job's processes may go once it has ended at the service and every signed file it had is filed. */
function cleanUpFrom(context: CoreContext, job: JobRow, signers: SignerRow[]): Date | null {
  if (!endedAtServiceStatuses.includes(job.status) || !needsCleanUp(job, signers)) return null;
  const unfiled = context.db.prepare("SELECT 1 FROM artifacts WHERE job_id = ? AND state != 'filed' LIMIT 1").get(job.id);
  return unfiled ? null : new Date(job.updated_at);
}

/** Safelayer TRIDENT (eSignSP): signer processes, one per person in order, signed in a browser. */
export const tridentProvider: Provider = {
  service: 'trident',
  flows: ['trident'],
  async open(context, accountId) {
    return openSession(context, await tridentConnectionOf(context, accountId));
  },
  /** Every ended job whose processes are still at the service: deleted each pass until that succeeds (B8). */
  documentsToDeleteAfterFiling(context, accountId) {
    const candidates = context.db
      .prepare(`SELECT * FROM jobs WHERE account_id = ? AND flow = 'trident' AND status IN ('completed','failed','cancelled','expired') AND json_extract(provider_data, '$.cleanedUpAt') IS NULL`)
      .all(accountId) as JobRow[];
    return candidates.filter((job) => cleanUpFrom(context, job, readSigners(context.db, job.id)) !== null).map((job) => job.id);
  },
  storedSigningUrl: (job, signer) => taskUrlOf(job, signer),
  capabilities(context, job, signers) {
    return { canCancel: false, documentsDeletableFrom: cleanUpFrom(context, job, signers) };
  },
  getAccount: getTridentAccount,
  deleteSecrets: deleteTridentAccountSecrets,
  reasonOfCode: (code) => tridentErrorReasons[code],
  outcomeOf: (job) => jobDataOf(job).outcome ?? null,
};

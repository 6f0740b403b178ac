import type { CoreContext } from '../../context';
import { CoreError } from '../../errors';
import { mergeProviderData, readProviderData } from '../../jobs/provider-data';
import { readJobRow, readSigners, type JobRow, type SignerRow } from '../../jobs/read';
import type { Provider, ProviderSession } from '../types';
import { deletePostenAccountSecrets, getPostenAccount, postenAccountSettings, postenConnectionOf } from './accounts';
import { PostenClient } from './client';
import { probeAndDescribe } from './connection-test';
import { deleteDocumentsFrom, canDeleteDocumentsAt, postenJobData } from './delete-documents-rule';
import { postenErrorReasons } from './errors';
import { pollPortalChannel, postenChannels } from './queue';
import type { PostenChannel } from './apply-change';
import { prepareDirectSubmission, preparePortalSubmission, removeLeftoverBundles } from './submit';

/** Writes a change to the job's Posten links, in the caller's transaction or its own statement. */
function updateJobData(context: CoreContext, job: JobRow, patch: Record<string, unknown>): void {
  context.db.prepare('UPDATE jobs SET provider_data = ?, updated_at = ? WHERE id = ?').run(mergeProviderData(job.provider_data, patch), context.now().toISOString(), job.id);
}

function openSession(context: CoreContext, client: PostenClient, signerTrust: string[]): ProviderSession {
  return {
    signerTrust,
    async prepare(jobId, returns) {
      const job = readJobRow(context.db, jobId);
      if (job.flow === 'portal') return preparePortalSubmission(context, client, jobId);
      if (job.flow === 'direct') return prepareDirectSubmission(context, client, jobId, returns);
      throw new CoreError('VALIDATION', 'This way of signing is not available in this version.', { reason: 'job.flowNotAvailable' });
    },
    /**
     * A direct signer's first address works once, and whether it was used is not known here:
     * every call asks the service for a fresh one (E6) and keeps it with the signer.
     */
    async signingUrl(jobId, signerId) {
      const job = readJobRow(context.db, jobId);
      const signer = readSigners(context.db, jobId).find((s) => s.id === signerId);
      const signerUrl = signer ? readProviderData<{ signerUrl: string }>(signer.provider_data).signerUrl : undefined;
      if (job.flow !== 'direct' || !signer || !signerUrl) throw new CoreError('CONFLICT', 'Signers of this job are notified by the service and sign there.', { reason: 'job.noSigningLink' });
      const renewed = await client.newRedirectUrl(signerUrl);
      context.db.prepare('UPDATE signers SET provider_data = ? WHERE id = ?').run(mergeProviderData(signer.provider_data, { redirectUrl: renewed.redirectUrl, signerUrl: renewed.signerUrl }), signerId);
      return renewed.redirectUrl;
    },
    pollChannel: (channel, onChange) => pollPortalChannel(context, client, channel as PostenChannel, { onChange }),
    fetch: (origin, consume) => client.download(origin, consume),
    acknowledge: (origin) => client.confirm(origin),
    async cancel(jobId) {
      const job = readJobRow(context.db, jobId);
      const url = postenJobData(job).cancelUrl;
      if (!url) return 'finished';
      const outcome = await client.cancel(url);
      // Posten's own status change (signers cancelled) follows through the queue; the link is used up.
      if (outcome === 'cancelled') updateJobData(context, job, { cancelUrl: null });
      return outcome;
    },
    async deleteDocuments(jobId) {
      const job = readJobRow(context.db, jobId);
      const url = postenJobData(job).deleteDocumentsUrl;
      if (!url) throw new CoreError('CONFLICT', 'The service does not offer deleting the documents of this job.', { reason: 'job.documentsNotOffered' });
      await client.deleteDocuments(url);
      updateJobData(context, job, { deleteDocumentsUrl: null });
    },
    probe: () => probeAndDescribe(() => client.probe()),
    close: () => client.close(),
  };
}

/** Posten signering: the portal flow (signers notified, ordered steps) and the direct flow (signing in a browser now). */
export const postenProvider: Provider = {
  service: 'posten',
  flows: ['portal', 'direct'],
  async open(context, accountId) {
    const connection = await postenConnectionOf(context, accountId);
    return openSession(context, new PostenClient(connection, { now: () => context.now() }), connection.trustedCaPems);
  },
  channels: (context, accountIds) => postenChannels(context, accountIds),
  async cleanUpAfterStop(context) {
    await removeLeftoverBundles(context);
  },
  /**
   * Optional per account: once the signed PDF is filed, remove the documents from the service. The
   * service allows that only a day after the last signature, so every pass looks for filed jobs
   * whose time has come, by the same rule the job page and the command line show.
   */
  documentsToDeleteAfterFiling(context, accountId) {
    if (!postenAccountSettings(context, accountId).deleteDocumentsAfterFiling) return [];
    const candidates = context.db
      .prepare(
        `SELECT * FROM jobs WHERE account_id = ? AND status = 'completed' AND json_extract(provider_data, '$.deleteDocumentsUrl') IS NOT NULL
           AND EXISTS (SELECT 1 FROM artifacts WHERE artifacts.job_id = jobs.id AND format = 'pades' AND state = 'filed')`,
      )
      .all(accountId) as JobRow[];
    const due = candidates.filter((job) => canDeleteDocumentsAt(deleteDocumentsFrom(job, context.db.prepare('SELECT * FROM signers WHERE job_id = ?').all(job.id) as SignerRow[]), context.now()));
    return due.map((job) => job.id);
  },
  storedSigningUrl(job, signer) {
    if (job.flow !== 'direct' || job.status !== 'in_progress' || signer.status !== 'waiting') return null;
    return readProviderData<{ redirectUrl: string }>(signer.provider_data).redirectUrl ?? null;
  },
  capabilities(_context, job, signers) {
    return { canCancel: job.status === 'in_progress' && Boolean(postenJobData(job).cancelUrl), documentsDeletableFrom: deleteDocumentsFrom(job, signers) };
  },
  getAccount: getPostenAccount,
  deleteSecrets: deletePostenAccountSecrets,
  reasonOfCode: (code) => postenErrorReasons[code],
};

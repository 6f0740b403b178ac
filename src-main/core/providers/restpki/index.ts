import type { CoreContext } from '../../context';
import { CoreError } from '../../errors';
import { readJobRow, readSigners } from '../../jobs/read';
import type { Provider, ProviderSession } from '../types';
import { deleteRestPkiAccountSecrets, getRestPkiAccount, probeRestPki, restPkiSettingsOf, type RestPkiAccountSettings } from './accounts';
import { RestPkiClient } from './client';
import { restPkiReasonOfCode } from './errors';
import { checkRestPkiJob, prepareRestPkiSubmission, storedCertificate, storedRedirectUrl, withdrawJob } from './sessions';

function openSession(context: CoreContext, settings: RestPkiAccountSettings): ProviderSession {
  const client = new RestPkiClient(settings.connection);
  const deps = { context, client, settings };
  return {
    signerTrust: settings.signerTrust,
    async prepare(jobId, returns) {
      if (readJobRow(context.db, jobId).flow !== 'restpki') throw new CoreError('VALIDATION', 'This way of signing is not available in this version.', { reason: 'job.flowNotAvailable' });
      return prepareRestPkiSubmission(context, client, settings, jobId, returns);
    },
    check: (jobId, returns) => checkRestPkiJob(deps, jobId, returns),
    /** A session's address may be opened again until it expires (about 4 hours): the one made with it is handed out. */
    async signingUrl(jobId, signerId) {
      const signer = readSigners(context.db, jobId).find((s) => s.id === signerId);
      const url = signer ? storedRedirectUrl(signer) : undefined;
      if (!signer || !url || signer.status !== 'waiting') throw new CoreError('CONFLICT', 'This signer cannot sign now.', { reason: 'job.signerCannotSign' });
      return url;
    },
    fetch: (origin, consume) => client.download(origin, consume),
    async cancel(jobId) {
      // Rest PKI Core has no way to cancel a session: the job is stopped here, and says so.
      withdrawJob(context, jobId);
      return 'withdrawn';
    },
    probe: () => probeRestPki(client, settings.connection.endpoint),
    close: () => client.close(),
  };
}

/** Lacuna Rest PKI Core: signature sessions, one per signer, chained in order (sessions.ts). */
export const restPkiProvider: Provider = {
  service: 'restpki',
  flows: ['restpki'],
  async open(context, accountId) {
    return openSession(context, await restPkiSettingsOf(context, accountId));
  },
  storedSigningUrl(job, signer) {
    if (job.flow !== 'restpki' || job.status !== 'in_progress' || signer.status !== 'waiting') return null;
    return storedRedirectUrl(signer) ?? null;
  },
  /** "Withdraw": a running job can always be stopped here, though not at the service. */
  capabilities: (_context, job) => ({ canCancel: job.status === 'in_progress', documentsDeletableFrom: null }),
  getAccount: getRestPkiAccount,
  deleteSecrets: deleteRestPkiAccountSecrets,
  reasonOfCode: restPkiReasonOfCode,
  signerCertificate: storedCertificate,
};

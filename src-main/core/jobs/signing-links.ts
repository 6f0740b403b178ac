import type { SigningLink } from '../../../src-shared/contract';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import type { ProviderSession } from '../providers/types';
import { scheduleFastChecks } from '../sync/job-checks';
import { serviceFailure } from './actions';
import { appendJobEvent } from './events-log';
import { accountRemovedOf, readJobRow, readSigners } from './read';

/**
 * Where each open signer (or the one asked for) signs now. Flows whose addresses work once ask the
 * service for a fresh one each time. Handing one out means someone is likely to sign soon: the job
 * is asked about often for a while.
 */
export async function signingLinks(context: CoreContext, session: () => Promise<ProviderSession>, jobId: string, signerId?: string): Promise<SigningLink[]> {
  const job = readJobRow(context.db, jobId);
  if (accountRemovedOf(context.db, job)) throw new CoreError('CONFLICT', 'The account of this job was removed.', { reason: 'job.accountRemoved' });
  const open = await session();
  if (!open.signingUrl) throw new CoreError('CONFLICT', 'Signers of this job are notified by the service and sign there.', { reason: 'job.noSigningLink' });
  const signers = readSigners(context.db, jobId).filter((s) => (signerId ? s.id === signerId : true));
  if (signerId && signers.length === 0) throw new CoreError('NOT_FOUND', 'There is no such signer in this job.', { reason: 'job.notFound' });
  // In a flow whose signers sign one after another, only the one whose step it is can sign now.
  const openSigners = signers.filter((s) => job.status === 'in_progress' && s.status === 'waiting' && (job.active_step === null || s.step === job.active_step));
  if (signerId && openSigners.length === 0) throw new CoreError('CONFLICT', 'This signer cannot sign now.', { reason: 'job.signerCannotSign' });
  const links: SigningLink[] = [];
  for (const signer of openSigners) {
    try {
      links.push({ signerId: signer.id, position: signer.position, url: await open.signingUrl(jobId, signer.id) });
    } catch (error) {
      throw error instanceof CoreError ? error : serviceFailure(error);
    }
  }
  if (links.length > 0) {
    scheduleFastChecks(context, jobId);
    appendJobEvent(context.db, { jobId, at: context.now().toISOString(), kind: 'signing-links', actor: 'administrator', data: { signers: links.map((l) => l.position) } });
  }
  return links;
}

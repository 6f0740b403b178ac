import type { Flow } from '../../../src-shared/domain';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import type { z } from 'zod';
import type { AddAccountInput, UpdatePostenAccountInput } from '../../../src-shared/contract';
import { postenProvider } from './posten';
import { addPostenAccount, testDraftPostenAccount, testPostenAccountUpdate, updatePostenAccount } from './posten/accounts';
import { restPkiProvider } from './restpki';
import { addRestPkiAccount, testDraftRestPkiAccount, testRestPkiAccountUpdate, updateRestPkiAccount } from './restpki/accounts';
import { tridentProvider } from './trident';
import { addTridentAccount, testDraftTridentAccount } from './trident/accounts';
import type { Provider } from './types';

/**
 * Which provider serves each flow: the one place that names the services' folders (a lint rule
 * keeps it so). The engine, the job actions and the hosts ask here.
 */
const providers: readonly Provider[] = [postenProvider, restPkiProvider, tridentProvider];

export const allProviders = (): readonly Provider[] => providers;

export function providerOfFlow(flow: Flow): Provider {
  const provider = providers.find((candidate) => candidate.flows.includes(flow));
  if (!provider) throw new CoreError('VALIDATION', 'This way of signing is not available in this version.', { reason: 'job.flowNotAvailable' });
  return provider;
}

/** The provider of an account, by the service stored with it. */
export function providerOfAccount(context: CoreContext, accountId: string): Provider {
  const row = context.db.prepare('SELECT provider FROM accounts WHERE id = ?').get(accountId) as { provider: string } | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'There is no such account.', { reason: 'account.notFound' });
  const provider = providers.find((candidate) => candidate.service === row.provider);
  if (!provider) throw new CoreError('VALIDATION', 'This kind of account is not available in this version.', { reason: 'account.notFound' });
  return provider;
}

/** The user's words for a service's stored error code, from whichever provider knows it. */
export function reasonOfServiceCode(code: string): string | undefined {
  for (const provider of providers) {
    const reason = provider.reasonOfCode?.(code);
    if (reason) return reason;
  }
  return undefined;
}

type AddInput = z.output<typeof AddAccountInput>;
type UpdateInput = z.output<typeof UpdatePostenAccountInput>;

/** A new account, added by its service's provider. */
export function addAccount(context: CoreContext, input: AddInput) {
  switch (input.service) {
    case 'posten':
      return addPostenAccount(context, input);
    case 'trident':
      return addTridentAccount(context, input);
    case 'restpki':
      return addRestPkiAccount(context, input);
  }
}

/** The connection test of an account not saved yet. */
export function testDraftAccount(context: CoreContext, input: AddInput) {
  switch (input.service) {
    case 'posten':
      return testDraftPostenAccount(context, input);
    case 'trident':
      return testDraftTridentAccount(context, input);
    case 'restpki':
      return testDraftRestPkiAccount(context, input);
  }
}

/** An account as the contract shows it, whatever its service. */
export const getAccount = (context: CoreContext, accountId: string) => providerOfAccount(context, accountId).getAccount(context, accountId);

/** A change to an account's settings, by its service's rules (an API key only for Rest PKI Core). */
export function updateAccount(context: CoreContext, input: UpdateInput) {
  if (providerOfAccount(context, input.id) === restPkiProvider) return updateRestPkiAccount(context, input);
  if (input.apiKey) throw new CoreError('VALIDATION', 'A Posten account has no API key; it signs in with its enterprise certificate.', { reason: 'restpki.settingNotForService' });
  return updatePostenAccount(context, input);
}

/** The connection test of an account as the edit form would change it. */
export function testAccountUpdate(context: CoreContext, input: UpdateInput) {
  if (providerOfAccount(context, input.id) === restPkiProvider) return testRestPkiAccountUpdate(context, input);
  return testPostenAccountUpdate(context, input);
}

export { dismissUnmatchedChange, listUnmatchedChanges, countUnmatchedChanges } from './posten/queue';

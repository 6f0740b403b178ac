import type { z } from 'zod';
import type { AccountDetail, AddTridentAccountInput, ConnectionTestResult } from '../../../../src-shared/contract';
import type { LabelSets } from '../../../../src-shared/domain';
import { ensureSaveFolder } from '../../accounts/save-folder';
import type { CoreContext } from '../../context';
import { certificatesInPem } from '../../credentials/pem';
import { insertAccount } from '../../db/repositories/accounts';
import { CoreError } from '../../errors';
import { decodeStoredFailure, describeFailure } from '../../failure';
import { languageOf } from '../../language';
import { TridentClient, type TridentConnection } from './client';
import { TridentError } from './errors';

type AddInput = z.output<typeof AddTridentAccountInput>;

/** What a TRIDENT account keeps in `accounts.config`; the client secret is in the secret store only. */
interface TridentAccountConfig {
  authorizationServer: string;
  clientId: string;
  labels?: LabelSets;
  signaturePolicy?: string;
  caCertificatesPem?: string[];
  saveFolder?: string;
}

interface AccountRow {
  id: string;
  name: string;
  api_root: string;
  config: string;
  is_demo: number;
  last_sync_at: string | null;
  last_poll_error: string | null;
  removed_at: string | null;
}

const secretKey = (accountId: string) => `trident-account:${accountId}:client-secret`;

export async function deleteTridentAccountSecrets(context: CoreContext, accountId: string): Promise<void> {
  await context.ports.secrets.delete(secretKey(accountId));
}

/** The host root as stored: no trailing slash, so the API's paths are added to it one way only. */
const baseUrlOf = (input: string) => input.replace(/\/+$/, '');

/** The CA file's certificates; a file that holds none is refused at its field. */
function caCertificatesOf(pem: string | undefined): string[] | undefined {
  if (pem === undefined || pem.trim() === '') return undefined;
  const certificates = certificatesInPem(pem);
  if (certificates.length === 0) {
    const message = 'The CA certificate file holds no PEM certificates.';
    throw new CoreError('VALIDATION', message, { reason: 'certificate.caFileEmpty', issues: [{ path: 'caCertificatesPem', message, code: 'certificate.caFileEmpty' }] });
  }
  return certificates;
}

function connectionOf(context: CoreContext, baseUrl: string, config: TridentAccountConfig, clientSecret: string): TridentConnection {
  return {
    baseUrl,
    authorizationServer: config.authorizationServer,
    clientId: config.clientId,
    clientSecret,
    caPems: config.caCertificatesPem,
    signedFileMaxBytes: context.config.signedFileMaxBytes,
  };
}

/** A failed connection test as the result the UI and the CLI word; a failure is a result, not an error. */
function probeFailure(error: unknown): ConnectionTestResult {
  if (error instanceof TridentError) return { ok: false, message: error.detail, reason: error.reason };
  const failure = describeFailure(error);
  return { ok: false, message: failure.detail ?? String(error), reason: failure.reason ?? 'network.failed', params: failure.params };
}

/** "Test connection": a fresh token from the authorization server, over a client of its own. */
export async function probeTrident(context: CoreContext, connection: TridentConnection, client?: TridentClient): Promise<ConnectionTestResult> {
  const own = client ?? new TridentClient(connection, { now: () => context.now() });
  try {
    const { lifetimeSeconds } = await own.probe();
    return { ok: true, message: `A token was issued, valid for ${lifetimeSeconds} seconds.`, tokenLifetimeSeconds: lifetimeSeconds };
  } catch (error) {
    return probeFailure(error);
  } finally {
    if (!client) await own.close();
  }
}

function configOf(input: AddInput): TridentAccountConfig {
  return {
    authorizationServer: input.authorizationServer,
    clientId: input.clientId,
    labels: input.labels,
    signaturePolicy: input.signaturePolicy,
    caCertificatesPem: caCertificatesOf(input.caCertificatesPem),
    saveFolder: input.saveFolder,
  };
}

/** The connection test before saving: the same checks as adding, then one token; nothing is stored. */
export async function testDraftTridentAccount(context: CoreContext, input: AddInput): Promise<ConnectionTestResult> {
  return probeTrident(context, connectionOf(context, baseUrlOf(input.baseUrl), configOf(input), input.clientSecret));
}

export async function addTridentAccount(context: CoreContext, input: AddInput): Promise<AccountDetail> {
  const config = configOf(input);
  if (input.saveFolder && input.saveFolder !== context.ports.saveTarget.defaultFolder(languageOf(context))) ensureSaveFolder(input.saveFolder, input.createSaveFolder === true);
  const id = context.newId();
  await context.ports.secrets.set(secretKey(id), Buffer.from(input.clientSecret, 'utf8'));
  try {
    insertAccount(context.db, {
      id,
      provider: 'trident',
      name: input.name,
      // The contract's environments are Posten's; a TRIDENT installation is named by its address.
      environment: 'custom',
      apiRoot: baseUrlOf(input.baseUrl),
      config: config as unknown as Record<string, unknown>,
      isDemo: input.isDemo,
      now: context.now().toISOString(),
    });
  } catch (error) {
    await context.ports.secrets.delete(secretKey(id)).catch(() => undefined);
    throw error;
  }
  context.events.emit('accounts.changed', {});
  return getTridentAccount(context, id);
}

/** A removed account's row stays for its jobs, but to everything that would use it, it is gone. */
function readAccountRow(context: CoreContext, id: string): AccountRow {
  const row = context.db
    .prepare("SELECT id, name, api_root, config, is_demo, last_sync_at, last_poll_error, removed_at FROM accounts WHERE id = ? AND provider = 'trident'")
    .get(id) as AccountRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'There is no such account.', { reason: 'account.notFound' });
  if (row.removed_at) throw new CoreError('NOT_FOUND', `The account “${row.name}” was removed. Its jobs are kept for reference only.`, { reason: 'account.removed', params: { name: row.name } });
  return row;
}

export function tridentAccountSettings(context: CoreContext, accountId: string): TridentAccountConfig & { baseUrl: string; saveFolder: string } {
  const row = readAccountRow(context, accountId);
  const config = JSON.parse(row.config) as TridentAccountConfig;
  return { ...config, baseUrl: row.api_root, saveFolder: config.saveFolder ?? context.ports.saveTarget.defaultFolder(languageOf(context)) };
}

/** The account as the contract shows any account: Posten's fields neutral, TRIDENT's own in `trident`. */
export function getTridentAccount(context: CoreContext, id: string): AccountDetail {
  const row = readAccountRow(context, id);
  const settings = tridentAccountSettings(context, id);
  const failure = decodeStoredFailure(row.last_poll_error);
  return {
    id: row.id,
    service: 'trident',
    name: row.name,
    environment: 'custom',
    apiRoot: row.api_root,
    organizationNumber: '',
    pollingQueue: '',
    saveFolder: settings.saveFolder,
    deleteDocumentsAfterFiling: true,
    isDemo: row.is_demo === 1,
    certificate: null,
    lastSyncAt: row.last_sync_at,
    nextPollAt: null,
    lastPollError: failure?.detail ?? null,
    lastPollErrorReason: failure?.reason ?? null,
    pollWarning: null,
    trident: {
      baseUrl: row.api_root,
      authorizationServer: settings.authorizationServer,
      clientId: settings.clientId,
      labels: settings.labels ?? [],
      signaturePolicy: settings.signaturePolicy ?? null,
      privateCa: Boolean(settings.caCertificatesPem?.length),
    },
  };
}

/** Everything the client needs for this account, the secret from the secret store. */
export async function tridentConnectionOf(context: CoreContext, accountId: string): Promise<TridentConnection> {
  const row = readAccountRow(context, accountId);
  const secret = await context.ports.secrets.get(secretKey(accountId));
  if (!secret) throw new CoreError('VALIDATION', 'The client secret of this account is missing from the secret store; add the account again.', { reason: 'trident.secretMissing' });
  return connectionOf(context, row.api_root, JSON.parse(row.config) as TridentAccountConfig, secret.toString('utf8'));
}

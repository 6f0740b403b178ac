import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { z } from 'zod';
import { restPkiEndpoints, type AccountDetail, type AddRestPkiAccountInput, type ConnectionTestResult, type UpdatePostenAccountInput } from '../../../../src-shared/contract';
import type { FailureParams, FailureReason } from '../../../../src-shared/failure';
import type { CoreContext } from '../../context';
import { CoreError } from '../../errors';
import { describeFailure } from '../../failure';
import { languageOf } from '../../language';
import { insertAccount } from '../../db/repositories/accounts';
import { ensureSaveFolder } from '../../accounts/save-folder';
import { RestPkiClient, type RestPkiConnection } from './client';
import { RestPkiError } from './errors';

type AddInput = z.output<typeof AddRestPkiAccountInput>;
type UpdateInput = z.output<typeof UpdatePostenAccountInput>;

/** What a Rest PKI Core account keeps in `accounts.config`; the API key is in the secret store only. */
interface RestPkiAccountConfig {
  securityContextId?: string;
  caCertificatesPem?: string[];
  saveFolder?: string;
}

interface AccountRow {
  id: string;
  name: string;
  environment: AccountDetail['environment'];
  api_root: string;
  config: string;
  is_demo: number;
  last_sync_at: string | null;
  removed_at: string | null;
}

const secretKey = (accountId: string) => `restpki-account:${accountId}:api-key`;

export async function deleteRestPkiAccountSecrets(context: CoreContext, accountId: string): Promise<void> {
  await context.ports.secrets.delete(secretKey(accountId));
}

/** The certificates in a PEM file; a block that is no certificate is left out. */
function splitPems(text: string): string[] {
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).filter((pem) => {
    try {
      return Boolean(new X509Certificate(pem));
    } catch {
      return false;
    }
  });
}

function fieldError(path: string, message: string, why: { reason: FailureReason; params?: FailureParams }): CoreError {
  return new CoreError('VALIDATION', message, { ...why, issues: [{ path, message, code: why.reason }] });
}

/** Lacuna's own instances by name, for the account list; any other address is an on-premises one. */
function environmentOf(endpoint: string): AccountDetail['environment'] {
  const origin = new URL(endpoint).origin;
  if (origin === restPkiEndpoints.saas) return 'production';
  if (origin === restPkiEndpoints.homologation) return 'test';
  return 'custom';
}

/** The endpoint as stored: its origin and path without a trailing slash (`https://core.pki.rest`). */
const normalEndpoint = (endpoint: string) => endpoint.trim().replace(/\/+$/, '');

function caOf(input: { caCertificatesPem?: string }): string[] | undefined {
  if (input.caCertificatesPem === undefined) return undefined;
  const pems = splitPems(input.caCertificatesPem);
  if (pems.length === 0) throw fieldError('caCertificatesPem', 'The CA certificate file holds no PEM certificates.', { reason: 'certificate.caFileEmpty' });
  return pems;
}

/**
 * The connection test: one question whose answer shows the address, the TLS trust and the key are
 * right (reference A2: the key is checked on every call). A failure is a result, not an error.
 */
async function probe(connection: RestPkiConnection, client = new RestPkiClient(connection), close = true): Promise<ConnectionTestResult> {
  try {
    await client.probe();
    return { ok: true, message: `Rest PKI Core at ${connection.endpoint} accepted the API key.`, keyAccepted: true };
  } catch (error) {
    if (error instanceof RestPkiError) return { ok: false, message: error.detail, reason: error.reason };
    const failure = describeFailure(error);
    return { ok: false, message: failure.detail ?? String(error), reason: failure.reason ?? 'network.failed', params: failure.params };
  } finally {
    if (close) await client.close();
  }
}

export const probeRestPki = (client: RestPkiClient, endpoint: string) => probe({ endpoint, apiKey: '' }, client, false);

/** The connection test before saving: the same checks as adding, then one question; nothing is stored. */
export async function testDraftRestPkiAccount(_context: CoreContext, input: AddInput): Promise<ConnectionTestResult> {
  return probe({ endpoint: normalEndpoint(input.endpoint), apiKey: input.apiKey, caCertificatesPem: caOf(input) });
}

export async function addRestPkiAccount(context: CoreContext, input: AddInput): Promise<AccountDetail> {
  const caCertificatesPem = caOf(input);
  if (input.saveFolder && input.saveFolder !== context.ports.saveTarget.defaultFolder(languageOf(context))) ensureSaveFolder(input.saveFolder, input.createSaveFolder === true);
  const id = context.newId();
  const endpoint = normalEndpoint(input.endpoint);
  const config: RestPkiAccountConfig = { securityContextId: input.securityContextId, caCertificatesPem, saveFolder: input.saveFolder };
  await context.ports.secrets.set(secretKey(id), Buffer.from(input.apiKey, 'utf8'));
  insertAccount(context.db, {
    id,
    provider: 'restpki',
    name: input.name,
    environment: environmentOf(endpoint),
    apiRoot: endpoint,
    config: config as Record<string, unknown>,
    isDemo: input.isDemo,
    now: context.now().toISOString(),
  });
  context.events.emit('accounts.changed', {});
  return getRestPkiAccount(context, id);
}

/** A removed account's row stays for its jobs, but to everything that would use it, it is gone. */
function readAccountRow(context: CoreContext, id: string): AccountRow {
  const row = context.db
    .prepare("SELECT id, name, environment, api_root, config, is_demo, last_sync_at, removed_at FROM accounts WHERE id = ? AND provider = 'restpki'")
    .get(id) as AccountRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'There is no such account.', { reason: 'account.notFound' });
  if (row.removed_at) throw new CoreError('NOT_FOUND', `The account “${row.name}” was removed. Its jobs are kept for reference only.`, { reason: 'account.removed', params: { name: row.name } });
  return row;
}

/** The account as the contract shows every account; the fields that are Posten's hold neutral values. */
export function getRestPkiAccount(context: CoreContext, id: string): AccountDetail {
  const row = readAccountRow(context, id);
  const config = JSON.parse(row.config) as RestPkiAccountConfig;
  return {
    id: row.id,
    service: 'restpki',
    name: row.name,
    environment: row.environment,
    apiRoot: row.api_root,
    organizationNumber: '',
    pollingQueue: '',
    saveFolder: config.saveFolder ?? context.ports.saveTarget.defaultFolder(languageOf(context)),
    deleteDocumentsAfterFiling: false,
    isDemo: row.is_demo === 1,
    certificate: null,
    lastSyncAt: row.last_sync_at,
    nextPollAt: null,
    lastPollError: null,
    lastPollErrorReason: null,
    pollWarning: null,
    restpki: { endpoint: row.api_root, securityContextId: config.securityContextId ?? null, customCa: Boolean(config.caCertificatesPem?.length) },
  };
}

export interface RestPkiAccountSettings {
  connection: RestPkiConnection;
  securityContextId?: string;
  /** The CA certificates a signer's certificate must chain to: the account's own, else the system's roots. */
  signerTrust: string[];
}

/** Everything the client needs for this account, the key from the secret store. */
export async function restPkiSettingsOf(context: CoreContext, accountId: string): Promise<RestPkiAccountSettings> {
  const row = readAccountRow(context, accountId);
  const config = JSON.parse(row.config) as RestPkiAccountConfig;
  const secret = await context.ports.secrets.get(secretKey(accountId));
  if (!secret) throw new CoreError('VALIDATION', 'The API key of this account is missing from the secret store; give it again.', { reason: 'certificate.missingFromStore' });
  return {
    connection: { endpoint: row.api_root, apiKey: secret.toString('utf8'), caCertificatesPem: config.caCertificatesPem, signedFileMaxBytes: context.config.signedFileMaxBytes },
    securityContextId: config.securityContextId,
    signerTrust: config.caCertificatesPem?.length ? config.caCertificatesPem : [...rootCertificates],
  };
}

/** The connection test of the account as the edit form would change it (a new key); nothing is stored. */
export async function testRestPkiAccountUpdate(context: CoreContext, input: UpdateInput): Promise<ConnectionTestResult> {
  const { connection } = await restPkiSettingsOf(context, input.id);
  return probe(input.apiKey ? { ...connection, apiKey: input.apiKey } : connection);
}

/** Renames, moves the save folder, or replaces the API key; the other settings are the account's identity. */
export async function updateRestPkiAccount(context: CoreContext, input: UpdateInput): Promise<AccountDetail> {
  const row = readAccountRow(context, input.id);
  if (input.certificate || input.pollingQueue || input.deleteDocumentsAfterFiling) {
    throw new CoreError('VALIDATION', 'A Rest PKI Core account has no certificate, polling queue or document deletion to change.', { reason: 'restpki.settingNotForService' });
  }
  const config = JSON.parse(row.config) as RestPkiAccountConfig;
  const defaultFolder = context.ports.saveTarget.defaultFolder(languageOf(context));
  if (input.saveFolder && input.saveFolder !== (config.saveFolder ?? defaultFolder) && input.saveFolder !== defaultFolder) {
    ensureSaveFolder(input.saveFolder, input.createSaveFolder === true);
  }
  if (input.saveFolder !== undefined) config.saveFolder = input.saveFolder || undefined;
  if (input.apiKey) await context.ports.secrets.set(secretKey(input.id), Buffer.from(input.apiKey, 'utf8'));
  context.db
    .prepare('UPDATE accounts SET name = COALESCE(?, name), config = ?, updated_at = ? WHERE id = ?')
    .run(input.name ?? null, JSON.stringify(config), context.now().toISOString(), input.id);
  context.events.emit('accounts.changed', {});
  return getRestPkiAccount(context, input.id);
}

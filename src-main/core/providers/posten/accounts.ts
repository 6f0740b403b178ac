import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { AccountDetail, AddPostenAccountInput, CertificateInfo, ConnectionTestResult, UpdatePostenAccountInput } from '../../../../src-shared/contract';
import type { z } from 'zod';
import type { AddPostenAccountInput as AddSchema } from '../../../../src-shared/contract';
import { formatOrganizationNumber } from '../../../../src-shared/domain';
import type { FailureParams, FailureReason } from '../../../../src-shared/failure';
import type { CoreContext } from '../../context';
import { CoreError } from '../../errors';
import { assertUsableEnterpriseCertificate, describeCertificate } from '../../credentials/certificate-info';
import { holderOfDistinguishedName } from '../../credentials/holder';
import { decodeStoredFailure } from '../../failure';
import { languageOf } from '../../language';
import { loadPkcs12OffThread, type Pkcs12KeyMaterial } from '../../credentials/pkcs12';
import { insertAccount } from '../../db/repositories/accounts';
import type { PostenConnection } from './client';
import { POSTEN_ORGANIZATION_NUMBER } from './server-identity';
import { probeConnection } from './connection-test';
import { postenApiRoots } from './environments';
import { ensureSaveFolder } from '../../accounts/save-folder';

type AddInput = z.output<typeof AddSchema>;

interface PostenAccountConfig {
  caCertificatesPem?: string[];
  serverOrganizationNumber?: string;
  saveFolder?: string;
  deleteDocumentsAfterFiling?: boolean;
  /** Versions before the holders were added stored the certificate without them. */
  certificate?: Omit<CertificateInfo, 'subjectHolder' | 'issuerHolder'> & Partial<Pick<CertificateInfo, 'subjectHolder' | 'issuerHolder'>>;
}

interface AccountRow {
  id: string;
  name: string;
  environment: AccountDetail['environment'];
  api_root: string;
  organization_number: string;
  polling_queue: string;
  config: string;
  is_demo: number;
  last_sync_at: string | null;
  next_poll_at: string | null;
  last_poll_error: string | null;
  poll_warning: string | null;
  removed_at: string | null;
}

const secretKey = (accountId: string) => `posten-account:${accountId}:key`;

/** Deletes every secret a Posten account keeps (its certificate's key), for removing the account. */
export async function deletePostenAccountSecrets(context: CoreContext, accountId: string): Promise<void> {
  await context.ports.secrets.delete(secretKey(accountId));
}

/** The certificates in a PEM file; a block that is no certificate (garbage between the markers) is left out. */
function splitPems(text: string): string[] {
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).filter((pem) => {
    try {
      return Boolean(new X509Certificate(pem));
    } catch {
      return false;
    }
  });
}

/** A polling queue name unique to this installation, so two programs of one organisation never take each other's changes. */
export function installationQueueName(context: CoreContext): string {
  const row = context.db.prepare("SELECT value FROM settings WHERE key = 'installation.id'").get() as { value: string } | undefined;
  if (row) return `signing-desk-${JSON.parse(row.value) as string}`;
  const id = context.newId().replace(/-/g, '').slice(0, 12);
  context.db.prepare("INSERT INTO settings (key, value) VALUES ('installation.id', ?)").run(JSON.stringify(id));
  return `signing-desk-${id}`;
}

/** A refusal the form shows next to one field; the issue's code is the reason that words it. */
function fieldError(path: string, message: string, why: { reason: FailureReason; params?: FailureParams }): CoreError {
  return new CoreError('VALIDATION', message, { ...why, issues: [{ path, message, code: why.reason }] });
}

/**
 * Reads a PKCS#12 upload and checks it is an enterprise certificate fit for TLS and signing, issued
 * to the account's organisation: a certificate of another organisation would be accepted here and
 * then refused by the service on every request in the background.
 */
async function importEnterpriseCertificate(
  context: CoreContext,
  upload: { fileBase64: string; passphrase: string },
  organizationNumber: string,
): Promise<{ material: Pkcs12KeyMaterial; certificate: CertificateInfo }> {
  let material: Pkcs12KeyMaterial;
  try {
    material = await loadPkcs12OffThread(Buffer.from(upload.fileBase64, 'base64'), upload.passphrase);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('VALIDATION', `The certificate file cannot be used: ${(error as Error).message}`, { reason: 'certificate.unreadable' });
  }
  const certificate = assertUsableEnterpriseCertificate(material.certificateChainPems[0], context.now());
  if (!certificate.organizationNumber) {
    throw fieldError('certificate', 'The certificate carries no organisation number, so it is not an enterprise certificate.', { reason: 'account.certificateWithoutOrganization' });
  }
  if (certificate.organizationNumber !== organizationNumber) {
    const params = { certificate: formatOrganizationNumber(certificate.organizationNumber), account: formatOrganizationNumber(organizationNumber) };
    throw fieldError('certificate', `The certificate belongs to ${params.certificate}, but the account is for ${params.account}.`, { reason: 'account.certificateOfOtherOrganization', params });
  }
  return { material, certificate };
}

interface CheckedPostenAccount {
  material: Pkcs12KeyMaterial;
  certificate: CertificateInfo;
  caCertificatesPem?: string[];
  apiRoot: string;
}

/** Every check adding an account makes, without storing anything: shared by adding and by the test before saving. */
async function checkPostenAccount(context: CoreContext, input: AddInput): Promise<CheckedPostenAccount> {
  const { material, certificate } = await importEnterpriseCertificate(context, input.certificate, input.organizationNumber);
  // The contract already requires the file for test and QA; here it must also hold certificates.
  const caCertificatesPem = input.caCertificatesPem ? splitPems(input.caCertificatesPem) : undefined;
  if (input.caCertificatesPem !== undefined && caCertificatesPem?.length === 0) {
    throw fieldError('caCertificatesPem', 'The CA certificate file holds no PEM certificates.', { reason: 'certificate.caFileEmpty' });
  }
  return { material, certificate, caCertificatesPem, apiRoot: input.apiRoot ?? postenApiRoots[input.environment as keyof typeof postenApiRoots] };
}

function connectionOf(
  account: { apiRoot: string; organizationNumber: string; caCertificatesPem?: string[]; serverOrganizationNumber?: string },
  material: Pkcs12KeyMaterial,
): PostenConnection {
  return {
    apiRoot: account.apiRoot,
    organizationNumber: account.organizationNumber,
    privateKeyPem: material.privateKeyPem,
    certificateChainPems: material.certificateChainPems,
    // Without a configured CA, trust the public roots (Buypass and Commfides production roots are among them).
    trustedCaPems: account.caCertificatesPem ?? [...rootCertificates],
    serverOrganizationNumber: account.serverOrganizationNumber ?? POSTEN_ORGANIZATION_NUMBER,
  };
}

/** The connection test before saving: the same checks as adding, then one probe; nothing is stored. */
export async function testDraftPostenAccount(context: CoreContext, input: AddInput): Promise<ConnectionTestResult> {
  const checked = await checkPostenAccount(context, input);
  return probeConnection(
    context,
    connectionOf({ ...checked, organizationNumber: input.organizationNumber, serverOrganizationNumber: input.serverOrganizationNumber }, checked.material),
  );
}

export async function addPostenAccount(context: CoreContext, input: AddInput): Promise<AccountDetail> {
  const { material, certificate, caCertificatesPem, apiRoot } = await checkPostenAccount(context, input);
  if (input.saveFolder && input.saveFolder !== context.ports.saveTarget.defaultFolder(languageOf(context))) ensureSaveFolder(input.saveFolder, input.createSaveFolder === true);
  const id = context.newId();
  const config: PostenAccountConfig = {
    caCertificatesPem,
    serverOrganizationNumber: input.serverOrganizationNumber,
    saveFolder: input.saveFolder,
    deleteDocumentsAfterFiling: input.deleteDocumentsAfterFiling ?? false,
    certificate,
  };
  await context.ports.secrets.set(secretKey(id), Buffer.from(JSON.stringify(material)));
  insertAccount(context.db, {
    id,
    provider: 'posten',
    name: input.name,
    environment: input.environment,
    apiRoot,
    organizationNumber: input.organizationNumber,
    pollingQueue: input.pollingQueue ?? installationQueueName(context),
    config: config as Record<string, unknown>,
    isDemo: input.isDemo,
    now: context.now().toISOString(),
  });
  context.events.emit('accounts.changed', {});
  return getPostenAccount(context, id);
}

/** A removed account's row stays for its jobs, but to everything that would use it, it is gone. */
function readAccountRow(context: CoreContext, id: string): AccountRow {
  const row = context.db
    .prepare("SELECT id, name, environment, api_root, organization_number, polling_queue, config, is_demo, last_sync_at, next_poll_at, last_poll_error, poll_warning, removed_at FROM accounts WHERE id = ? AND provider = 'posten'")
    .get(id) as AccountRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'There is no such account.', { reason: 'account.notFound' });
  if (row.removed_at) throw new CoreError('NOT_FOUND', `The account “${row.name}” was removed. Its jobs are kept for reference only.`, { reason: 'account.removed', params: { name: row.name } });
  return row;
}

export function getPostenAccount(context: CoreContext, id: string): AccountDetail {
  const row = readAccountRow(context, id);
  const config = JSON.parse(row.config) as PostenAccountConfig;
  // Re-evaluated on every read so the expiry warning appears without re-importing.
  // Holders are derived from the names when an older version stored the certificate without them.
  const stored = config.certificate;
  const certificate = stored
    ? {
        ...stored,
        subjectHolder: stored.subjectHolder ?? holderOfDistinguishedName(stored.subject),
        issuerHolder: stored.issuerHolder ?? holderOfDistinguishedName(stored.issuer),
        state: stateNow(stored, context.now()),
      }
    : null;
  return {
    id: row.id,
    service: 'posten',
    name: row.name,
    environment: row.environment,
    apiRoot: row.api_root,
    organizationNumber: row.organization_number,
    pollingQueue: row.polling_queue,
    saveFolder: config.saveFolder ?? context.ports.saveTarget.defaultFolder(languageOf(context)),
    deleteDocumentsAfterFiling: config.deleteDocumentsAfterFiling ?? false,
    isDemo: row.is_demo === 1,
    certificate,
    lastSyncAt: row.last_sync_at,
    nextPollAt: row.next_poll_at,
    ...lastPollError(row.last_poll_error),
    pollWarning: row.poll_warning ? (JSON.parse(row.poll_warning) as AccountDetail['pollWarning']) : null,
  };
}

function stateNow(info: Pick<CertificateInfo, 'validFrom' | 'validTo'>, now: Date): CertificateInfo['state'] {
  const from = new Date(info.validFrom);
  const to = new Date(info.validTo);
  if (now < from) return 'not-yet-valid';
  if (now > to) return 'expired';
  return to.getTime() - now.getTime() < 30 * 86_400_000 ? 'expiring' : 'valid';
}

/** Everything the Posten client needs for this account, key material from the SecretStore. */
export async function postenConnectionOf(context: CoreContext, accountId: string): Promise<PostenConnection> {
  const row = readAccountRow(context, accountId);
  const config = JSON.parse(row.config) as PostenAccountConfig;
  const secret = await context.ports.secrets.get(secretKey(accountId));
  if (!secret) throw new CoreError('VALIDATION', 'The certificate of this account is missing from the secret store; import it again.', { reason: 'certificate.missingFromStore' });
  const material = JSON.parse(secret.toString('utf8')) as Pkcs12KeyMaterial;
  // The cap on a signed file is the installation's (tests lower it), not the account's.
  return { ...connectionOf({ ...config, apiRoot: row.api_root, organizationNumber: row.organization_number }, material), signedFileMaxBytes: context.config.signedFileMaxBytes };
}

/** The connection test of an account as the edit form would change it (a renewed certificate); nothing is stored. */
export async function testPostenAccountUpdate(context: CoreContext, input: z.output<typeof UpdatePostenAccountInput>): Promise<ConnectionTestResult> {
  if (!input.certificate) return probeConnection(context, await postenConnectionOf(context, input.id));
  const row = readAccountRow(context, input.id);
  const config = JSON.parse(row.config) as PostenAccountConfig;
  const { material } = await importEnterpriseCertificate(context, input.certificate, row.organization_number);
  return probeConnection(context, connectionOf({ ...config, apiRoot: row.api_root, organizationNumber: row.organization_number }, material));
}

export function postenAccountSettings(context: CoreContext, accountId: string): { saveFolder: string; deleteDocumentsAfterFiling: boolean; pollingQueue: string; organizationNumber: string } {
  const detail = getPostenAccount(context, accountId);
  return { saveFolder: detail.saveFolder, deleteDocumentsAfterFiling: detail.deleteDocumentsAfterFiling, pollingQueue: detail.pollingQueue, organizationNumber: detail.organizationNumber };
}

export type { AddPostenAccountInput };
export { describeCertificate };

export async function updatePostenAccount(context: CoreContext, input: z.output<typeof UpdatePostenAccountInput>): Promise<AccountDetail> {
  const before = readAccountRow(context, input.id);
  // Read off the main thread first, so the settings below are read and written with nothing in between.
  const renewed = input.certificate ? await importEnterpriseCertificate(context, input.certificate, before.organization_number) : undefined;
  const row = readAccountRow(context, input.id);
  const config = JSON.parse(row.config) as PostenAccountConfig;
  // Only a changed folder is checked: renaming an account whose drive is unplugged right now must work.
  // The app's own default folder is created when first needed (downloads.ts).
  const defaultFolder = context.ports.saveTarget.defaultFolder(languageOf(context));
  if (input.saveFolder && input.saveFolder !== (config.saveFolder ?? defaultFolder) && input.saveFolder !== defaultFolder) {
    ensureSaveFolder(input.saveFolder, input.createSaveFolder === true);
  }
  if (input.saveFolder !== undefined) config.saveFolder = input.saveFolder || undefined;
  if (input.deleteDocumentsAfterFiling !== undefined) config.deleteDocumentsAfterFiling = input.deleteDocumentsAfterFiling;
  if (renewed) {
    config.certificate = renewed.certificate;
    await context.ports.secrets.set(secretKey(input.id), Buffer.from(JSON.stringify(renewed.material)));
  }
  context.db
    .prepare('UPDATE accounts SET name = COALESCE(?, name), polling_queue = COALESCE(?, polling_queue), config = ?, updated_at = ? WHERE id = ?')
    .run(input.name ?? null, input.pollingQueue ?? null, JSON.stringify(config), context.now().toISOString(), input.id);
  context.events.emit('accounts.changed', {});
  return getPostenAccount(context, input.id);
}

function lastPollError(stored: string | null): { lastPollError: string | null; lastPollErrorReason: string | null } {
  const failure = decodeStoredFailure(stored);
  return { lastPollError: failure?.detail ?? null, lastPollErrorReason: failure?.reason ?? null };
}

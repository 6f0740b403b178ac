import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreContext } from '../../context';
import { readDocuments, readJobRow, readSigners, type JobRow } from '../../jobs/read';
import type { PortalJobOptions, PortalSignerOptions } from '../../jobs/create-job';
import type { PreparedSubmission } from '../types';
import { postenConnectionOf, postenAccountSettings } from './accounts';
import { writeDocumentBundle } from './bundle';
import type { PostenClient } from './client';
import type { IdentifierInSignedDocuments, PortalJobSpec } from './model';
import { writePortalJobRequest, writePortalManifest } from './xml/write';

const IDENTIFIER: Record<NonNullable<PortalJobOptions['identifierInSignedDocuments']>, IdentifierInSignedDocuments> = {
  PIN_AND_NAME: 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME',
  DOB_AND_NAME: 'DATE_OF_BIRTH_AND_NAME',
  NAME: 'NAME',
};

export function portalJobSpec(context: CoreContext, job: JobRow): PortalJobSpec {
  const account = postenAccountSettings(context, job.account_id);
  const options = JSON.parse(job.options) as PortalJobOptions;
  return {
    organizationNumber: account.organizationNumber,
    reference: job.service_reference ?? job.reference ?? undefined,
    pollingQueue: account.pollingQueue,
    title: job.title,
    nonsensitiveTitle: job.nonsensitive_title ?? undefined,
    description: job.description ?? undefined,
    documents: readDocuments(context.db, job.id).map((d) => ({ title: d.title, fileName: d.file_name, mimeType: d.mime_type })),
    signers: readSigners(context.db, job.id).map((s) => {
      const signerOptions = JSON.parse(s.options) as PortalSignerOptions;
      return {
        order: s.step - 1,
        nationalIdentityNumber: s.national_identity_number ?? undefined,
        email: s.email ?? undefined,
        mobile: s.mobile ?? undefined,
        notificationsUsingLookup: signerOptions.lookup ? { sms: signerOptions.lookup === 'email+sms' } : undefined,
        onBehalfOf: signerOptions.onBehalfOf,
        signatureType: signerOptions.signatureType === 'AUTHENTICATED' ? 'AUTHENTICATED_ELECTRONIC_SIGNATURE' : signerOptions.signatureType === 'ADVANCED' ? 'ADVANCED_ELECTRONIC_SIGNATURE' : undefined,
      };
    }),
    requiredAuthentication: options.requiredAuthentication,
    activationTime: options.activationTime ? new Date(options.activationTime) : undefined,
    availableSeconds: options.availableSeconds,
    identifierInSignedDocuments: options.identifierInSignedDocuments ? IDENTIFIER[options.identifierInSignedDocuments] : undefined,
  };
}

/** The signed bundle is built beside the job's documents for one send, and removed after it. */
const BUNDLE_FILE = 'bundle.zip.tmp';
const bundlePathOf = (context: CoreContext, jobId: string) => join(context.documentsDir, jobId, BUNDLE_FILE);

/**
 * Bundles a process left behind when it stopped while sending. Called only by the holder of the
 * sync lease before its first pass, when no process can be sending; the job's documents stay,
 * since a queued or outcome-unknown job is sent again from them.
 */
export async function removeLeftoverBundles(context: CoreContext): Promise<number> {
  let folders: string[];
  try {
    folders = await readdir(context.documentsDir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const folder of folders) {
    const bundle = join(context.documentsDir, folder, BUNDLE_FILE);
    const found = await rm(bundle).then(() => true, () => false);
    if (found) removed++;
  }
  return removed;
}

/**
 * Builds a portal job's signed bundle beside its documents, ready to send. Documents are streamed
 * from their files into the bundle file, and from there to the service.
 */
export async function preparePortalSubmission(context: CoreContext, client: PostenClient, jobId: string): Promise<PreparedSubmission> {
  const job = readJobRow(context.db, jobId);
  const spec = portalJobSpec(context, job);
  const connection = await postenConnectionOf(context, job.account_id);
  const documents = readDocuments(context.db, jobId).map((d) => ({ fileName: d.file_name, mimeType: d.mime_type, path: d.storage_path }));
  const bundlePath = bundlePathOf(context, jobId);
  const discard = () => rm(bundlePath, { force: true });
  const bytes = await writeDocumentBundle(
    {
      documents,
      manifestXml: writePortalManifest(spec),
      key: { privateKeyPem: connection.privateKeyPem, certificateChainPems: connection.certificateChainPems },
      signingTime: context.now(),
    },
    bundlePath,
  ).catch(async (error: unknown) => {
    await discard();
    throw error;
  });
  const requestXml = writePortalJobRequest(spec);
  return {
    async send() {
      const created = await client.createPortalJob(requestXml, { path: bundlePath });
      return { serviceJobId: created.signatureJobId, serviceStatus: 'IN_PROGRESS', providerData: { cancelUrl: created.cancellationUrl }, bytes };
    },
    discard,
  };
}

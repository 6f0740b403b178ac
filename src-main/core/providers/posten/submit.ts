import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreContext } from '../../context';
import { readDocuments, readJobRow, readSigners, type JobRow } from '../../jobs/read';
import type { PortalJobOptions, PortalSignerOptions } from '../../jobs/create-job';
import type { CreatedJob, PreparedSubmission, ReturnAddresses } from '../types';
import { directIdentifierOf } from './direct-identifier';
import { postenConnectionOf, postenAccountSettings } from './accounts';
import { writeDocumentBundle } from './bundle';
import type { PostenClient } from './client';
import type { DirectExitUrls, DirectJobSpec, IdentifierInSignedDocuments, PortalJobSpec, SignatureType } from './model';
import { writeDirectJobRequest, writeDirectManifest, writePortalJobRequest, writePortalManifest } from './xml/write';

const IDENTIFIER: Record<NonNullable<PortalJobOptions['identifierInSignedDocuments']>, IdentifierInSignedDocuments> = {
  PIN_AND_NAME: 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME',
  DOB_AND_NAME: 'DATE_OF_BIRTH_AND_NAME',
  NAME: 'NAME',
};

const signatureTypeOf = (options: PortalSignerOptions): SignatureType | undefined =>
  options.signatureType === 'AUTHENTICATED' ? 'AUTHENTICATED_ELECTRONIC_SIGNATURE' : options.signatureType === 'ADVANCED' ? 'ADVANCED_ELECTRONIC_SIGNATURE' : undefined;

/** What both flows' requests and manifests say about the sender, the job and its documents. */
function commonSpec(context: CoreContext, job: JobRow) {
  const account = postenAccountSettings(context, job.account_id);
  return {
    organizationNumber: account.organizationNumber,
    reference: job.service_reference ?? job.reference ?? undefined,
    pollingQueue: account.pollingQueue,
    title: job.title,
    description: job.description ?? undefined,
    documents: readDocuments(context.db, job.id).map((d) => ({ title: d.title, fileName: d.file_name, mimeType: d.mime_type })),
  };
}

export function portalJobSpec(context: CoreContext, job: JobRow): PortalJobSpec {
  const options = JSON.parse(job.options) as PortalJobOptions;
  return {
    ...commonSpec(context, job),
    nonsensitiveTitle: job.nonsensitive_title ?? undefined,
    signers: readSigners(context.db, job.id).map((s) => {
      const signerOptions = JSON.parse(s.options) as PortalSignerOptions;
      return {
        order: s.step - 1,
        nationalIdentityNumber: s.national_identity_number ?? undefined,
        email: s.email ?? undefined,
        mobile: s.mobile ?? undefined,
        notificationsUsingLookup: signerOptions.lookup ? { sms: signerOptions.lookup === 'email+sms' } : undefined,
        onBehalfOf: signerOptions.onBehalfOf,
        signatureType: signatureTypeOf(signerOptions),
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
 * Builds a job's signed bundle beside its documents, ready to send: documents are streamed from
 * their files into the bundle file, and from there to the service. The bundle is the same for both
 * flows; the manifest and the create request say which.
 */
async function prepareBundle(context: CoreContext, job: JobRow, manifestXml: string, send: (bundle: { path: string }) => Promise<CreatedJob>): Promise<PreparedSubmission> {
  const connection = await postenConnectionOf(context, job.account_id);
  const documents = readDocuments(context.db, job.id).map((d) => ({ fileName: d.file_name, mimeType: d.mime_type, path: d.storage_path }));
  const bundlePath = bundlePathOf(context, job.id);
  const discard = () => rm(bundlePath, { force: true });
  const bytes = await writeDocumentBundle(
    { documents, manifestXml, key: { privateKeyPem: connection.privateKeyPem, certificateChainPems: connection.certificateChainPems }, signingTime: context.now() },
    bundlePath,
  ).catch(async (error: unknown) => {
    await discard();
    throw error;
  });
  return {
    send: async () => ({ ...(await send({ path: bundlePath })), bytes }),
    discard,
  };
}

export async function preparePortalSubmission(context: CoreContext, client: PostenClient, jobId: string): Promise<PreparedSubmission> {
  const job = readJobRow(context.db, jobId);
  const spec = portalJobSpec(context, job);
  const requestXml = writePortalJobRequest(spec);
  return prepareBundle(context, job, writePortalManifest(spec), async (bundle) => {
    const created = await client.createPortalJob(requestXml, bundle);
    return { serviceJobId: created.signatureJobId, serviceStatus: 'IN_PROGRESS', providerData: { cancelUrl: created.cancellationUrl } };
  });
}

export function directJobSpec(context: CoreContext, job: JobRow, exitUrls: DirectExitUrls): DirectJobSpec {
  const options = JSON.parse(job.options) as PortalJobOptions;
  return {
    ...commonSpec(context, job),
    signers: readSigners(context.db, job.id).map((s) => {
      const signerOptions = JSON.parse(s.options) as PortalSignerOptions;
      const identity = s.national_identity_number ? { nationalIdentityNumber: s.national_identity_number } : { customIdentifier: signerOptions.customIdentifier ?? `signer-${s.position + 1}` };
      return { ...identity, onBehalfOf: signerOptions.onBehalfOf, signatureType: signatureTypeOf(signerOptions) };
    }),
    requiredAuthentication: options.requiredAuthentication,
    identifierInSignedDocuments: options.identifierInSignedDocuments ? IDENTIFIER[options.identifierInSignedDocuments] : undefined,
    exitUrls,
    statusRetrievalMethod: 'POLLING',
  };
}

/**
 * A direct job: exit URLs at the return listener (the job's own path; Posten sends every signer of
 * the job back to them) and POLLING on the account's queue, so a signer who signs elsewhere is seen
 * too. Each signer's first signing address and the resource that renews it are kept with the signer.
 */
export async function prepareDirectSubmission(context: CoreContext, client: PostenClient, jobId: string, returns: ReturnAddresses): Promise<PreparedSubmission> {
  const job = readJobRow(context.db, jobId);
  const exit = (kind: 'completion' | 'rejection' | 'error') => {
    const url = returns.forJob(kind);
    if (!url) throw new Error('The return listener has no address for this job.');
    return url;
  };
  const spec = directJobSpec(context, job, { completion: exit('completion'), rejection: exit('rejection'), error: exit('error') });
  const requestXml = writeDirectJobRequest(spec);
  const signers = readSigners(context.db, jobId);
  return prepareBundle(context, job, writeDirectManifest(spec), async (bundle) => {
    const created = await client.createDirectJob(requestXml, bundle);
    const bySigner: CreatedJob['signers'] = {};
    for (const answered of created.signers) {
      const signer = signers.find((s) => directIdentifierOf(s) === answered.identifier);
      if (signer) bySigner[signer.id] = { remoteRef: answered.identifier, providerData: { redirectUrl: answered.redirectUrl, signerUrl: answered.signerUrl } };
    }
    return { serviceJobId: created.signatureJobId, serviceStatus: 'IN_PROGRESS', providerData: { statusUrl: created.statusUrl ?? null }, signers: bySigner };
  });
}

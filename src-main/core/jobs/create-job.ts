import { copyFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { z } from 'zod';
import type { CreateJobInput } from '../../../src-shared/contract';
import { compactMobileNumber, flowRules } from '../../../src-shared/domain';
import type { CoreContext } from '../context';
import { providerOfAccount, providerOfFlow } from '../providers/registry';
import { readStagedDocument } from '../documents/staging';
import { CoreError } from '../errors';
import { appendJobEvent } from './events-log';
import { keepPrivate, makePrivateFolder } from '../private-files';

type CreateInput = z.output<typeof CreateJobInput>;

/** Options kept on the job row for the submit step. */
export interface PortalJobOptions {
  availableSeconds?: number;
  activationTime?: string;
  requiredAuthentication?: 3 | 4;
  identifierInSignedDocuments?: 'PIN_AND_NAME' | 'DOB_AND_NAME' | 'NAME';
}

/** A Rest PKI Core job's session options, kept on the job row beside the others. */
export interface RestPkiJobOptions {
  backgroundProcessing?: boolean;
  disableDownloads?: boolean;
}

export interface PortalSignerOptions {
  /** Direct flow: the signer is known to the service by this instead of a national identity number. */
  customIdentifier?: string;
  lookup?: 'email' | 'email+sms';
  onBehalfOf?: 'SELF' | 'OTHER';
  signatureType?: 'ADVANCED' | 'AUTHENTICATED';
  /** Rest PKI Core: only a certificate carrying this CPF may sign (11 digits). */
  cpf?: string;
}

/** The Java client's entry names: a 4-digit position and the title reduced to safe characters. */
export function bundleFileName(position: number, title: string, mimeType: string, originalName: string): string {
  const safe = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/[^0-9a-z._-]+/g, '_')
    .slice(0, 80);
  const extension = mimeType === 'application/pdf' ? '.pdf' : extname(originalName).toLowerCase() || '.txt';
  return `${String(position).padStart(4, '0')}_${safe || 'document'}${extension}`;
}

export function searchTextOf(
  title: string,
  reference: string | null | undefined,
  signers: { name?: string | null; nationalIdentityNumber?: string | null; email?: string | null; mobile?: string | null }[],
): string {
  return [title, reference ?? '', ...signers.flatMap((s) => [s.name ?? '', s.email ?? '', s.mobile ?? '', s.nationalIdentityNumber ?? ''])]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/**
 * Stores a composed job in the outbox (status queued): documents copied into the job's own folder,
 * rows written in one transaction. Submitting is the outbox's job, so nothing is lost if the
 * network or the app goes away now. The flow's provider must be the account's.
 */
export function createJob(context: CoreContext, input: CreateInput): string {
  const provider = providerOfFlow(input.flow);
  if (providerOfAccount(context, input.accountId) !== provider) {
    throw new CoreError('VALIDATION', 'This account cannot send jobs for this way of signing.', { reason: 'job.wrongAccountForFlow' });
  }
  provider.getAccount(context, input.accountId);
  const staged = input.documents.map((document) => ({ ...readStagedDocument(context, document.stagedId), title: document.title }));
  const broken = staged.find((d) => d.staged.problem);
  if (broken) throw new CoreError('VALIDATION', `${broken.staged.fileName}: ${broken.staged.problemMessage}`, { reason: 'document.unusable', params: { name: broken.staged.fileName } });

  const jobId = context.newId();
  const now = context.now();
  const at = now.toISOString();
  const jobDir = join(context.documentsDir, jobId);
  makePrivateFolder(jobDir);
  const documents = staged.map((document, position) => {
    const fileName = bundleFileName(position, document.title, document.staged.mimeType, document.staged.fileName);
    const storagePath = join(jobDir, fileName);
    copyFileSync(document.path, storagePath);
    keepPrivate(storagePath, 'file');
    return { ...document, position, fileName, storagePath };
  });

  const portal = input.flow === 'portal' ? input : undefined;
  const restpki = input.flow === 'restpki' ? input : undefined;
  const options: PortalJobOptions & RestPkiJobOptions & { labels?: string[][] } =
    input.flow === 'trident'
      ? { labels: input.labels }
      : {
          availableSeconds: portal ? (portal.availableSeconds ?? (portal.availableDays ? portal.availableDays * 86400 : undefined)) : flowRules[input.flow].fixedLifetimeSeconds,
          activationTime: portal?.activationTime,
          requiredAuthentication: 'requiredAuthentication' in input ? input.requiredAuthentication : undefined,
          identifierInSignedDocuments: 'identifierInSignedDocuments' in input ? input.identifierInSignedDocuments : undefined,
          backgroundProcessing: restpki?.backgroundProcessing,
          disableDownloads: restpki?.disableDownloads,
        };
  const start = options.activationTime ? new Date(options.activationTime) : now;
  // A flow without a deadline or a fixed lifetime (TRIDENT documents none) has no deadline to show.
  const lifetimeSeconds = portal ? (options.availableSeconds ?? 30 * 86400) : options.availableSeconds;
  const deadline = lifetimeSeconds === undefined ? null : new Date(start.getTime() + lifetimeSeconds * 1000).toISOString();
  // The number is stored, sent and matched exactly as typed (spaces aside): see compactMobileNumber.
  // Direct-flow signers have no order: one step, all at once. Signers of an ordered flow without
  // steps of their own (Rest PKI Core, TRIDENT) sign one after another in the order given.
  const signers = input.signers.map((signer, position) => ({
    name: signer.name,
    nationalIdentityNumber: 'nationalIdentityNumber' in signer ? signer.nationalIdentityNumber : undefined,
    email: 'email' in signer ? signer.email : undefined,
    mobile: 'mobile' in signer && signer.mobile ? compactMobileNumber(signer.mobile) : undefined,
    step: 'step' in signer ? signer.step : flowRules[input.flow].orderedSigners ? position + 1 : 1,
    options: {
      customIdentifier: 'customIdentifier' in signer ? signer.customIdentifier : undefined,
      lookup: 'lookup' in signer ? signer.lookup : undefined,
      onBehalfOf: 'onBehalfOf' in signer ? signer.onBehalfOf : undefined,
      signatureType: 'signatureType' in signer ? signer.signatureType : undefined,
      cpf: 'cpf' in signer && signer.cpf ? signer.cpf : undefined,
    } satisfies PortalSignerOptions,
    position,
  }));

  const db = context.db;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO jobs (id, account_id, flow, status, title, nonsensitive_title, description, reference, options, signer_total, signer_signed, active_step, deadline, search_text, next_submit_at, created_at, updated_at)
       VALUES (@id, @accountId, @flow, 'queued', @title, @nonsensitiveTitle, @description, @reference, @options, @total, 0, 1, @deadline, @search, @at, @at, @at)`,
    ).run({
      id: jobId,
      flow: input.flow,
      accountId: input.accountId,
      title: input.title,
      nonsensitiveTitle: input.nonsensitiveTitle || null,
      description: input.description || null,
      reference: input.reference || null,
      options: JSON.stringify(options),
      total: signers.length,
      deadline,
      search: searchTextOf(input.title, input.reference, signers.map((s) => ({ ...s, name: [s.name, s.options.customIdentifier, s.options.cpf].filter(Boolean).join(' ') }))),
      at,
    });
    const insertDocument = db.prepare(
      'INSERT INTO documents (id, job_id, position, title, file_name, mime_type, size, sha256, storage_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const d of documents) insertDocument.run(context.newId(), jobId, d.position, d.title, d.fileName, d.staged.mimeType, d.staged.size, d.staged.sha256, d.storagePath);
    const insertSigner = db.prepare(
      `INSERT INTO signers (id, job_id, position, step, name, national_identity_number, email, mobile, options, status, status_since)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'not_sent', ?)`,
    );
    for (const s of signers) {
      insertSigner.run(context.newId(), jobId, s.position, s.step, s.name || null, s.nationalIdentityNumber || null, s.email || null, s.mobile || null, JSON.stringify(s.options), at);
    }
    appendJobEvent(db, { jobId, at, kind: 'created', actor: 'administrator', data: { documents: documents.length, signers: signers.length } });
  })();
  return jobId;
}

import { copyFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { z } from 'zod';
import type { CreatePortalJobInput } from '../../../src-shared/contract';
import { compactMobileNumber } from '../../../src-shared/domain';
import { getPostenAccount } from '../accounts/posten-accounts';
import type { CoreContext } from '../context';
import { readStagedDocument } from '../documents/staging';
import { CoreError } from '../errors';
import { appendJobEvent } from './events-log';
import { keepPrivate, makePrivateFolder } from '../private-files';

type CreateInput = z.output<typeof CreatePortalJobInput>;

/** Options kept on the job row for the submit step. */
export interface PortalJobOptions {
  availableSeconds?: number;
  activationTime?: string;
  requiredAuthentication?: 3 | 4;
  identifierInSignedDocuments?: 'PIN_AND_NAME' | 'DOB_AND_NAME' | 'NAME';
}

export interface PortalSignerOptions {
  lookup?: 'email' | 'email+sms';
  onBehalfOf?: 'SELF' | 'OTHER';
  signatureType?: 'ADVANCED' | 'AUTHENTICATED';
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
 * Stores a composed job in the outbox (status QUEUED): documents copied into the job's own folder,
 * rows written in one transaction. Submitting is the outbox's job, so nothing is lost if the
 * network or the app goes away now.
 */
export function createPortalJob(context: CoreContext, input: CreateInput): string {
  getPostenAccount(context, input.accountId);
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

  const options: PortalJobOptions = {
    availableSeconds: input.availableSeconds ?? (input.availableDays ? input.availableDays * 86400 : undefined),
    activationTime: input.activationTime,
    requiredAuthentication: input.requiredAuthentication,
    identifierInSignedDocuments: input.identifierInSignedDocuments,
  };
  const start = input.activationTime ? new Date(input.activationTime) : now;
  const deadline = new Date(start.getTime() + (options.availableSeconds ?? 30 * 86400) * 1000).toISOString();
  // The number is stored, sent and matched exactly as typed (spaces aside): see compactMobileNumber.
  const signers = input.signers.map((signer, position) => ({ ...signer, mobile: signer.mobile ? compactMobileNumber(signer.mobile) : undefined, position }));

  const db = context.db;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO jobs (id, account_id, flow, status, title, nonsensitive_title, description, reference, options, signer_total, signer_signed, active_step, deadline, search_text, next_submit_at, created_at, updated_at)
       VALUES (@id, @accountId, 'portal', 'QUEUED', @title, @nonsensitiveTitle, @description, @reference, @options, @total, 0, 1, @deadline, @search, @at, @at, @at)`,
    ).run({
      id: jobId,
      accountId: input.accountId,
      title: input.title,
      nonsensitiveTitle: input.nonsensitiveTitle || null,
      description: input.description || null,
      reference: input.reference || null,
      options: JSON.stringify(options),
      total: signers.length,
      deadline,
      search: searchTextOf(input.title, input.reference, signers),
      at,
    });
    const insertDocument = db.prepare(
      'INSERT INTO documents (id, job_id, position, title, file_name, mime_type, size, sha256, storage_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const d of documents) insertDocument.run(context.newId(), jobId, d.position, d.title, d.fileName, d.staged.mimeType, d.staged.size, d.staged.sha256, d.storagePath);
    const insertSigner = db.prepare(
      `INSERT INTO signers (id, job_id, position, step, name, national_identity_number, email, mobile, options, status, status_since)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'NOT_SENT', ?)`,
    );
    for (const s of signers) {
      const signerOptions: PortalSignerOptions = { lookup: s.lookup, onBehalfOf: s.onBehalfOf, signatureType: s.signatureType };
      insertSigner.run(context.newId(), jobId, s.position, s.step, s.name || null, s.nationalIdentityNumber || null, s.email || null, s.mobile || null, JSON.stringify(signerOptions), at);
    }
    appendJobEvent(db, { jobId, at, kind: 'created', actor: 'administrator', data: { documents: documents.length, signers: signers.length } });
  })();
  return jobId;
}

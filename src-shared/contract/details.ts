import { z } from 'zod';
import { Id, inputLimits, jsonObjectWithin } from './limits';
import { Environment, JobSummary } from './schemas';

export const CertificateInfo = z.object({
  subject: z.string(),
  issuer: z.string(),
  organizationNumber: z.string().nullable(),
  serialNumber: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** 'expiring' within 30 days. */
  state: z.enum(['valid', 'expiring', 'expired', 'not-yet-valid']),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

export const AddPostenAccountInput = z
  .object({
    name: z.string().trim().min(1, 'Give the account a name.').max(100),
    environment: Environment,
    /** Required for `custom`; overrides the environment's root otherwise. */
    apiRoot: z.url({ protocol: /^https$/ }).max(inputLimits.url).optional(),
    organizationNumber: z.string().regex(/^\d{9}$/, 'An organisation number has 9 digits.').max(9),
    pollingQueue: z.string().trim().min(1).max(100).optional(),
    certificate: z.object({ fileBase64: z.string().min(1).max(1_000_000), passphrase: z.string().max(1000) }).strict(),
    /** PEM CA certificates the service's certificate must chain to (custom roots such as the sandbox). */
    caCertificatesPem: z.string().max(1_000_000).optional(),
    serverOrganizationNumber: z.string().regex(/^\d{9}$/).max(9).optional(),
    saveFolder: z.string().max(inputLimits.path).optional(),
    deleteDocumentsAfterFiling: z.boolean().optional(),
    isDemo: z.boolean().optional(),
  })
  .strict()
  .refine((input) => input.environment !== 'custom' || input.apiRoot, { path: ['apiRoot'], message: 'A custom environment needs an API root URL.' });
export type AddPostenAccountInput = z.input<typeof AddPostenAccountInput>;

export const AccountDetail = z.object({
  id: z.string(),
  name: z.string(),
  environment: Environment,
  apiRoot: z.string(),
  organizationNumber: z.string(),
  pollingQueue: z.string(),
  saveFolder: z.string(),
  deleteDocumentsAfterFiling: z.boolean(),
  isDemo: z.boolean(),
  certificate: CertificateInfo.nullable(),
  lastSyncAt: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  lastPollError: z.string().nullable(),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

export const ConnectionTestResult = z.object({ ok: z.boolean(), message: z.string() });

export const SignerDetail = z.object({
  id: z.string(),
  position: z.number().int(),
  step: z.number().int(),
  nationalIdentityNumber: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  /** As the service names it: WAITING, SIGNED, REJECTED, ... */
  status: z.string(),
  statusSince: z.string().nullable(),
});

export const DocumentDetail = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
});

export const JobEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actor: z.enum(['service', 'administrator', 'app']),
  data: z.record(z.string(), z.unknown()),
});

export const DownloadDetail = z.object({
  id: z.string(),
  kind: z.enum(['pades', 'xades']),
  signerId: z.string().nullable(),
  state: z.enum(['pending', 'archived', 'filed', 'failed']),
  archivePath: z.string().nullable(),
  savedPath: z.string().nullable(),
  sha256: z.string().nullable(),
  /** Whether the signatures in the downloaded file check out; null until downloaded. */
  verified: z.boolean().nullable(),
  verification: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const JobDetail = JobSummary.extend({
  nonsensitiveTitle: z.string().nullable(),
  description: z.string().nullable(),
  serviceJobId: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  nextSubmitAt: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  canCancel: z.boolean(),
  canDeleteDocuments: z.boolean(),
  signers: z.array(SignerDetail),
  documents: z.array(DocumentDetail),
  events: z.array(JobEvent),
  downloads: z.array(DownloadDetail),
});
export type JobDetail = z.infer<typeof JobDetail>;

export const SyncReport = z.object({
  submitted: z.number().int(),
  statusChanges: z.number().int(),
  filed: z.number().int(),
  errors: z.array(z.string()),
});
export type SyncReport = z.infer<typeof SyncReport>;

export const UpdatePostenAccountInput = z
  .object({
    id: Id,
    name: z.string().trim().min(1).max(100).optional(),
    pollingQueue: z.string().trim().min(1).max(100).optional(),
    saveFolder: z.string().max(inputLimits.path).optional(),
    deleteDocumentsAfterFiling: z.boolean().optional(),
    /** A renewed enterprise certificate replaces the old one. */
    certificate: z.object({ fileBase64: z.string().min(1).max(1_000_000), passphrase: z.string().max(1000) }).strict().optional(),
  })
  .strict();
export type UpdatePostenAccountInput = z.input<typeof UpdatePostenAccountInput>;

/** Compose saves what the administrator has typed so far; the payload is the renderer's own form state. */
export const SaveDraftInput = z
  .object({
    id: Id.optional(),
    accountId: Id,
    title: z.string().max(200),
    payload: jsonObjectWithin(inputLimits.draftPayloadChars),
  })
  .strict();

export const DraftDetail = z.object({ id: z.string(), accountId: z.string(), title: z.string(), payload: z.record(z.string(), z.unknown()), updatedAt: z.string() });
export type DraftDetail = z.infer<typeof DraftDetail>;

import { z } from 'zod';
import { RECENT_SAVE_FOLDERS } from './folders';
import { JobAttention, ServiceProblem } from './attention';
import { Id } from './limits';
import { JOB_STATUSES, SIGNER_STATUSES } from '../domain/status';
import { FLOWS } from '../domain/flows';

export const LanguageSetting = z.enum(['system', 'nb', 'en']);
export const ThemeSetting = z.enum(['system', 'light', 'dark']);

export const Settings = z.object({
  language: LanguageSetting,
  theme: ThemeSetting,
  /** Where signed files are copied; empty means the app's own archive only. */
  saveFolder: z.string(),
  fileNamePattern: z.string().min(1).max(200),
  /** Folders the signed files were last saved to by hand, newest first (the save dialog offers them). */
  recentSaveFolders: z.array(z.string().max(4096)).max(RECENT_SAVE_FOLDERS),
  notifications: z.object({
    signerSigned: z.boolean(),
    jobFinished: z.boolean(),
    needsAttention: z.boolean(),
    fileSaved: z.boolean(),
  }),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    language: LanguageSetting,
    theme: ThemeSetting,
    saveFolder: z.string().max(4096),
    fileNamePattern: z.string().trim().min(1).max(200),
    notifications: Settings.shape.notifications.partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const HostKind = z.enum(['electron', 'web', 'memory', 'cli']);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  dataDir: z.string(),
  databasePath: z.string(),
  osLanguage: z.string(),
  /** The web host stores secrets in a plain file; the UI says so. */
  secretStorage: z.enum(['os-keychain', 'file-insecure', 'memory']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ProviderKind = z.enum(['posten', 'restpki', 'trident']);
export const Environment = z.enum(['production', 'test', 'qa', 'custom']);

/** A poll time the service named that the app did not obey (it waits at most 10 minutes). */
export const PollWarning = z.object({
  reason: z.literal('poll-time-far-ahead'),
  /** The time the service named, on its own clock. */
  requestedUntil: z.string(),
  /** How far ahead of the service's own clock that was. */
  requestedWaitSeconds: z.number(),
  /** When the app polls instead. */
  pollsAgainAt: z.string(),
  at: z.string(),
});
export type PollWarning = z.infer<typeof PollWarning>;

export const AccountSummary = z.object({
  id: z.string(),
  provider: ProviderKind,
  name: z.string(),
  environment: Environment,
  organizationNumber: z.string().nullable(),
  isDemo: z.boolean(),
  lastSyncAt: z.string().nullable(),
  /** Set while calls to the service fail (the status bar names it); null once a call succeeds. */
  serviceProblem: ServiceProblem.nullable(),
  createdAt: z.string(),
  pollWarning: PollWarning.nullable(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const JobStatus = z.enum(JOB_STATUSES);
export const SignerStatus = z.enum(SIGNER_STATUSES);
export type SignerStatus = z.infer<typeof SignerStatus>;
export type JobStatus = z.infer<typeof JobStatus>;

/** The list's tabs; each maps to a set of job statuses in the core, among the jobs not archived; `archived` is the archive. */
export const JobFilter = z.enum(['all', 'inProgress', 'needsAttention', 'completed', 'drafts', 'archived']);
export type JobFilter = z.infer<typeof JobFilter>;

export const SignerProgress = z.object({
  total: z.number().int(),
  signed: z.number().int(),
  /** 1-based step the job waits for, null when nobody is waiting. */
  activeStep: z.number().int().nullable(),
});

/** The signer whose refusal ended a job (signer REJECTED, job FAILED in Posten's words). */
export const RejectingSigner = z.object({
  position: z.number().int(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
});
export type RejectingSigner = z.infer<typeof RejectingSigner>;

export const JobSummary = z.object({
  id: z.string(),
  accountId: z.string(),
  flow: z.enum(FLOWS),
  title: z.string(),
  reference: z.string().nullable(),
  status: JobStatus,
  progress: SignerProgress,
  deadline: z.string().nullable(),
  updatedAt: z.string(),
  createdAt: z.string(),
  /** Set when a signer's refusal ended the job, so lists can say who rather than "Failed". */
  rejectedBy: RejectingSigner.nullable(),
  /** Why the job needs the administrator; null when it does not. */
  attention: JobAttention.nullable(),
  /** Set while the job is in the archive (out of the other tabs); null otherwise. */
  archivedAt: z.string().nullable(),
  /** The job's account was removed: the job is kept for reference, read-only. */
  accountRemoved: z.boolean(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const JobListQuery = z
  .object({
    filter: JobFilter.default('all'),
    search: z.string().trim().max(200).default(''),
    accountId: Id.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type JobListQuery = z.input<typeof JobListQuery>;

export const JobListPage = z.object({
  items: z.array(JobSummary),
  total: z.number().int(),
  counts: z.record(JobFilter, z.number().int()),
});
export type JobListPage = z.infer<typeof JobListPage>;

export const NotificationKind = z.enum(['signerSigned', 'jobFinished', 'needsAttention', 'fileSaved']);
export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  jobId: z.string().optional(),
  at: z.string(),
});
export type Notification = z.infer<typeof Notification>;

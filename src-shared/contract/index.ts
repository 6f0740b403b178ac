import { z } from 'zod';
import {
  AccountSummary,
  AppInfo,
  JobListPage,
  JobListQuery,
  Notification,
  Settings,
  SettingsPatch,
} from './schemas';
import { CreateJobInput, maxStagedContentChars, StageDocumentInput, StagedDocument } from './compose';
import { FolderCheck, FolderPathInput, folderPathText } from './folders';
import {
  AccountDetail,
  AccountRemoval,
  AccountRemovalImpact,
  AddPostenAccountInput,
  ConnectionTestResult,
  DraftDetail,
  JobDetail,
  RemoveAccountInput,
  SaveDraftInput,
  SigningLink,
  SyncReport,
  UnmatchedChange,
  UpdatePostenAccountInput,
} from './details';

export * from './schemas';
export * from './attention';
export * from './compose';
export * from './details';
export * from './folders';
export * from './limits';
import { channelOf } from './channels';
import { Id } from './limits';

const NoInput = z.object({}).strict().default({});
const ById = z.object({ id: Id }).strict();

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

/**
 * Every method the renderer may call, declared once. Channel names, the WebSocket protocol and
 * the core's input validation are derived from this object; the preload's functions come from
 * METHOD_NAMES (names.ts), a plain list checked against it.
 */
export const methods = {
  'app.info': method(NoInput, AppInfo),
  'settings.get': method(NoInput, Settings),
  'settings.update': method(SettingsPatch, Settings),
  'accounts.list': method(NoInput, z.object({ items: z.array(AccountSummary) })),
  'accounts.addPosten': method(AddPostenAccountInput, AccountDetail),
  'accounts.get': method(ById, AccountDetail),
  'accounts.update': method(UpdatePostenAccountInput, AccountDetail),
  'accounts.test': method(ById, ConnectionTestResult),
  /** The connection test before saving: the same input as addPosten; nothing is stored. */
  'accounts.testDraft': method(AddPostenAccountInput, ConnectionTestResult),
  /** The connection test of an account with the edit form's changes (a new certificate); nothing is stored. */
  'accounts.testUpdate': method(UpdatePostenAccountInput, ConnectionTestResult),
  /** What removing the account would do: the numbers its confirmation states. */
  'accounts.removalImpact': method(ById, AccountRemovalImpact),
  /** Removes the account and its secrets; its jobs stay, read-only; unfinished ones only with stopFollowingUnfinished. */
  'accounts.remove': method(RemoveAccountInput, AccountRemoval),
  'documents.stage': method(StageDocumentInput, StagedDocument),
  'jobs.list': method(JobListQuery, JobListPage),
  'jobs.get': method(ById, JobDetail),
  /** Stores a composed job of any flow in the outbox; sending is the sync engine's. */
  'jobs.create': method(CreateJobInput, JobDetail),
  /**
   * Where each open signer signs now, renewed where the service allows (a direct-flow address works
   * once). `signerId` limits it to one signer. Flows whose signers are notified by the service have none.
   */
  'jobs.signingLinks': method(z.object({ id: Id, signerId: Id.optional() }).strict(), z.object({ links: z.array(SigningLink) })),
  'jobs.cancel': method(ById, JobDetail),
  /**
   * Puts a job back in the outbox. A job whose outcome is unknown may already exist at the service:
   * sending it again may make two jobs, so that needs `acceptDuplicateRisk: true`.
   */
  'jobs.retrySubmit': method(z.object({ id: Id, acceptDuplicateRisk: z.boolean().optional() }).strict(), JobDetail),
  /** Status changes for jobs this installation cannot place (Needs attention). */
  'jobs.listUnmatched': method(NoInput, z.object({ items: z.array(UnmatchedChange) })),
  /** Confirms an unmatched change at the service and drops it from the list. */
  'jobs.dismissUnmatched': method(ById, z.object({})),
  /** Copies a job's signed files from the archive into the save folder now; a failure stays on the job's attention. */
  'jobs.retryFiling': method(ById, JobDetail),
  'jobs.deleteDocuments': method(ById, JobDetail),
  /** Moves a finished job to the Archived tab (a flag, recorded in its event log); unarchive brings it back. */
  'jobs.archive': method(ById, JobDetail),
  'jobs.unarchive': method(ById, JobDetail),
  /**
   * Saves a job's signed files by hand into a folder the caller names: the web host and the CLI,
   * which have no folder dialog of their own. A host with one (Electron) refuses a named folder:
   * there the window may not choose where files are written; see jobs.saveToChosenFolder.
   */
  'jobs.saveAgain': method(z.object({ id: Id, folder: folderPathText(z.string().min(1)) }).strict(), JobDetail),
  /**
   * Saves a job's signed files by hand into a folder the person picks in the host's own folder
   * dialog, shown by main (Electron). `noDialog` where the host has none (web host, CLI): the window
   * then asks for a folder itself and calls jobs.saveAgain.
   */
  'jobs.saveToChosenFolder': method(
    ById,
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('saved'), folder: z.string(), job: JobDetail }),
      z.object({ outcome: z.literal('cancelled') }),
      z.object({ outcome: z.literal('noDialog') }),
    ]),
  ),
  'drafts.save': method(SaveDraftInput, z.object({ id: z.string() })),
  'drafts.get': method(ById, DraftDetail),
  'drafts.delete': method(ById, z.object({})),
  /** Whether a typed folder can take saved files: exists, can be created, or why not. */
  'folders.check': method(FolderPathInput, FolderCheck),
  /** Creates the last level of a folder whose parent exists (never a whole path, as mkdir -p would). */
  'folders.create': method(FolderPathInput, FolderCheck),
  /**
   * Shows a signed file in its folder in the OS file manager: a download's saved (or archived) file,
   * or a job's archived files. It takes ids, never a path: the core decides which file that is.
   */
  'host.showInFolder': method(z.union([z.object({ downloadId: Id }).strict(), z.object({ jobId: Id }).strict()]), z.object({ shown: z.boolean() })),
  'sync.run': method(z.object({ accountId: Id.optional() }).strict().default({}), SyncReport),
} as const;

/** Every event main pushes to the renderer, declared once. */
export const events = {
  'settings.changed': Settings,
  'jobs.changed': z.object({ jobIds: z.array(z.string()) }),
  /** Progress of anything slow: a submit, a download, a sync pass. */
  progress: z.object({
    task: z.string(),
    jobId: z.string().optional(),
    done: z.number(),
    total: z.number(),
    /** Technical English, for logs; the UI words `stage` in the user's language. */
    label: z.string(),
    stage: z.enum(['preparing', 'sending', 'sent', 'downloadingPdf', 'downloadingSignature', 'downloaded', 'saving', 'saved', 'notSaved']).optional(),
  }),
  'accounts.changed': z.object({}),
  notification: Notification,
} as const;

/**
 * The largest request a transport needs to carry: a staged document (the biggest input) plus room
 * for the envelope. Transports refuse anything larger before parsing it.
 */
export const maxRequestBytes = maxStagedContentChars + 1024 * 1024;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export { CHANNEL_PREFIX, channelOf } from './channels';
export { EVENT_NAMES, METHOD_NAMES, splitMethodName } from './names';
export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];
export const methodChannels: readonly string[] = methodNames.map(channelOf);
export const eventChannels: readonly string[] = eventNames.map(channelOf);

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

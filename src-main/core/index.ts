import { randomUUID } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventName } from '../../src-shared/contract';
import type { Dispatcher } from '../../src-shared/rpc';
import { accountRemovalImpact, removeAccount } from './accounts/remove-account';
import { archiveDirOf, databasePathOf, type CoreConfig } from './config';
import { keepPrivate, makePrivateFolder } from './private-files';
import type { CoreContext } from './context';
import { openDatabase } from './db/open';
import { listAccounts } from './db/repositories/accounts';
import { listJobs } from './db/repositories/jobs';
import { readSettings, rememberSaveFolder, updateSettings } from './db/repositories/settings';
import { createDispatch, type Handlers } from './dispatch';
import { discardStagedDocuments, removeAbandonedStagedDocuments, stageDocument } from './documents/staging';
import { checkFolder, createFolder } from './filing/folders';
import { CoreError } from './errors';
import { CoreEvents } from './events';
import { assertDocumentsDeletable, cancelJob, deleteDocumentsAtService, retrySubmit } from './jobs/actions';
import { archiveJob, unarchiveJob } from './jobs/archive';
import { createJob } from './jobs/create-job';
import { signingLinks } from './jobs/signing-links';
import { addAccount, dismissUnmatchedChange, getAccount, listUnmatchedChanges, testAccountUpdate, testDraftAccount, updateAccount } from './providers/registry';
import { deleteDraft, readDraft, saveDraft } from './jobs/drafts';
import { readJobDetail, readJobRow } from './jobs/read';
import { refreshAttentionCount } from './notifications';
import type { Ports } from './ports';
import { showSignedFile } from './filing/show-in-folder';
import { fileDownload } from './sync/downloads';
import { createSyncEngine, type SyncEngine } from './sync/engine';

export type { CoreConfig } from './config';
export type { Ports } from './ports';

export interface Core extends Dispatcher {
  readonly db: Database;
  readonly events: CoreEvents;
  readonly config: CoreConfig;
  readonly sync: SyncEngine;
  readonly context: CoreContext;
  close(): Promise<void>;
}

/** The whole app brain, host-independent: every host hands it ports and serves its dispatcher. */
export function createCore(ports: Ports, config: CoreConfig & { backgroundSync?: boolean }): Core {
  const databasePath = databasePathOf(config);
  // The data folder is the app's own: private to the user, also when an older version made it.
  makePrivateFolder(config.dataDir);
  keepPrivate(config.dataDir, 'folder');
  const db = openDatabase(databasePath);
  const events = new CoreEvents();
  const context: CoreContext = {
    db,
    ports,
    config,
    events,
    archiveDir: archiveDirOf(config),
    documentsDir: join(config.dataDir, 'documents'),
    now: () => ports.clock.now(),
    newId: () => randomUUID(),
  };
  const sync = createSyncEngine(context);
  try {
    removeAbandonedStagedDocuments(context);
  } catch (error) {
    ports.logger.warn('Could not remove abandoned staged documents', { message: (error as Error).message });
  }
  const jobChanged = (jobId: string) => {
    events.emit('jobs.changed', { jobIds: [jobId] });
    refreshAttentionCount(context);
    return readJobDetail(context, jobId);
  };

  /** A job's signed files that can be saved by hand; refused before any folder is asked for when there are none. */
  const savableDownloads = (id: string) => {
    const downloads = db.prepare("SELECT id FROM artifacts WHERE job_id = ? AND state IN ('archived','filed') ORDER BY format DESC, created_at").all(id) as { id: string }[];
    if (downloads.length === 0) throw new CoreError('CONFLICT', 'There is no signed file for this job yet.', { reason: 'job.noSignedFile' });
    return downloads;
  };
  /** Copies a job's signed files into `folder` now (a save by hand), and remembers the folder. */
  const saveByHand = async (id: string, folder: string) => {
    const job = readJobRow(db, id);
    const downloads = savableDownloads(id);
    let saved = 0;
    try {
      for (const download of downloads) {
        events.emit('progress', { task: 'save', jobId: id, done: saved, total: downloads.length, label: 'Saving the signed files', stage: 'saving' });
        await fileDownload(context, job.account_id, download.id, folder);
        saved++;
      }
    } finally {
      // Always close the progress entry, also when a file could not be saved, so no spinner
      // keeps turning; the failure itself goes back to the caller as the error.
      const all = saved === downloads.length;
      events.emit('progress', { task: 'save', jobId: id, done: downloads.length, total: downloads.length, label: all ? 'Saved' : 'Not saved', stage: all ? 'saved' : 'notSaved' });
      if (saved > 0 && saved < downloads.length) events.emit('jobs.changed', { jobIds: [id] });
    }
    events.emit('settings.changed', rememberSaveFolder(db, isAbsolute(folder) ? resolve(folder) : folder));
    return jobChanged(id);
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Signing Desk',
      version: config.version,
      host: config.host,
      dataDir: config.dataDir,
      databasePath,
      osLanguage: config.osLanguage,
      secretStorage: ports.secrets.kind,
    }),
    'settings.get': () => readSettings(db),
    'settings.update': (patch) => {
      const settings = updateSettings(db, patch);
      events.emit('settings.changed', settings);
      return settings;
    },
    'accounts.list': () => ({ items: listAccounts(db) }),
    'accounts.add': (input) => addAccount(context, input),
    'accounts.get': ({ id }) => getAccount(context, id),
    'accounts.update': async (input) => {
      const account = await updateAccount(context, input);
      await sync.forgetClient(input.id);
      return account;
    },
    'accounts.test': async ({ id }) => {
      getAccount(context, id); // a removed or unknown account is refused as such, not tested
      const result = await (await sync.sessionFor(id)).probe();
      // A failed connection may be a stale one: the next attempt starts afresh.
      if (!result.ok) await sync.forgetClient(id);
      return result;
    },
    'accounts.testDraft': (input) => testDraftAccount(context, input),
    'accounts.testUpdate': (input) => testAccountUpdate(context, input),
    'accounts.removalImpact': ({ id }) => accountRemovalImpact(context, id),
    'accounts.remove': async (input) => {
      // Between sync passes, so no pass is submitting or downloading for the account meanwhile.
      try {
        return await sync.exclusive(async () => {
          const removed = await removeAccount(context, input);
          await sync.forgetClient(input.id);
          return removed;
        });
      } finally {
        // Also after a failure past the commit (the secret store): the account is gone either way.
        events.emit('accounts.changed', {});
        events.emit('jobs.changed', { jobIds: [] });
        refreshAttentionCount(context);
      }
    },
    'documents.stage': (input) => stageDocument(context, input),
    'jobs.list': (query) => listJobs(db, query),
    'jobs.get': ({ id }) => readJobDetail(context, id),
    'jobs.create': (input) => {
      const jobId = createJob(context, input);
      if (input.draftId) deleteDraft(context, input.draftId);
      try {
        discardStagedDocuments(context, input.documents.map((document) => document.stagedId));
      } catch (error) {
        // The job is stored: a staged file left behind is removed at a later start.
        ports.logger.warn('Could not remove staged documents', { message: (error as Error).message });
      }
      sync.kick();
      return jobChanged(jobId);
    },
    'jobs.cancel': async ({ id }) => {
      const job = readJobRow(db, id);
      await cancelJob(context, () => sync.sessionFor(job.account_id), id);
      return jobChanged(id);
    },
    'jobs.signingLinks': async ({ id, signerId }) => {
      const job = readJobRow(db, id);
      const links = await signingLinks(context, () => sync.sessionFor(job.account_id), id, signerId);
      events.emit('jobs.changed', { jobIds: [id] });
      return { links };
    },
    'jobs.retrySubmit': ({ id, acceptDuplicateRisk }) => {
      retrySubmit(context, id, { acceptDuplicateRisk: acceptDuplicateRisk === true });
      sync.kick();
      return jobChanged(id);
    },
    'jobs.listUnmatched': () => ({ items: listUnmatchedChanges(context) }),
    'jobs.dismissUnmatched': async ({ id }) => {
      await dismissUnmatchedChange(context, (accountId) => sync.sessionFor(accountId), id);
      events.emit('jobs.changed', { jobIds: [] });
      refreshAttentionCount(context);
      return {};
    },
    'jobs.retryFiling': async ({ id }) => {
      readJobRow(db, id);
      if (!db.prepare("SELECT 1 FROM artifacts WHERE job_id = ? AND state = 'archived'").get(id)) {
        throw new CoreError('CONFLICT', 'No signed file of this job is waiting to be saved.', { reason: 'job.nothingToFile' });
      }
      await sync.retryFiling(id);
      return jobChanged(id);
    },
    'jobs.deleteDocuments': async ({ id }) => {
      // Refused before connecting when the service would refuse anyway.
      const job = assertDocumentsDeletable(context, id);
      await deleteDocumentsAtService(context, await sync.sessionFor(job.account_id), id);
      return jobChanged(id);
    },
    'jobs.saveAgain': async ({ id, folder }) => {
      // A relative folder would be taken from wherever the app happens to run: files land out of sight.
      if (!isAbsolute(folder)) throw new CoreError('VALIDATION', `The folder must be given as a whole path, not "${folder}".`, { reason: 'save.folderNotAbsolute', params: { folder } });
      if (ports.saveTarget.chooseFolder) {
        // A host with its own folder dialog (Electron) lets only that dialog, shown by main, say
        // where files are written by hand: a compromised window must not name a folder.
        throw new CoreError('UNAVAILABLE', 'In this app the folder is chosen in its own folder dialog (jobs.saveToChosenFolder), never named by the window.', { reason: 'save.chooseInDialog' });
      }
      return saveByHand(id, folder);
    },
    'jobs.saveToChosenFolder': async ({ id }) => {
      // Said before any folder is asked for, in whichever host: no such job, nothing to save yet.
      readJobRow(db, id);
      savableDownloads(id);
      const chooseFolder = ports.saveTarget.chooseFolder;
      if (!chooseFolder) return { outcome: 'noDialog' as const };
      const folder = await chooseFolder(readSettings(db).recentSaveFolders[0]);
      if (!folder) return { outcome: 'cancelled' as const };
      return { outcome: 'saved' as const, folder, job: await saveByHand(id, folder) };
    },
    'jobs.archive': ({ id }) => {
      archiveJob(context, id);
      return jobChanged(id);
    },
    'jobs.unarchive': ({ id }) => {
      unarchiveJob(context, id);
      return jobChanged(id);
    },
    'drafts.save': (input) => {
      const saved = saveDraft(context, input);
      events.emit('jobs.changed', { jobIds: [saved.id] });
      return saved;
    },
    'drafts.get': ({ id }) => readDraft(context, id),
    'drafts.delete': ({ id }) => {
      if (!deleteDraft(context, id)) throw new CoreError('NOT_FOUND', 'This draft no longer exists.', { reason: 'draft.notFound' });
      events.emit('jobs.changed', { jobIds: [id] });
      return {};
    },
    'folders.check': ({ path }) => checkFolder(path),
    'folders.create': ({ path }) => createFolder(path),
    'host.showInFolder': async (target) => ({ shown: await showSignedFile(context, target) }),
    'sync.run': ({ accountId }) => sync.runPass(accountId),
  };

  const dispatch = createDispatch(handlers, ports.logger);
  if (config.backgroundSync) sync.start();

  return {
    db,
    events,
    config,
    sync,
    context,
    dispatch,
    subscribe: (listener: (event: EventName, payload: unknown) => void) => events.subscribe(listener),
    async close() {
      await sync.stop();
      if (db.open) db.close();
    },
  };
}

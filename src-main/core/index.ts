import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventName } from '../../src-shared/contract';
import type { Dispatcher } from '../../src-shared/rpc';
import { addPostenAccount, getPostenAccount, updatePostenAccount } from './accounts/posten-accounts';
import { archiveDirOf, databasePathOf, type CoreConfig } from './config';
import { keepPrivate, makePrivateFolder } from './private-files';
import type { CoreContext } from './context';
import { openDatabase } from './db/open';
import { listAccounts } from './db/repositories/accounts';
import { listJobs } from './db/repositories/jobs';
import { readSettings, updateSettings } from './db/repositories/settings';
import { createDispatch, type Handlers } from './dispatch';
import { stageDocument } from './documents/staging';
import { CoreError } from './errors';
import { CoreEvents } from './events';
import { cancelJob, deleteDocumentsAtService, retrySubmit } from './jobs/actions';
import { createPortalJob } from './jobs/create-portal';
import { deleteDraft, readDraft, saveDraft } from './jobs/drafts';
import { readJobDetail, readJobRow } from './jobs/read';
import { refreshAttentionCount } from './notifications';
import type { Ports } from './ports';
import { showSignedFile } from './filing/show-in-folder';
import { fileDownload } from './sync/downloads';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { PostenError } from './providers/posten/errors';

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
  const jobChanged = (jobId: string) => {
    events.emit('jobs.changed', { jobIds: [jobId] });
    refreshAttentionCount(context);
    return readJobDetail(db, jobId);
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
    'accounts.addPosten': (input) => addPostenAccount(context, input),
    'accounts.get': ({ id }) => getPostenAccount(context, id),
    'accounts.update': async (input) => {
      const account = await updatePostenAccount(context, input);
      await sync.forgetClient(input.id);
      return account;
    },
    'accounts.test': async ({ id }) => {
      try {
        const client = await sync.clientFor(id);
        return { ok: true, message: `The service answered: ${await client.probe()}` };
      } catch (error) {
        if (error instanceof CoreError) throw error;
        await sync.forgetClient(id);
        return { ok: false, message: error instanceof PostenError ? error.message : `Could not connect: ${(error as Error).message}` };
      }
    },
    'documents.stage': (input) => stageDocument(context, input),
    'jobs.list': (query) => listJobs(db, query),
    'jobs.get': ({ id }) => readJobDetail(db, id),
    'jobs.createPortal': (input) => {
      const jobId = createPortalJob(context, input);
      if (input.draftId) deleteDraft(context, input.draftId);
      sync.kick();
      return jobChanged(jobId);
    },
    'jobs.cancel': async ({ id }) => {
      const job = readJobRow(db, id);
      await cancelJob(context, await sync.clientFor(job.account_id), id);
      return jobChanged(id);
    },
    'jobs.retrySubmit': ({ id }) => {
      retrySubmit(context, id);
      sync.kick();
      return jobChanged(id);
    },
    'jobs.deleteDocuments': async ({ id }) => {
      const job = readJobRow(db, id);
      await deleteDocumentsAtService(context, await sync.clientFor(job.account_id), id);
      return jobChanged(id);
    },
    'jobs.saveAgain': async ({ id, folder }) => {
      const job = readJobRow(db, id);
      const downloads = db.prepare("SELECT id FROM downloads WHERE job_id = ? AND state IN ('archived','filed') ORDER BY kind DESC, created_at").all(id) as { id: string }[];
      if (downloads.length === 0) throw new CoreError('CONFLICT', 'There is no signed file for this job yet.');
      for (const [index, download] of downloads.entries()) {
        events.emit('progress', { task: 'save', jobId: id, done: index, total: downloads.length, label: 'Saving the signed files' });
        await fileDownload(context, job.account_id, download.id, folder);
      }
      events.emit('progress', { task: 'save', jobId: id, done: downloads.length, total: downloads.length, label: 'Saved' });
      return jobChanged(id);
    },
    'drafts.save': (input) => {
      const saved = saveDraft(context, input);
      events.emit('jobs.changed', { jobIds: [saved.id] });
      return saved;
    },
    'drafts.get': ({ id }) => readDraft(context, id),
    'drafts.delete': ({ id }) => {
      deleteDraft(context, id);
      events.emit('jobs.changed', { jobIds: [id] });
      return {};
    },
    'host.chooseFolder': async ({ defaultPath }) => ({ path: (await ports.saveTarget.chooseFolder?.(defaultPath)) ?? null }),
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

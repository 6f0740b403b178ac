import type { SyncReport } from '../../../src-shared/contract';
import type { CoreContext } from '../context';
import { deleteDocumentsAtService } from '../jobs/actions';
import { readJobRow } from '../jobs/read';
import { notify, refreshAttentionCount, signerLabel, userWords } from '../notifications';
import { attentionText } from '../../../src-shared/i18n/attention-words';
import { attentionOf } from '../jobs/attention';
import { allProviders, providerOfAccount } from '../providers/registry';
import type { AppliedChange, ProviderSession, QueueChannel } from '../providers/types';
import { createReturnListener } from '../returns/return-listener';
import { fileWaitingDownloads, processDownloads, type DownloadPass } from './downloads';
import { dueSubmissions, markInterruptedSubmissions, submitJob } from './outbox';
import { createSyncLease } from './lease';
import { dueChecks, recordChecked, scheduleChecks } from './job-checks';
import { describeFailure } from '../failure';

export interface SyncEngine {
  /** One pass over the outbox, the queue and the downloads of one account or all of them. */
  runPass(accountId?: string): Promise<SyncReport>;
  /** The account's open connection to its service (opened once, kept until forgotten). */
  sessionFor(accountId: string): Promise<ProviderSession>;
  /** Background passes every `intervalMs` (the hosts; the CLI runs single passes); serves the return listener. */
  start(intervalMs?: number): void;
  /** Serves the return listener without background passes (a CLI loop of its own). */
  serveReturns(): Promise<void>;
  /** Ask for a pass soon, e.g. right after a job was queued. */
  kick(): void;
  forgetClient(accountId: string): Promise<void>;
  /** Files a job's signed files that wait in the archive now (the folder is back); failures stay on the job. */
  retryFiling(jobId: string): Promise<void>;
  /**
   * Runs work between passes, never during one (removing an account must not race a pass that is
   * submitting or downloading for it); passes asked for meanwhile wait for it.
   */
  exclusive<T>(work: () => Promise<T> | T): Promise<T>;
  stop(): Promise<void>;
}

export function createSyncEngine(context: CoreContext): SyncEngine {
  const sessions = new Map<string, Promise<ProviderSession>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  let interval = 2000;

  const lease = createSyncLease(context);
  // A browser came back from signing: the job page says so at once, and a pass asks the service soon.
  const returns = createReturnListener(context, (seen) => {
    context.events.emit('jobs.changed', { jobIds: [seen.jobId] });
    if (!stopped && timer) schedule(0);
  });
  const serveReturns = () =>
    returns.start().catch((error: unknown) => context.ports.logger.warn('The return listener could not start; outcomes are learned by polling', { message: (error as Error).message }));
  refreshAttentionCount(context);

  function sessionFor(accountId: string): Promise<ProviderSession> {
    let session = sessions.get(accountId);
    if (!session) {
      session = providerOfAccount(context, accountId).open(context, accountId);
      sessions.set(accountId, session);
      // A session that could not open (a secret missing) is tried afresh next time.
      session.catch(() => sessions.delete(accountId));
    }
    return session;
  }

  function announce(change: AppliedChange): void {
    if (change.unmatched) context.events.emit('jobs.changed', { jobIds: [] });
    if (!change.jobId || !change.fresh) return;
    const job = readJobRow(context.db, change.jobId);
    context.events.emit('jobs.changed', { jobIds: [change.jobId] });
    for (const signer of change.newlySigned) {
      notify(context, { kind: 'signerSigned', title: 'notify.signerSigned', titleParams: { signer: signerLabel(context, signer) }, body: job.title, jobId: job.id });
    }
    const rejectedBy = change.newlyRejected[0];
    if (change.finishedAs === 'completed') notify(context, { kind: 'jobFinished', title: 'notify.completed', body: job.title, jobId: job.id });
    else if ((change.finishedAs === 'failed' || change.finishedAs === 'rejected') && rejectedBy) {
      notify(context, { kind: 'needsAttention', title: 'signers.rejectedBy', titleParams: { who: signerLabel(context, rejectedBy) }, body: job.title, jobId: job.id });
    } else if (change.finishedAs) notify(context, { kind: 'needsAttention', title: change.finishedAs === 'cancelled' ? 'notify.cancelled' : 'notify.failed', body: job.title, jobId: job.id });
  }

  async function submitForAccount(accountId: string, report: SyncReport): Promise<void> {
    const due = dueSubmissions(context, accountId);
    if (due.length === 0) return;
    const session = await sessionFor(accountId);
    for (const jobId of due) {
      if (!lease.renew()) break; // another process syncs this data folder now: it sends the rest
      const outcome = await submitJob(context, session, jobId, returns.addressesFor(jobId));
      if (outcome === 'submitted') {
        report.submitted++;
        // A service without a queue is asked about the job on a schedule from now on.
        if (session.check) scheduleChecks(context, jobId);
      }
      if (outcome === 'rejected') notify(context, { kind: 'needsAttention', title: 'notify.refused', body: readJobRow(context.db, jobId).title, jobId });
      if (outcome === 'outcome-unknown') notify(context, { kind: 'needsAttention', title: 'notify.outcomeUnknown', body: readJobRow(context.db, jobId).title, jobId });
      context.events.emit('jobs.changed', { jobIds: [jobId] });
    }
  }

  /** One poll per queue, whichever of its accounts the pass is for: the changes go to every account's jobs. */
  async function pollChannel(channel: QueueChannel, report: SyncReport): Promise<void> {
    // Any account on the queue can poll it: the first whose secrets are at hand.
    let session: ProviderSession | undefined;
    for (const accountId of channel.accountIds) {
      try {
        session = await sessionFor(accountId);
        break;
      } catch (error) {
        if (accountId === channel.accountIds.at(-1)) throw error;
      }
    }
    if (!session?.pollChannel) return;
    const polled = await session.pollChannel(channel, announce);
    report.statusChanges += polled.changes.filter((c) => c.fresh).length;
    if (polled.error && !report.errors.includes(polled.error)) {
      report.errors.push(polled.error);
      report.failures.push({ ...polled.failure, detail: polled.error });
    }
  }

  /** Jobs whose check is due, asked about one by one: services without a queue, and fast after a return. */
  async function checkForAccount(accountId: string, report: SyncReport): Promise<void> {
    const due = dueChecks(context, [accountId]);
    if (due.length === 0) return;
    const session = await sessionFor(accountId);
    if (!session.check) return;
    for (const jobId of due) {
      try {
        const change = await session.check(jobId, returns.addressesFor(jobId));
        if (change.fresh) report.statusChanges++;
        announce(change);
      } finally {
        recordChecked(context, jobId);
      }
    }
  }

  async function downloadForAccount(accountId: string, report: SyncReport): Promise<void> {
    const downloads = await processDownloads(context, () => sessionFor(accountId), accountId);
    report.filed += downloads.filed.length;
    await announceFiling(accountId, downloads);
  }

  /** Tells about files filed, and about jobs whose files could not be filed (once, when that starts). */
  async function announceFiling(accountId: string, downloads: DownloadPass): Promise<void> {
    for (const file of downloads.filed) {
      context.events.emit('jobs.changed', { jobIds: [file.jobId] });
      if (file.kind !== 'xades') notify(context, { kind: 'fileSaved', title: 'notify.fileSaved', body: file.path, jobId: file.jobId });
    }
    for (const jobId of downloads.newlyNotFiled) {
      const job = readJobRow(context.db, jobId);
      const attention = attentionOf(job);
      const { t, language } = userWords(context);
      const reason = attention ? attentionText(t, language, attention, context.now()) : '';
      context.events.emit('jobs.changed', { jobIds: [jobId] });
      notify(context, { kind: 'needsAttention', title: 'notify.notFiled', body: `${job.title}: ${reason}`, jobId });
    }
    await deleteFiledDocuments(accountId);
  }

  /**
   * Optional per account: once a job's signed files are filed, its documents are removed from the
   * service when the provider says the time has come. The session is opened only when a job is due
   * (retrying a filing needs no connection otherwise).
   */
  async function deleteFiledDocuments(accountId: string): Promise<void> {
    const due = providerOfAccount(context, accountId).documentsToDeleteAfterFiling?.(context, accountId) ?? [];
    for (const jobId of due) {
      try {
        await deleteDocumentsAtService(context, await sessionFor(accountId), jobId, 'app');
        context.events.emit('jobs.changed', { jobIds: [jobId] });
      } catch (error) {
        context.ports.logger.warn('Could not delete documents at the service', { jobId, message: (error as Error).message });
      }
    }
  }

  async function runPass(accountId?: string): Promise<SyncReport> {
    const report: SyncReport = { submitted: 0, statusChanges: 0, filed: 0, errors: [], failures: [] };
    const claim = lease.acquire();
    if (!claim.held) {
      const detail = `Another Signing Desk (process ${claim.holder?.pid} on ${claim.holder?.host}) is syncing this data folder.`;
      report.errors.push(detail);
      report.failures.push({ reason: 'sync.otherProcess', detail });
        if (claim.holder) report.syncedElsewhere = { pid: claim.holder.pid, host: claim.holder.host };
      return report;
    }
    // Only when taking over from a process that is gone can a submit in flight mean a crash.
    if (claim.fresh && markInterruptedSubmissions(context).length) refreshAttentionCount(context);
    if (claim.fresh) {
      for (const provider of allProviders()) {
        await provider.cleanUpAfterStop?.(context).catch((error: unknown) =>
          context.ports.logger.warn('Could not remove what an earlier send left behind', { service: provider.service, message: (error as Error).message }),
        );
      }
    }
    const accounts = accountId
      ? [accountId]
      : (context.db.prepare('SELECT id FROM accounts WHERE removed_at IS NULL ORDER BY created_at').all() as { id: string }[]).map((a) => a.id);
    const step = async (run: () => Promise<void>) => {
      try {
        await run();
      } catch (error) {
        // One problem once, also when several accounts share it; `failures` keeps the order of `errors`.
        const failure = describeFailure(error);
        const message = failure.detail ?? String(error);
        if (!report.errors.includes(message)) {
          report.errors.push(message);
          report.failures.push({ ...failure, detail: message });
        }
      }
    };
    for (const id of accounts) await step(() => submitForAccount(id, report));
    for (const provider of allProviders()) {
      for (const channel of provider.channels?.(context, accounts) ?? []) await step(() => pollChannel(channel, report));
    }
    for (const id of accounts) await step(() => checkForAccount(id, report));
    for (const id of accounts) await step(() => downloadForAccount(id, report));
    context.events.emit('accounts.changed', {});
    refreshAttentionCount(context);
    return report;
  }

  /** Passes (and exclusive work) never overlap: a second caller waits for the one in flight, then runs its own. */
  async function serialised<T>(work: () => Promise<T>): Promise<T> {
    while (running) await running.catch(() => undefined);
    const current = work();
    running = current;
    try {
      return await current;
    } finally {
      running = undefined;
    }
  }

  const serialisedPass = (accountId?: string) => serialised(() => lease.holdWhile(() => runPass(accountId)));

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void serialisedPass().finally(() => schedule(interval));
    }, delay);
  }

  return {
    runPass: serialisedPass,
    sessionFor,
    start(intervalMs = 2000) {
      interval = intervalMs;
      stopped = false;
      void serveReturns();
      schedule(0);
    },
    serveReturns,
    kick() {
      if (!stopped && timer) schedule(50);
    },
    async retryFiling(jobId) {
      const accountId = readJobRow(context.db, jobId).account_id;
      const downloads = await fileWaitingDownloads(context, jobId);
      try {
        await announceFiling(accountId, downloads);
      } finally {
        refreshAttentionCount(context);
      }
    },
    exclusive: (work) => serialised(async () => work()),
    async forgetClient(accountId) {
      const session = sessions.get(accountId);
      sessions.delete(accountId);
      await session?.then((open) => open.close()).catch(() => undefined);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await returns.stop();
      await running?.catch(() => undefined);
      await Promise.all([...sessions.values()].map((session) => session.then((open) => open.close()).catch(() => undefined)));
      sessions.clear();
      lease.release();
    },
  };
}

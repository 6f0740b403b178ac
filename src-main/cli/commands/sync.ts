import { setTimeout as sleep } from 'node:timers/promises';
import type { JobDetail, SyncReport } from '../../../src-shared/contract';
import { signerLabelOf } from '../../../src-shared/domain';
import { localeOf, type Translate } from '../../../src-shared/i18n';
import { CliFailure, integerOption, stringOption, UsageError, type CliCommand, type CliContext } from '../command';
import { failureLine, formatSyncReport, jobStatusText, signerStatusText } from '../format';

interface JobSnapshot {
  status: string;
  signers: string[];
  files: Set<string>;
}

const snapshotOf = (job: JobDetail): JobSnapshot => ({
  status: job.status,
  signers: job.signers.map((s) => s.status),
  files: new Set(job.downloads.filter((d) => d.state === 'filed' && d.savedPath).map((d) => d.savedPath!)),
});

interface Change {
  at: string;
  jobId: string;
  title: string;
  change: 'job' | 'signer' | 'filed' | 'account-error';
  from?: string;
  to?: string;
  signer?: { order: number; identifier: string };
  path?: string;
  /** The account problem's reason, for the human line (not part of the JSON lines). */
  reason?: string | null;
}

/** The JSON lines name a signer without contact details "signer N"; the human line says it in the CLI's language. */
const signerWords = (t: Translate, identifier: string) => {
  const position = /^signer (\d+)$/.exec(identifier)?.[1];
  return position ? t('jobPage.signerN', { n: Number(position) }) : identifier;
};

/** A change as a line in the CLI's language; times in local time (the JSON lines keep ISO and codes). */
function describe(t: Translate, change: Change): string {
  const time = new Intl.DateTimeFormat(localeOf(t.language), { timeStyle: 'medium' }).format(new Date(change.at));
  if (change.change === 'account-error') return t('cli.change.account', { time, id: change.jobId, problem: failureLine(t, { reason: change.reason, detail: change.to }) });
  const head = `${time}  ${change.title} (${change.jobId})`;
  if (change.change === 'filed') return t('cli.change.filed', { head, path: change.path ?? '' });
  if (change.change === 'signer') return t('cli.change.signer', { head, who: signerWords(t, change.signer!.identifier), from: signerStatusText(t, change.from ?? ''), to: signerStatusText(t, change.to ?? '') });
  return t('cli.change.job', { head, from: change.from ? jobStatusText(t, change.from) : t('cli.change.new'), to: jobStatusText(t, change.to ?? '') });
}

function diff(job: JobDetail, before: JobSnapshot | undefined, at: string): Change[] {
  const now = snapshotOf(job);
  const base = { at, jobId: job.id, title: job.title };
  const changes: Change[] = [];
  if (before?.status !== now.status) changes.push({ ...base, change: 'job', from: before?.status, to: now.status });
  job.signers.forEach((signer, index) => {
    const from = before?.signers[index];
    if (before && from !== signer.status) {
      const identifier = signerLabelOf(signer) ?? `signer ${signer.position + 1}`;
      changes.push({ ...base, change: 'signer', from, to: signer.status, signer: { order: signer.step, identifier } });
    }
  });
  for (const path of now.files) if (!before?.files.has(path)) changes.push({ ...base, change: 'filed', path });
  return changes;
}

/** Follows the core's events and prints a line (or a JSON line) per notable change. */
async function watchChanges(context: CliContext, accountId: string | undefined): Promise<() => void> {
  const snapshots = new Map<string, JobSnapshot>();
  const page = await context.call('jobs.list', { filter: 'all', accountId, limit: 500 });
  for (const item of page.items) if (item.status !== 'draft') snapshots.set(item.id, snapshotOf(await context.call('jobs.get', { id: item.id })));
  const accountErrors = new Map<string, string | null>();
  const emit = ({ reason, ...change }: Change) => context.io.stdout.write(`${context.json ? JSON.stringify(change) : describe(context.t, { ...change, reason })}\n`);

  let queue = Promise.resolve();
  const unsubscribe = context.core.subscribe((event, payload) => {
    queue = queue.then(async () => {
      const at = new Date().toISOString();
      if (event === 'jobs.changed') {
        for (const id of (payload as { jobIds: string[] }).jobIds) {
          const result = await context.core.dispatch('jobs.get', { id });
          if (!result.ok) continue;
          const job = result.value as JobDetail;
          if (job.status === 'draft' || (accountId && job.accountId !== accountId)) continue;
          diff(job, snapshots.get(id), at).forEach(emit);
          snapshots.set(id, snapshotOf(job));
        }
      } else if (event === 'accounts.changed') {
        const { items } = await context.call('accounts.list', {});
        for (const summary of items.filter((a) => !accountId || a.id === accountId)) {
          const result = await context.core.dispatch('accounts.get', { id: summary.id });
          if (!result.ok) continue;
          const { lastPollError: error, lastPollErrorReason: reason } = result.value as { lastPollError: string | null; lastPollErrorReason: string | null };
          if (error && error !== accountErrors.get(summary.id)) emit({ at, jobId: summary.id, title: summary.name, change: 'account-error', to: error, reason });
          accountErrors.set(summary.id, error);
        }
      }
    }).catch(() => undefined);
  });
  return unsubscribe;
}

/** A pass refused because another process syncs this data folder did nothing: a failure to say, not a report. */
function failWhenSyncedElsewhere(report: SyncReport): void {
  if (report.syncedElsewhere) throw new CliFailure({ failure: { reason: 'sync.otherProcess', detail: report.errors[0] } });
}

/** Resolves on the first SIGINT/SIGTERM (or the caller's signal). */
function stopRequested(signal: AbortSignal | undefined): { promise: Promise<void>; dispose(): void } {
  if (signal) return { promise: signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })), dispose() {} };
  let stop!: () => void;
  const promise = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { promise, dispose: () => (process.off('SIGINT', stop), process.off('SIGTERM', stop)) };
}

export const sync: CliCommand = {
  name: 'sync',
  summary: 'cli.summary.sync',
  synopsis: '[--account ID] [--once] [--interval SECONDS]',
  help: 'cli.help.sync',
  ids: { '--account': 'account' },
  options: { account: { type: 'string' }, once: { type: 'boolean', default: false }, interval: { type: 'string' } },
  talksToService: true,
  async run(context, values) {
    const accountId = stringOption(values, 'account');
    if (accountId) await context.call('accounts.get', { id: accountId });
    const interval = integerOption(values, 'interval') ?? 2;
    if (interval < 1) throw new UsageError({ key: 'cli.intervalMinimum' });

    if (values.once) {
      const report = await context.call('sync.run', accountId ? { accountId } : {});
      failWhenSyncedElsewhere(report);
      context.print(report, () => formatSyncReport(context.t, report));
      return;
    }

    const stop = stopRequested(context.io.signal);
    const unsubscribe = await watchChanges(context, accountId);
    try {
      // The first pass says at once whether this process may sync here at all.
      failWhenSyncedElsewhere(await context.core.sync.runPass(accountId));
      if (!context.json) context.io.stdout.write(`${context.t('cli.syncing')}\n`);
      if (!accountId) {
        context.core.sync.start(interval * 1000);
        await stop.promise;
      } else {
        // The engine's background loop covers every account; one account gets its own loop.
        await context.core.sync.serveReturns();
        const abort = new AbortController();
        void stop.promise.then(() => abort.abort());
        while (!abort.signal.aborted) {
          await context.core.sync.runPass(accountId);
          await sleep(interval * 1000, undefined, { signal: abort.signal }).catch(() => undefined);
        }
      }
    } finally {
      stop.dispose();
      unsubscribe();
      await context.core.sync.stop();
    }
  },
};

import type { UnmatchedChange } from '../../../../src-shared/contract';
import { prepared } from '../../db/prepared';
import type { CoreContext } from '../../context';
import { CoreError } from '../../errors';
import type { Failure } from '../../../../src-shared/failure';
import { describeFailure, encodeStoredFailure } from '../../failure';
import { nextAttemptAt } from '../../sync/backoff';
import { recordServiceFailure, recordServiceSuccess } from '../../sync/service-problem';
import type { AppliedChange, ProviderSession } from '../types';
import { POLL_WAIT_CAP_MS, type PollResult, type PollTiming, type PostenClient } from './client';
import { PostenError } from './errors';
import type { DirectStatusChange, PortalStatusChange } from './xml/responses';
import { applyPortalStatusChange, changeDedupeKey, findJobOfChange, type PostenChannel } from './apply-change';
import { crashPoint } from '../../sync/crash-points';

/** A bound on one pass, so one queue with a long backlog cannot starve the others. */
const MAX_CHANGES_PER_PASS = 500;

export interface PollOutcome {
  changes: AppliedChange[];
  skipped: boolean;
  error?: string;
  failure?: Failure;
}

interface ChannelAccountRow {
  id: string;
  api_root: string | null;
  organization_number: string | null;
  polling_queue: string | null;
  removed: number;
}

/**
 * The queues this installation polls, each with every account on it. Accounts of one
 * organisation at one service share the installation's queue name, so they share one channel.
 * A queue only removed accounts were on is not polled any more. Each flow has its own queue at
 * Posten; the direct flow's is polled only while a direct job may still change.
 */
export function postenChannels(context: CoreContext, onlyFor?: readonly string[]): PostenChannel[] {
  const portal = queueChannels(context, 'portal', onlyFor);
  const direct = queueChannels(context, 'direct', onlyFor).filter((channel) => directJobsOpen(context, channel.accountIds));
  return [...portal, ...direct];
}

function directJobsOpen(context: CoreContext, accountIds: readonly string[]): boolean {
  return (
    prepared(
      context.db,
      `SELECT 1 FROM jobs WHERE flow = 'direct' AND status IN ('sending', 'in_progress', 'outcome_unknown') AND account_id IN (${accountIds.map(() => '?').join(',')}) LIMIT 1`,
    ).get(...accountIds) !== undefined
  );
}

function queueChannels(context: CoreContext, flow: PostenChannel['flow'], onlyFor?: readonly string[]): PostenChannel[] {
  const rows = prepared(
    context.db,
    "SELECT id, api_root, organization_number, polling_queue, removed_at IS NOT NULL AS removed FROM accounts WHERE provider = 'posten' ORDER BY created_at, id",
  ).all() as ChannelAccountRow[];
  const channels = new Map<string, PostenChannel>();
  for (const row of rows) {
    const apiRoot = (row.api_root ?? '').replace(/\/+$/, '');
    const key = JSON.stringify([apiRoot, row.organization_number, row.polling_queue ?? '']);
    let channel = channels.get(key);
    if (!channel) {
      channel = { key: `posten:${flow}:${key}`, flow, apiRoot: row.api_root ?? '', organizationNumber: row.organization_number ?? '', pollingQueue: row.polling_queue ?? '', accountIds: [], removedAccountIds: [] };
      channels.set(key, channel);
    }
    (row.removed ? channel.removedAccountIds : channel.accountIds).push(row.id);
  }
  return [...channels.values()].filter((channel) => channel.accountIds.length > 0 && (!onlyFor || channel.accountIds.some((id) => onlyFor.includes(id))));
}

/** Whose kept changes a channel settles: its accounts', and those kept under its removed accounts before they were removed. */
const keptUnder = (channel: PostenChannel): string[] => [...channel.accountIds, ...channel.removedAccountIds];

export function channelOfAccount(context: CoreContext, accountId: string): PostenChannel {
  const channel = queueChannels(context, 'portal', [accountId])[0];
  if (!channel) throw new CoreError('NOT_FOUND', 'There is no such account.', { reason: 'account.notFound' });
  return channel;
}

interface PollState {
  next_poll_at: string | null;
  poll_failures: number;
}

function setPollState(context: CoreContext, channel: PostenChannel, state: { nextPollAt: Date; failures: number; error: Failure | null; synced: boolean; timing?: PollTiming }) {
  const now = context.now().toISOString();
  const warning =
    state.timing === undefined
      ? undefined
      : state.timing.farAhead
        ? JSON.stringify({
            reason: 'poll-time-far-ahead',
            requestedUntil: state.timing.farAhead.requestedUntil,
            requestedWaitSeconds: Math.round(state.timing.farAhead.requestedWaitMs / 1000),
            pollsAgainAt: state.nextPollAt.toISOString(),
            at: now,
          })
        : null;
  // The queue's cursor is the channel's; what the account page shows is copied onto each of its accounts.
  prepared(context.db, 'INSERT INTO sync_channels (key, next_poll_at, failures) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET next_poll_at = excluded.next_poll_at, failures = excluded.failures').run(
    channel.key,
    state.nextPollAt.toISOString(),
    state.failures,
  );
  // An account is on a queue per flow: the error names its queue, and only that queue's next
  // success clears it (the direct queue answering must not hide that the portal queue fails).
  const error = state.error ? JSON.stringify({ ...(JSON.parse(encodeStoredFailure(state.error)) as object), channel: channel.key }) : null;
  const update = prepared(
    context.db,
    `UPDATE accounts SET next_poll_at = ?,
       last_poll_error = CASE WHEN ? IS NULL AND json_valid(last_poll_error) AND json_extract(last_poll_error, '$.channel') <> ? THEN last_poll_error ELSE ? END,
       last_sync_at = CASE WHEN ? THEN ? ELSE last_sync_at END, poll_warning = CASE WHEN ? THEN ? ELSE poll_warning END WHERE id = ?`,
  );
  for (const accountId of channel.accountIds) {
    update.run(state.nextPollAt.toISOString(), error, channel.key, error, state.synced ? 1 : 0, now, warning === undefined ? 0 : 1, warning ?? null, accountId);
  }
}

/** Whether the channel may be polled now. A stored time beyond the cap (an older version, or this machine's clock went back) is not obeyed. */
function pollDue(context: CoreContext, state: PollState): boolean {
  if (!state.next_poll_at) return true;
  const wait = new Date(state.next_poll_at).getTime() - context.now().getTime();
  return wait <= 0 || wait > POLL_WAIT_CAP_MS;
}

const unmatchedKey = (channel: PostenChannel, change: PortalStatusChange) => changeDedupeKey(`unmatched:${channel.apiRoot}:${channel.organizationNumber}:${change.signatureJobId}`, change);

/**
 * Keeps a change no job matches. It is not confirmed: a confirmation would delete it at the
 * service, and it may belong to a job whose answer this app has yet to match (or to someone who
 * shares the queue by mistake). The service hands it out again later; each time it is counted.
 * Returns true when the administrator has dismissed this very change before: then it is confirmed.
 */
function keepUnmatched(context: CoreContext, channel: PostenChannel, accountId: string, change: PortalStatusChange): { dismissed: boolean } {
  const at = context.now().toISOString();
  const key = unmatchedKey(channel, change);
  prepared(
    context.db,
    `INSERT INTO unmatched_changes (id, account_id, service_job_id, reference, status, confirmation_url, change, dedupe_key, state, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
     ON CONFLICT (dedupe_key) DO UPDATE SET last_seen_at = excluded.last_seen_at, times_seen = times_seen + 1, confirmation_url = excluded.confirmation_url`,
  ).run(context.newId(), accountId, change.signatureJobId, change.reference ?? null, change.status, change.confirmationUrl, JSON.stringify(change), key, at, at);
  const row = prepared(context.db, 'SELECT state FROM unmatched_changes WHERE dedupe_key = ?').get(key) as { state: string };
  if (row.state === 'open') context.ports.logger.warn('A status change for a job this app does not know was kept, not confirmed', { serviceJobId: change.signatureJobId });
  return { dismissed: row.state === 'dismissed' };
}

/** Once a job has taken a change for its service id, kept changes of that job are settled too. */
function settleKeptChanges(context: CoreContext, channel: PostenChannel, serviceJobId: string, jobId: string): { id: string; change: PortalStatusChange }[] {
  const rows = prepared(
    context.db,
    `SELECT id, change FROM unmatched_changes WHERE state = 'open' AND service_job_id = ? AND account_id IN (${keptUnder(channel).map(() => '?').join(',')}) ORDER BY first_seen_at`,
  ).all(serviceJobId, ...keptUnder(channel)) as { id: string; change: string }[];
  const at = context.now().toISOString();
  for (const row of rows) prepared(context.db, "UPDATE unmatched_changes SET state = 'matched', resolved_at = ?, matched_job_id = ? WHERE id = ?").run(at, jobId, row.id);
  return rows.map((row) => ({ id: row.id, change: JSON.parse(row.change) as PortalStatusChange }));
}

/**
 * Kept changes whose job this installation knows by now (the job was linked since, say) are
 * applied and confirmed.
 */
async function applyKeptChanges(context: CoreContext, client: PostenClient, channel: PostenChannel, onChange?: (change: AppliedChange) => void): Promise<AppliedChange[]> {
  const rows = prepared(
    context.db,
    `SELECT id, change FROM unmatched_changes WHERE state = 'open' AND account_id IN (${keptUnder(channel).map(() => '?').join(',')}) ORDER BY first_seen_at`,
  ).all(...keptUnder(channel)) as { id: string; change: string }[];
  const applied: AppliedChange[] = [];
  for (const row of rows) {
    const change = JSON.parse(row.change) as PortalStatusChange;
    if (!findJobOfChange(context, channel, change)) continue;
    const result = context.db.transaction(() => {
      const outcome = applyPortalStatusChange(context, channel, change);
      if (outcome.jobId) settleKeptChanges(context, channel, change.signatureJobId, outcome.jobId);
      return outcome;
    })();
    applied.push(result);
    onChange?.(result);
    if (change.confirmationUrl) await client.confirm(change.confirmationUrl);
  }
  return applied;
}

/**
 * A direct-flow change in the shape the portal's is applied in: each signer named by the
 * identifier the manifest used (a national identity number or the sender's own), no cancel link.
 */
export function asStatusChange(change: DirectStatusChange): PortalStatusChange {
  return {
    signatureJobId: change.signatureJobId,
    reference: change.reference,
    status: change.status,
    confirmationUrl: change.confirmationUrl ?? '',
    deleteDocumentsUrl: change.deleteDocumentsUrl,
    padesUrl: change.padesUrl,
    signatures: change.signers.map((signer) => ({ status: signer.status, since: signer.since, xadesUrl: signer.xadesUrl, identifier: signer.identifier })),
  };
}

/**
 * A return is a hint, never proof, and the next poll clears it: a change for the job clears it as
 * it is applied, and a queue with nothing more clears every hint noted before the poll began (Posten
 * queues a signer's outcome before sending the browser back, so by then it has been applied). A
 * forged or mistaken return leaves nothing behind.
 */
function clearUnconfirmedReturns(context: CoreContext, channel: PostenChannel, pollStartedAt: Date): void {
  const before = pollStartedAt.toISOString();
  const cleared = prepared(
    context.db,
    `UPDATE jobs SET return_hint = NULL WHERE return_hint IS NOT NULL AND json_extract(return_hint, '$.at') < ?
       AND account_id IN (${channel.accountIds.map(() => '?').join(',')}) RETURNING id`,
  ).all(before, ...channel.accountIds) as { id: string }[];
  if (cleared.length) context.events.emit('jobs.changed', { jobIds: cleared.map((row) => row.id) });
}

async function pollQueue(client: PostenClient, channel: PostenChannel): Promise<PollResult> {
  const queue = channel.pollingQueue || undefined;
  if (channel.flow === 'portal') return client.pollPortal(queue);
  const result = await client.pollDirect(queue);
  return result.kind === 'change' ? { ...result, change: asStatusChange(result.change) } : result;
}

/**
 * One polling pass for one queue. The wait the service asks for is stored on the channel's
 * accounts, so it holds across restarts, and it is capped (see PostenClient). Each change is
 * committed before it is confirmed; a crash in between means the service re-delivers it and the
 * apply is a no-op. A change for a job nobody here knows is kept and not confirmed.
 */
export async function pollPortalChannel(context: CoreContext, client: PostenClient, channel: PostenChannel, options: { onChange?: (change: AppliedChange) => void } = {}): Promise<PollOutcome> {
  const pollStartedAt = context.now();
  const state = (prepared(context.db, 'SELECT next_poll_at, failures AS poll_failures FROM sync_channels WHERE key = ?').get(channel.key) as PollState | undefined) ?? { next_poll_at: null, poll_failures: 0 };
  const changes: AppliedChange[] = [];
  try {
    changes.push(...(await applyKeptChanges(context, client, channel, options.onChange)));
    if (!pollDue(context, state)) return { changes, skipped: true };
    for (let i = 0; i < MAX_CHANGES_PER_PASS; i++) {
      const result = await pollQueue(client, channel);
      // The queue's service answered: it can be reached from every account on the queue.
      if (i === 0) for (const accountId of channel.accountIds) recordServiceSuccess(context, accountId, 'polling');
      if (result.kind === 'empty') {
        setPollState(context, channel, { nextPollAt: result.nextPollAt, failures: 0, error: null, synced: true, timing: result });
        clearUnconfirmedReturns(context, channel, pollStartedAt);
        break;
      }
      // One commit holds the change (or the kept unmatched change) and the poll time, then the confirmation goes out.
      const { applied, confirm } = context.db.transaction(() => {
        const outcome = applyPortalStatusChange(context, channel, result.change);
        setPollState(context, channel, { nextPollAt: result.nextPollAt, failures: 0, error: null, synced: true, timing: result });
        if (outcome.unmatched) return { applied: outcome, confirm: keepUnmatched(context, channel, channel.accountIds[0], result.change).dismissed };
        if (outcome.jobId) settleKeptChanges(context, channel, result.change.signatureJobId, outcome.jobId);
        return { applied: outcome, confirm: true };
      })();
      changes.push(applied);
      options.onChange?.(applied);
      crashPoint('poll.committed');
      if (confirm && result.change.confirmationUrl) await client.confirm(result.change.confirmationUrl);
      if (result.nextPollAt > context.now()) break;
    }
    return { changes, skipped: false };
  } catch (error) {
    const failure = error instanceof PostenError ? error : new PostenError('network', (error as Error).message, { code: describeFailure(error).code });
    const failures = state.poll_failures + 1;
    const nextPollAt = nextAttemptAt(context.now(), failures, { serviceRetryAt: failure.details.retryAt, baseMs: 10_000, capMs: POLL_WAIT_CAP_MS });
    // Stored with its code and reason, so the account page words it in the user's language.
    const stored = { code: failure.code, reason: failure.reason, detail: failure.detail };
    setPollState(context, channel, { nextPollAt, failures: failure.kind === 'rateLimited' ? state.poll_failures : failures, error: stored, synced: false });
    for (const accountId of channel.accountIds) recordServiceFailure(context, accountId, failure, 'polling');
    return { changes, skipped: false, error: failure.detail, failure: stored };
  }
}

/** Polls the queue of one account (and so of every account sharing it). */
export function pollPortalAccount(context: CoreContext, client: PostenClient, accountId: string, options: { onChange?: (change: AppliedChange) => void } = {}): Promise<PollOutcome> {
  return pollPortalChannel(context, client, channelOfAccount(context, accountId), options);
}

interface UnmatchedRow {
  id: string;
  account_id: string;
  service_job_id: string;
  reference: string | null;
  status: string;
  change: string;
  first_seen_at: string;
  last_seen_at: string;
  times_seen: number;
  confirmation_url: string;
}

export function listUnmatchedChanges(context: CoreContext): UnmatchedChange[] {
  const rows = prepared(context.db, "SELECT * FROM unmatched_changes WHERE state = 'open' ORDER BY first_seen_at, id").all() as UnmatchedRow[];
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    serviceJobId: row.service_job_id,
    reference: row.reference,
    status: row.status,
    signatures: (JSON.parse(row.change) as PortalStatusChange).signatures.map((s) => ({ status: s.status, since: s.since })),
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    timesSeen: row.times_seen,
  }));
}

export function countUnmatchedChanges(context: CoreContext): number {
  return (prepared(context.db, "SELECT count(*) AS n FROM unmatched_changes WHERE state = 'open'").get() as { n: number }).n;
}

/**
 * The administrator decided the change is not this installation's business: it is confirmed at
 * the service (so it stops coming back) and leaves the list. A service that no longer knows the
 * change (a 4xx) has nothing left to confirm; a link outside the service is not followed.
 * A change kept under an account removed since is confirmed by an account still on its queue; when
 * there is none, nothing here polls that queue any more and it only leaves the list.
 */
export async function dismissUnmatchedChange(context: CoreContext, session: (accountId: string) => Promise<ProviderSession>, id: string): Promise<void> {
  const row = prepared(context.db, "SELECT * FROM unmatched_changes WHERE id = ? AND state = 'open'").get(id) as UnmatchedRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'There is no such status change waiting for a decision.', { reason: 'sync.unmatchedNotFound' });
  const confirmingAccount = postenChannels(context).find((channel) => keptUnder(channel).includes(row.account_id))?.accountIds[0];
  try {
    if (confirmingAccount) await (await session(confirmingAccount)).acknowledge?.(row.confirmation_url);
  } catch (error) {
    if (!(error instanceof PostenError) || error.retryable) {
      // Why the service could not be told, as any failure of that kind is worded.
      const reason = error instanceof PostenError ? error.reason : (describeFailure(error).reason ?? 'network.failed');
      throw new CoreError('UNAVAILABLE', `The service could not be told: ${(error as Error).message}`, { reason, cause: error });
    }
  }
  prepared(context.db, "UPDATE unmatched_changes SET state = 'dismissed', resolved_at = ? WHERE id = ?").run(context.now().toISOString(), id);
}

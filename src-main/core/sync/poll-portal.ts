import { prepared } from '../db/prepared';
import type { CoreContext } from '../context';
import type { PostenClient } from '../providers/posten/client';
import type { Failure } from '../../../src-shared/failure';
import { describeFailure, encodeStoredFailure } from '../failure';
import { PostenError } from '../providers/posten/errors';
import { applyPortalStatusChange, type AppliedChange } from './apply-portal-change';
import { retryDelayMs } from './backoff';
import { recordServiceFailure, recordServiceSuccess } from './service-problem';

/** A bound on one pass, so one account with a long queue cannot starve the others. */
const MAX_CHANGES_PER_PASS = 500;

export interface PollOutcome {
  changes: AppliedChange[];
  skipped: boolean;
  error?: string;
  failure?: Failure;
}

interface AccountPollState {
  polling_queue: string;
  next_poll_at: string | null;
  poll_failures: number;
}

function setPollState(context: CoreContext, accountId: string, state: { nextPollAt: Date; failures: number; error: string | null; synced: boolean }) {
  prepared(context.db, `UPDATE accounts SET next_poll_at = ?, poll_failures = ?, last_poll_error = ?, last_sync_at = CASE WHEN ? THEN ? ELSE last_sync_at END WHERE id = ?`).run(state.nextPollAt.toISOString(), state.failures, state.error, state.synced ? 1 : 0, context.now().toISOString(), accountId);
}

/**
 * One polling pass for one account and queue. The next permitted poll time the service gives is
 * stored on the account, so it holds across restarts. Each change is committed before it is
 * confirmed; a crash in between means the service re-delivers it and the apply is a no-op.
 */
export async function pollPortalAccount(context: CoreContext, client: PostenClient, accountId: string, options: { onChange?: (change: AppliedChange) => void } = {}): Promise<PollOutcome> {
  const account = prepared(context.db, 'SELECT polling_queue, next_poll_at, poll_failures FROM accounts WHERE id = ?').get(accountId) as AccountPollState;
  if (account.next_poll_at && new Date(account.next_poll_at) > context.now()) return { changes: [], skipped: true };
  const changes: AppliedChange[] = [];
  try {
    for (let i = 0; i < MAX_CHANGES_PER_PASS; i++) {
      const result = await client.pollPortal(account.polling_queue || undefined);
      if (i === 0) recordServiceSuccess(context, accountId, 'polling');
      if (result.kind === 'empty') {
        setPollState(context, accountId, { nextPollAt: result.nextPollAt, failures: 0, error: null, synced: true });
        break;
      }
      // One commit holds the change and the poll time, then the confirmation goes out.
      const applied = context.db.transaction(() => {
        const change = applyPortalStatusChange(context, accountId, result.change);
        setPollState(context, accountId, { nextPollAt: result.nextPollAt, failures: 0, error: null, synced: true });
        return change;
      })();
      changes.push(applied);
      options.onChange?.(applied);
      await client.confirm(result.change.confirmationUrl);
      if (result.nextPollAt > context.now()) break;
    }
    return { changes, skipped: false };
  } catch (error) {
    const failure = error instanceof PostenError ? error : new PostenError('network', (error as Error).message, { code: describeFailure(error).code });
    const failures = account.poll_failures + 1;
    const nextPollAt = failure.details.retryAt ?? new Date(context.now().getTime() + retryDelayMs(failures, 10_000, 10 * 60_000));
    // Stored with its code and reason, so the account page words it in the user's language.
    const stored = { code: failure.code, reason: failure.reason, detail: failure.detail };
    setPollState(context, accountId, { nextPollAt, failures: failure.kind === 'rateLimited' ? account.poll_failures : failures, error: encodeStoredFailure(stored), synced: false });
    recordServiceFailure(context, accountId, failure, 'polling');
    return { changes, skipped: false, error: failure.detail, failure: stored };
  }
}

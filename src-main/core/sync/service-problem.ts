import type { ServiceProblem } from '../../../src-shared/contract';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import type { ServiceCallError } from '../providers/service-error';

type Operation = 'sending' | 'polling';

/** `accounts.service_problem`: what the status bar shows, and which kind of call last failed. */
interface StoredServiceProblem extends ServiceProblem {
  during: Operation;
}

function read(context: CoreContext, accountId: string): StoredServiceProblem | null {
  const row = prepared(context.db, 'SELECT service_problem FROM accounts WHERE id = ?').get(accountId) as { service_problem: string | null } | undefined;
  return row?.service_problem ? (JSON.parse(row.service_problem) as StoredServiceProblem) : null;
}

function write(context: CoreContext, accountId: string, problem: StoredServiceProblem | null): void {
  prepared(context.db, 'UPDATE accounts SET service_problem = ? WHERE id = ?').run(problem ? JSON.stringify(problem) : null, accountId);
}

/**
 * A call to the service failed. The account keeps the time of the first failure of the run, so
 * the status bar can say "since 10:42". Rate limiting is not a problem to show: the app waits as told.
 */
export function recordServiceFailure(context: CoreContext, accountId: string, failure: ServiceCallError, during: Operation): void {
  const kind = failure.problemKind;
  if (!kind || kind === 'busy') return;
  const current = read(context, accountId);
  write(context, accountId, { kind, since: current?.since ?? context.now().toISOString(), detail: failure.detail, during });
}

/**
 * A call went through, so the service can be reached again. One exception: when sending failed
 * while polling works (the service refuses new jobs with 5xx), the problem stays until a job is
 * sent or none is left waiting after a failed attempt; otherwise the next poll would hide it.
 */
export function recordServiceSuccess(context: CoreContext, accountId: string, operation: Operation): void {
  const current = read(context, accountId);
  if (!current) return;
  if (operation === 'polling' && current.during === 'sending') {
    const waiting = prepared(context.db, "SELECT 1 FROM jobs WHERE status = 'queued' AND account_id = ? AND last_error_message IS NOT NULL LIMIT 1").get(accountId);
    if (waiting) return;
  }
  write(context, accountId, null);
}

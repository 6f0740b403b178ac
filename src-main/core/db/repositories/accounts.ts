import type { Database } from 'better-sqlite3';
import type { AccountSummary, ServiceProblem } from '../../../../src-shared/contract';

interface AccountRow {
  id: string;
  provider: AccountSummary['provider'];
  name: string;
  environment: AccountSummary['environment'];
  organization_number: string | null;
  is_demo: number;
  last_sync_at: string | null;
  service_problem: string | null;
  created_at: string;
  poll_warning: string | null;
}

const toSummary = (row: AccountRow): AccountSummary => ({
  id: row.id,
  provider: row.provider,
  name: row.name,
  environment: row.environment,
  organizationNumber: row.organization_number,
  isDemo: row.is_demo === 1,
  lastSyncAt: row.last_sync_at,
  serviceProblem: row.service_problem ? serviceProblemOf(row.service_problem) : null,
  createdAt: row.created_at,
  pollWarning: row.poll_warning ? (JSON.parse(row.poll_warning) as AccountSummary['pollWarning']) : null,
});

/** `accounts.service_problem` as stored (see sync/service-problem.ts), without what only the core uses. */
function serviceProblemOf(json: string): ServiceProblem {
  const { kind, since, detail } = JSON.parse(json) as ServiceProblem;
  return { kind, since, detail };
}

/** The accounts in use; a removed account's row stays only for its jobs and is not listed. */
export function listAccounts(db: Database): AccountSummary[] {
  const rows = db
    .prepare('SELECT id, provider, name, environment, organization_number, is_demo, last_sync_at, service_problem, created_at, poll_warning FROM accounts WHERE removed_at IS NULL ORDER BY name COLLATE NOCASE, id')
    .all() as AccountRow[];
  return rows.map(toSummary);
}

/** Whether any account was ever added, removed ones included: a first start is one without. */
export function anyAccountEverAdded(db: Database): boolean {
  return db.prepare('SELECT 1 FROM accounts LIMIT 1').get() !== undefined;
}

export interface NewAccount {
  id: string;
  provider: AccountSummary['provider'];
  name: string;
  environment: AccountSummary['environment'];
  apiRoot?: string | null;
  organizationNumber?: string | null;
  pollingQueue?: string | null;
  config?: Record<string, unknown>;
  isDemo?: boolean;
  now: string;
}

export function insertAccount(db: Database, account: NewAccount): void {
  db.prepare(
    `INSERT INTO accounts (id, provider, name, environment, api_root, organization_number, polling_queue, config, is_demo, created_at, updated_at)
     VALUES (@id, @provider, @name, @environment, @apiRoot, @organizationNumber, @pollingQueue, @config, @isDemo, @now, @now)`,
  ).run({
    id: account.id,
    provider: account.provider,
    name: account.name,
    environment: account.environment,
    apiRoot: account.apiRoot ?? null,
    organizationNumber: account.organizationNumber ?? null,
    pollingQueue: account.pollingQueue ?? null,
    config: JSON.stringify(account.config ?? {}),
    isDemo: account.isDemo ? 1 : 0,
    now: account.now,
  });
}

/** Accounts whose ID starts with `prefix` (the whole ID first, if it is one); see jobsWithIdPrefix. */
export function accountsWithIdPrefix(db: Database, prefix: string, limit: number): { id: string; name: string }[] {
  return db
    .prepare("SELECT id, name FROM accounts WHERE id >= @prefix AND id < @prefix || char(1114111) ORDER BY id != @prefix, id LIMIT @limit")
    .all({ prefix, limit }) as { id: string; name: string }[];
}

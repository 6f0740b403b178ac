import type { Database } from 'better-sqlite3';
import type { AccountSummary } from '../../../../src-shared/contract';

interface AccountRow {
  id: string;
  provider: AccountSummary['provider'];
  name: string;
  environment: AccountSummary['environment'];
  organization_number: string | null;
  is_demo: number;
  last_sync_at: string | null;
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
  createdAt: row.created_at,
  pollWarning: row.poll_warning ? (JSON.parse(row.poll_warning) as AccountSummary['pollWarning']) : null,
});

export function listAccounts(db: Database): AccountSummary[] {
  const rows = db
    .prepare('SELECT id, provider, name, environment, organization_number, is_demo, last_sync_at, created_at, poll_warning FROM accounts ORDER BY name COLLATE NOCASE, id')
    .all() as AccountRow[];
  return rows.map(toSummary);
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

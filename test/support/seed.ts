import type { Database } from 'better-sqlite3';

/** Writes accounts and jobs straight into the tables, for list, paging and benchmark tests. */
export function seedJobs(db: Database, count: number, options: { accountId?: string; start?: Date } = {}): void {
  const accountId = options.accountId ?? 'acct-seed';
  const start = options.start ?? new Date('2026-01-01T00:00:00Z');
  db.prepare(
    `INSERT OR IGNORE INTO accounts (id, provider, name, environment, organization_number, created_at, updated_at)
     VALUES (?, 'posten', 'Seed account', 'test', '123456789', ?, ?)`,
  ).run(accountId, start.toISOString(), start.toISOString());
  const statuses = ['in_progress', 'in_progress', 'completed', 'failed', 'queued', 'draft', 'cancelled'];
  const names = ['Ola Nordmann', 'Kari Nordmann', 'Per Hansen', 'Lise Berg', 'Nils Dahl', 'Anne Lie'];
  const insert = db.prepare(
    `INSERT INTO jobs (id, account_id, flow, status, title, reference, signer_total, signer_signed, active_step, deadline, search_text, created_at, updated_at)
     VALUES (@id, @accountId, @flow, @status, @title, @reference, @total, @signed, @step, @deadline, @search, @at, @at)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = new Date(start.getTime() + i * 60_000).toISOString();
      const title = `${['Arbeidsavtale', 'Leieavtale', 'Fullmakt', 'Samtykke'][i % 4]} ${i}`;
      const reference = `REF-${String(i).padStart(6, '0')}`;
      const signer = names[i % names.length];
      const total = 1 + (i % 4);
      const status = statuses[i % statuses.length];
      insert.run({
        id: `job-${String(i).padStart(6, '0')}`,
        accountId,
        // Mixed flows, as a desk serving several ways of signing holds them.
        flow: i % 3 === 2 ? 'direct' : 'portal',
        status,
        title,
        reference,
        total,
        signed: status === 'completed' ? total : i % total,
        step: status === 'in_progress' ? 1 : null,
        deadline: new Date(start.getTime() + (i + 30 * 1440) * 60_000).toISOString(),
        search: `${title} ${reference} ${signer}`.toLowerCase(),
        at,
      });
    }
  })();
}

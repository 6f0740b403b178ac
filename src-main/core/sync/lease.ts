import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CoreContext } from '../context';

interface Lease {
  owner: string;
  pid: number;
  host: string;
  expiresAt: string;
}

const LEASE_KEY = 'sync.lease';
const LEASE_MS = 5 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Only one process syncs a data folder at a time (the app, or a CLI `sync`): two pollers would
 * each take changes off the queue, and a second process must not mistake the first one's submit
 * in flight for a crash. The lease lives in the database; a holder that died (same machine, its
 * process gone) or went silent past the expiry loses it.
 */
export function createSyncLease(context: CoreContext) {
  const owner = randomUUID();
  const self = { pid: process.pid, host: hostname() };
  const read = () => {
    const row = context.db.prepare('SELECT value FROM settings WHERE key = ?').get(LEASE_KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Lease) : undefined;
  };
  const write = (lease: Lease | undefined) => {
    if (lease) context.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LEASE_KEY, JSON.stringify(lease));
    else context.db.prepare('DELETE FROM settings WHERE key = ?').run(LEASE_KEY);
  };

  return {
    /** Takes or renews the lease. `fresh` is true when it was taken over from nobody or from a dead holder. */
    acquire(): { held: boolean; fresh: boolean; holder?: Lease } {
      return context.db
        .transaction(() => {
          const current = read();
          const now = context.now();
          const ours = current?.owner === owner;
          const abandoned =
            !current || new Date(current.expiresAt) <= now || (current.host === self.host && current.pid !== self.pid && !processAlive(current.pid));
          if (!ours && !abandoned) return { held: false, fresh: false, holder: current };
          write({ owner, ...self, expiresAt: new Date(now.getTime() + LEASE_MS).toISOString() });
          return { held: true, fresh: !ours };
        })
        .immediate();
    },
    release(): void {
      context.db
        .transaction(() => {
          if (read()?.owner === owner) write(undefined);
        })
        .immediate();
    },
  };
}

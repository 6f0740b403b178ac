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
/** Renewals per lease term while a pass runs: three can be missed (a busy disk, a stalled event loop) before it lapses. */
const HEARTBEATS_PER_TERM = 4;

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
 * process gone) or went silent past the expiry loses it. A pass can outlast one term (a 200 MB upload
 * on a slow line), so it keeps the lease with a heartbeat while it runs (`holdWhile`).
 */
export function createSyncLease(context: CoreContext) {
  const owner = randomUUID();
  const leaseMs = context.config.syncLeaseMs ?? LEASE_MS;
  const self = { pid: process.pid, host: hostname() };
  const read = () => {
    const row = context.db.prepare('SELECT value FROM settings WHERE key = ?').get(LEASE_KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Lease) : undefined;
  };
  const write = (lease: Lease | undefined) => {
    if (lease) context.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LEASE_KEY, JSON.stringify(lease));
    else context.db.prepare('DELETE FROM settings WHERE key = ?').run(LEASE_KEY);
  };

  const lease = {
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
          write({ owner, ...self, expiresAt: new Date(now.getTime() + leaseMs).toISOString() });
          return { held: true, fresh: !ours };
        })
        .immediate();
    },
    /**
     * Extends the lease this process holds. False when another process holds it now (it took over
     * while this one was silent: asleep, stalled): this one must then start no further submit,
     * which the other would send beside or take for a crash.
     */
    renew(): boolean {
      return context.db
        .transaction(() => {
          if (read()?.owner !== owner) return false;
          write({ owner, ...self, expiresAt: new Date(context.now().getTime() + leaseMs).toISOString() });
          return true;
        })
        .immediate();
    },
    /** Runs `work` (a pass, which takes the lease first), renewing the lease while it runs. */
    async holdWhile<T>(work: () => Promise<T>): Promise<T> {
      let warned = false;
      const heartbeat = setInterval(() => {
        try {
          if (lease.renew() || warned) return;
          warned = true;
          context.ports.logger.warn('Another process took over syncing this data folder during a pass; this pass starts no more submits');
        } catch (error) {
          context.ports.logger.warn('Could not renew the sync lease', { message: (error as Error).message });
        }
      }, leaseMs / HEARTBEATS_PER_TERM);
      // The heartbeat alone never keeps a process (the CLI) alive.
      heartbeat.unref();
      try {
        return await work();
      } finally {
        clearInterval(heartbeat);
      }
    },
    release(): void {
      context.db
        .transaction(() => {
          if (read()?.owner === owner) write(undefined);
        })
        .immediate();
    },
  };
  return lease;
}

import type { NotificationKind } from '../../src-shared/contract';
import type { z } from 'zod';
import type { CoreContext } from './context';
import { countJobsByFilter } from './db/repositories/jobs';
import { readSettings } from './db/repositories/settings';

type Kind = z.infer<typeof NotificationKind>;

/**
 * Every notable change goes out twice: as a `notification` event (in-page toast in the web host,
 * and the job page's live update) and to the host's Notifier (OS notification in Electron),
 * unless the administrator turned that kind off.
 */
export function notify(context: CoreContext, notification: { kind: Kind; title: string; body: string; jobId?: string }): void {
  const settings = readSettings(context.db);
  if (!settings.notifications[notification.kind]) return;
  context.events.emit('notification', { id: context.newId(), at: context.now().toISOString(), ...notification });
  context.ports.notifier.notify({ title: notification.title, body: notification.body, jobId: notification.jobId });
}

export function refreshAttentionCount(context: CoreContext): void {
  context.ports.notifier.setAttentionCount(countJobsByFilter(context.db).needsAttention);
}

import type { NotificationKind } from '../../src-shared/contract';
import type { z } from 'zod';
import type { CoreContext } from './context';
import { countJobsByFilter } from './db/repositories/jobs';
import { readSettings } from './db/repositories/settings';
import { createTranslator, type Language, type MessageKey, type MessageParams } from '../../src-shared/i18n';
import { signerLabelOf } from '../../src-shared/domain';
import { languageOf } from './language';

type Kind = z.infer<typeof NotificationKind>;

/**
 * Every notable change goes out twice: as a `notification` event (in-page toast in the web host,
 * and the job page's live update) and to the host's Notifier (OS notification in Electron),
 * unless the administrator turned that kind off.
 */
export function notify(
  context: CoreContext,
  notification: { kind: Kind; title: MessageKey; titleParams?: MessageParams; body: string; jobId?: string },
): void {
  const settings = readSettings(context.db);
  if (!settings.notifications[notification.kind]) return;
  const t = createTranslator(languageOf(context));
  const title = t(notification.title, notification.titleParams);
  context.events.emit('notification', { id: context.newId(), at: context.now().toISOString(), kind: notification.kind, title, body: notification.body, jobId: notification.jobId });
  context.ports.notifier.notify({ title, body: notification.body, jobId: notification.jobId });
}

/** The administrator's language, for texts the core words itself (a notification's body). */
export function userWords(context: CoreContext): { t: ReturnType<typeof createTranslator>; language: Language } {
  const language = languageOf(context);
  return { t: createTranslator(language), language };
}

/** How a signer is named in a notification: by name, else contact; never by national identity number. */
export function signerLabel(context: CoreContext, signer: { name: string | null; email: string | null; mobile: string | null; position: number }): string {
  const t = createTranslator(languageOf(context));
  return signerLabelOf(signer) ?? t('notify.signerFallback', { number: signer.position + 1 });
}

/** Jobs under Needs attention, and status changes no job here matches (they wait for a decision too). */
export function refreshAttentionCount(context: CoreContext): void {
  const unmatched = (context.db.prepare("SELECT count(*) AS n FROM unmatched_changes WHERE state = 'open'").get() as { n: number }).n;
  context.ports.notifier.setAttentionCount(countJobsByFilter(context.db).needsAttention + unmatched);
}

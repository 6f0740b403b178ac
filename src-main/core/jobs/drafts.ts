import type { DraftDetail } from '../../../src-shared/contract';
import { FLOWS, type Flow } from '../../../src-shared/domain';
import { getAccount } from '../providers/registry';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';

/**
 * Drafts live in the jobs table with status DRAFT so the job list's Drafts tab, search and counts
 * see them; the compose form's state is kept as an opaque payload.
 */
export function saveDraft(context: CoreContext, input: { id?: string; accountId: string; title: string; payload: Record<string, unknown> }): { id: string } {
  getAccount(context, input.accountId);
  // The way of signing the form has chosen, so the list marks the draft as it will be sent.
  const chosen = (input.payload.form as { flow?: unknown } | undefined)?.flow;
  const flow: Flow = FLOWS.includes(chosen as Flow) ? (chosen as Flow) : 'portal';
  const at = context.now().toISOString();
  // An untitled draft is stored without a title; the job list words it in the user's language.
  const title = input.title.trim();
  if (input.id) {
    const result = context.db
      .prepare("UPDATE jobs SET account_id = ?, flow = ?, title = ?, options = ?, search_text = ?, updated_at = ? WHERE id = ? AND status = 'draft'")
      .run(input.accountId, flow, title, JSON.stringify({ draft: input.payload }), title.toLowerCase(), at, input.id);
    if (result.changes === 0) throw new CoreError('NOT_FOUND', 'This draft no longer exists.', { reason: 'draft.notFound' });
    return { id: input.id };
  }
  const id = context.newId();
  context.db
    .prepare(
      `INSERT INTO jobs (id, account_id, flow, status, title, options, search_text, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?)`,
    )
    .run(id, input.accountId, flow, title, JSON.stringify({ draft: input.payload }), title.toLowerCase(), at, at);
  return { id };
}

export function readDraft(context: CoreContext, id: string): DraftDetail {
  const row = context.db.prepare("SELECT id, account_id, title, options, updated_at FROM jobs WHERE id = ? AND status = 'draft'").get(id) as
    | { id: string; account_id: string; title: string; options: string; updated_at: string }
    | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'This draft no longer exists.', { reason: 'draft.notFound' });
  return { id: row.id, accountId: row.account_id, title: row.title, payload: (JSON.parse(row.options) as { draft?: Record<string, unknown> }).draft ?? {}, updatedAt: row.updated_at };
}

/** Deletes a draft (never a job that was sent); false when there was no such draft. */
export function deleteDraft(context: CoreContext, id: string): boolean {
  return context.db.prepare("DELETE FROM jobs WHERE id = ? AND status = 'draft'").run(id).changes > 0;
}

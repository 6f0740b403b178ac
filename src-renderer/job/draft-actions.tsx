import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { Dialog } from '../components/Dialog';

/** Deletes a draft after its confirmation, and says so in a toast; true when it is gone. */
export function useDeleteDraft() {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const showToast = useApp((s) => s.showToast);
  return async (draft: { id: string; title: string }): Promise<boolean> => {
    const result = await bridge.call('drafts.delete', { id: draft.id });
    if (result.ok) showToast({ title: t('drafts.deleted'), body: draft.title || t('drafts.untitled') });
    else showToast({ title: t('drafts.deleteFailed', { message: errorText(t, result.error) }), body: draft.title });
    return result.ok;
  };
}

/** Asks before a draft is deleted: there is no undo for it. The safe choice has the focus. */
export function DeleteDraftDialog({ draft, onClose, onConfirm }: { draft: { title: string } | null; onClose(): void; onConfirm(): void }) {
  const t = useT();
  return (
    <Dialog
      open={draft !== null}
      title={t('drafts.confirm.title')}
      tone="danger"
      onClose={onClose}
      onSubmit={onConfirm}
      actions={
        <>
          <button type="button" className="button" data-autofocus onClick={onClose}>
            {t('drafts.confirm.keep')}
          </button>
          <button type="submit" className="button button--danger">
            {t('drafts.confirm.action')}
          </button>
        </>
      }
    >
      <p>{t('drafts.confirm.body', { title: draft?.title || t('drafts.untitled') })}</p>
    </Dialog>
  );
}

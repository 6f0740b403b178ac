import { isFailureReason } from '../../src-shared/failure';
import { failureText, type Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { useT } from '../app/store-context';
import { Dialog } from '../components/Dialog';

/**
 * What the core said about the save folder when an account was added or changed: a folder that is
 * missing but may be created (ask first, then send again with `createSaveFolder`), or a problem to
 * show at the field, worded from its reason like every failure.
 */
export function saveFolderOutcome(t: Translate, error: ErrorValue): { confirm: true } | { confirm: false; text: string } | null {
  const issue = error.issues?.find((i) => i.path === 'saveFolder');
  if (!issue) return null;
  if (error.code === 'NEEDS_CONFIRMATION') return { confirm: true };
  return { confirm: false, text: isFailureReason(issue.code) ? failureText(t, { reason: issue.code, params: error.params }) : failureText(t, error) };
}

/** "The folder X does not exist. Create it?" */
export function CreateFolderDialog(props: { folder: string | null; onCreate(): void; onCancel(): void }) {
  const t = useT();
  return (
    <Dialog
      open={props.folder !== null}
      title={t('accountForm.createFolder.title')}
      onClose={props.onCancel}
      onSubmit={props.onCreate}
      actions={
        <>
          <button type="button" className="button" onClick={props.onCancel}>
            {t('accountForm.createFolder.cancel')}
          </button>
          <button type="submit" className="button button--primary" data-autofocus>
            {t('accountForm.createFolder.action')}
          </button>
        </>
      }
    >
      <p>{t('accountForm.createFolder.body', { folder: props.folder ?? '' })}</p>
    </Dialog>
  );
}

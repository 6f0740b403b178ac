import type { Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { useT } from '../app/store-context';
import { Dialog } from '../components/Dialog';

/**
 * What the core said about the save folder when an account was added or changed: a folder that is
 * missing but may be created (ask first, then send again with `createSaveFolder`), or a problem to
 * show at the field, in the UI's own words.
 */
export function saveFolderOutcome(t: Translate, error: ErrorValue, folder: string): { confirm: true } | { confirm: false; text: string } | null {
  const issue = error.issues?.find((i) => i.path === 'saveFolder');
  if (!issue) return null;
  if (error.code === 'NEEDS_CONFIRMATION') return { confirm: true };
  switch (issue.code) {
    case 'parent-missing':
      return { confirm: false, text: t('accountForm.error.saveFolderParent', { folder }) };
    case 'not-absolute':
      return { confirm: false, text: t('accountForm.error.saveFolderRelative') };
    case 'not-a-folder':
      return { confirm: false, text: t('accountForm.error.saveFolderNotAFolder', { folder }) };
    case 'cannot-create':
      return { confirm: false, text: t('accountForm.error.saveFolderCannotCreate', { folder }) };
    default:
      return { confirm: false, text: issue.message };
  }
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

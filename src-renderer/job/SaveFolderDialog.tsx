import { useEffect, useId, useState } from 'react';
import type { FolderCheck, JobDetail } from '../../src-shared/contract';
import type { MessageKey } from '../../src-shared/i18n';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';

/** How long typing may pause before the folder is checked: no call per keystroke. */
const CHECK_AFTER_MS = 250;

interface Choice {
  path: string;
  label: string;
}

/** The parent folder for "can be created in …", without a node:path in the renderer. */
function parentOf(folder: string): string {
  const cut = Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\'));
  return cut <= 0 ? folder.slice(0, 1) || folder : folder.slice(0, cut);
}

/**
 * Where to save the signed files, where the host has no folder picker (the web host): the
 * account's save folder and the folders used recently to pick from, the typed folder checked as
 * one types, and the last folder of the path created on request when only that one is missing.
 */
export function SaveFolderDialog({ open, job, onClose, onSave }: { open: boolean; job: JobDetail; onClose(): void; onSave(folder: string): void }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const recent = useApp((s) => s.settings?.recentSaveFolders);
  const [folder, setFolder] = useState('');
  const [account, setAccount] = useState<{ name: string; saveFolder: string } | null>(null);
  /** The last check, with the text it was for: an answer to older typing is not shown. */
  const [check, setCheck] = useState<{ typed: string; result: FolderCheck } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState(false);
  const [busy, setBusy] = useState(false);
  const choicesId = useId();

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setCreated(false);
    void bridge.call('accounts.get', { id: job.accountId }).then((result) => {
      if (!result.ok) return;
      setAccount({ name: result.value.name, saveFolder: result.value.saveFolder });
      setFolder((current) => current || result.value.saveFolder);
    });
  }, [open, bridge, job.accountId]);

  const typed = folder.trim();
  useEffect(() => {
    if (!open || !typed) {
      setCheck(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void bridge.call('folders.check', { path: typed }).then((result) => {
        if (current && result.ok) setCheck({ typed, result: result.value });
      });
    }, CHECK_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, bridge, typed]);

  const checked = check?.typed === typed ? check.result : null;
  const choices: Choice[] = [];
  if (account?.saveFolder) choices.push({ path: account.saveFolder, label: t('saveFolder.accountFolder', { account: account.name }) });
  for (const path of recent ?? []) if (!choices.some((c) => c.path === path)) choices.push({ path, label: t('saveFolder.recent') });

  const choose = (path: string) => {
    setFolder(path);
    setProblem(null);
    setCreated(false);
  };

  const create = async () => {
    setBusy(true);
    const result = await bridge.call('folders.create', { path: typed });
    setBusy(false);
    if (result.ok) {
      setCheck({ typed, result: result.value });
      setCreated(result.value.state === 'exists');
      setProblem(null);
    } else setProblem(`${t('saveFolder.createFailed')} ${errorText(t, result.error)}`);
  };

  const submit = async () => {
    if (!typed) return setProblem(t('jobPage.saveDialog.required'));
    // Checked again now: what was typed last may not have been checked yet.
    const result = await bridge.call('folders.check', { path: typed });
    if (!result.ok) return setProblem(errorText(t, result.error));
    setCheck({ typed, result: result.value });
    if (result.value.state === 'exists') return onSave(result.value.path);
    setProblem(result.value.state === 'can-create' ? t('saveFolder.createFirst') : t(`saveFolder.state.${result.value.state}` as MessageKey));
  };

  const status = !typed ? null : !checked ? t('saveFolder.checking') : created && checked.state === 'exists' ? t('saveFolder.created') : t(`saveFolder.state.${checked.state}` as MessageKey, { parent: parentOf(checked.path) });
  const tone = checked?.state === 'exists' ? 'ok' : checked?.state === 'can-create' || !checked ? 'neutral' : 'problem';

  return (
    <Dialog
      open={open}
      title={t('jobPage.saveDialog.title')}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('jobPage.saveDialog.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('jobPage.saveDialog.action')}
          </button>
        </>
      }
    >
      <Field label={t('jobPage.saveDialog.folder')} hint={t('jobPage.saveDialog.hint')} error={problem}>
        {(a) => (
          <input
            {...a}
            className="input mono"
            value={folder}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => {
              setFolder(event.target.value);
              setProblem(null);
              setCreated(false);
            }}
          />
        )}
      </Field>
      <div className="folder-status" role="status">
        {status && <p className={`folder-status__text folder-status__text--${tone}`}>{status}</p>}
        {checked?.state === 'can-create' && (
          <button type="button" className="button button--small" disabled={busy} onClick={() => void create()}>
            {t('saveFolder.create')}
          </button>
        )}
      </div>
      {choices.length > 0 && (
        <div className="folder-choices">
          <h3 id={choicesId} className="folder-choices__title">
            {t('saveFolder.choices')}
          </h3>
          <ul aria-labelledby={choicesId} className="folder-choices__list">
            {choices.map((choice) => (
              <li key={choice.path}>
                <button type="button" className="folder-choice" aria-pressed={choice.path === typed} onClick={() => choose(choice.path)}>
                  <span className="folder-choice__path mono">{choice.path}</span>
                  <span className="folder-choice__label">{choice.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountSummary } from '../../src-shared/contract';
import { postenLimits } from '../../src-shared/domain';
import type { Bridge } from '../../src-shared/rpc';
import { draftIdFromHash, draftPayload, emptyForm, fitFlowToAccount, formFromDraft, newKey, titleFromFileName, type ComposeDocument, type ComposeForm } from './model';
import { readFileBytes, toBase64 } from './read-file';
import { errorText } from '../app/error-text';
import { useT } from '../app/store-context';

export type DraftState = 'idle' | 'saving' | 'saved' | 'error';
export type Loading = 'loading' | 'ready';

const DRAFT_DEBOUNCE_MS = 1000;

/**
 * The compose page's state: the form, the accounts to send from, staging of documents and the
 * draft saved as one types. Components only render and call these functions.
 */
export function useCompose(bridge: Bridge, dataEpoch: number, hash: string) {
  const t = useT();
  const [form, setFormState] = useState<ComposeForm>(() => emptyForm());
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [loading, setLoading] = useState<Loading>('loading');
  const [draftId, setDraftId] = useState<string | null>(null);
  const [draftState, setDraftState] = useState<DraftState>('idle');
  const dirty = useRef(false);
  const sent = useRef(false);
  const formRef = useRef(form);
  formRef.current = form;
  const draftIdRef = useRef(draftId);
  draftIdRef.current = draftId;
  const requestedDraft = draftIdFromHash(hash);

  useEffect(() => {
    if (dataEpoch === 0) return;
    let current = true;
    void (async () => {
      const listed = await bridge.call('accounts.list', {});
      if (!current) return;
      const items = listed.ok ? listed.value.items : [];
      setAccounts(items);
      const preferred = items.find((a) => !a.isDemo) ?? items[0];
      if (requestedDraft) {
        const draft = await bridge.call('drafts.get', { id: requestedDraft });
        if (!current) return;
        if (draft.ok) {
          const restored = formFromDraft(draft.value.payload, draft.value.accountId);
          if (restored) {
            setFormState(restored);
            setDraftId(draft.value.id);
            setDraftState('saved');
          }
        }
      } else if (preferred) {
        // The first way of signing of the account's service, unless the form has one it offers.
        setFormState((f) => (f.accountId ? f : fitFlowToAccount({ ...f, accountId: preferred.id }, preferred)));
      }
      setLoading('ready');
    })();
    return () => {
      current = false;
    };
  }, [bridge, dataEpoch, requestedDraft]);

  const saveDraft = useCallback(async () => {
    const snapshot = formRef.current;
    if (sent.current || !snapshot.accountId) return;
    setDraftState('saving');
    const result = await bridge.call('drafts.save', {
      ...(draftIdRef.current ? { id: draftIdRef.current } : {}),
      accountId: snapshot.accountId,
      title: snapshot.title.slice(0, 200),
      payload: draftPayload(snapshot),
    });
    if (sent.current) {
      // The job went out while this save was on its way: the draft must not outlive it.
      if (result.ok && result.value.id !== draftIdRef.current) void bridge.call('drafts.delete', { id: result.value.id });
      return;
    }
    if (result.ok) {
      draftIdRef.current = result.value.id;
      setDraftId(result.value.id);
      setDraftState('saved');
    } else setDraftState('error');
  }, [bridge]);

  useEffect(() => {
    if (!dirty.current || loading !== 'ready') return;
    const timer = setTimeout(() => void saveDraft(), DRAFT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [form, loading, saveDraft]);

  const setForm = useCallback((update: (form: ComposeForm) => ComposeForm) => {
    dirty.current = true;
    setFormState(update);
  }, []);

  const patchDocument = useCallback(
    (key: string, patch: Partial<ComposeDocument>) =>
      setForm((f) => ({ ...f, documents: f.documents.map((d) => (d.key === key ? { ...d, ...patch } : d)) })),
    [setForm],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      const rows = files.map(
        (file): ComposeDocument => ({
          key: newKey('d'),
          stagedId: null,
          fileName: file.name,
          size: file.size,
          pageCount: null,
          title: titleFromFileName(file.name),
          problem: null,
          progress: 0,
          stageError: null,
        }),
      );
      setForm((f) => ({ ...f, documents: [...f.documents, ...rows] }));
      rows.forEach((row, i) => void stageOne(files[i], row.key));
    },
    // stageOne only uses bridge and patchDocument, both stable for the component's lifetime.
    [setForm, bridge],
  );

  async function stageOne(file: File, key: string) {
    // Too big to be worth sending over the link; the row says why at once.
    if (file.size > postenLimits.documentBytes) {
      patchDocument(key, { progress: null, problem: 'too-large' });
      return;
    }
    try {
      // Reading is the first 60 %, the check in main the rest: both take visible time on big files.
      const bytes = await readFileBytes(file, (fraction) => patchDocument(key, { progress: fraction * 0.6 }));
      patchDocument(key, { progress: 0.7 });
      const result = await bridge.call('documents.stage', { fileName: file.name, contentBase64: toBase64(bytes) });
      if (result.ok) {
        const staged = result.value;
        patchDocument(key, { progress: null, stagedId: staged.id, pageCount: staged.pageCount, problem: staged.problem, warnings: staged.warnings, size: staged.size });
      } else patchDocument(key, { progress: null, stageError: errorText(t, result.error) });
    } catch {
      // The browser could not read the file (moved, unreadable): said in words, not its DOMException.
      patchDocument(key, { progress: null, stageError: t('failure.file.failed') });
    }
  }

  /** Called once the job is in the outbox: no later autosave may bring the draft back. */
  const markSent = useCallback(() => {
    sent.current = true;
  }, []);

  /** Stops autosaving while the draft is being deleted (and starts again if that failed). */
  const holdAutosave = useCallback((hold: boolean) => {
    sent.current = hold;
  }, []);

  return { form, setForm, accounts, loading, draftId, draftState, addFiles, patchDocument, markSent, holdAutosave };
}

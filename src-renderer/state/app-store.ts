import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountSummary, AppInfo, EventPayload, Settings, SettingsPatch } from '../../src-shared/contract';
import { resolveLanguage, type Language } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import type { Bridge } from '../../src-shared/rpc';
import type { ConnectionState, ConnectionStatus } from '../bridge';
import { hashOf, parseHash, type Route } from './routes';

export type ProgressEvent = EventPayload<'progress'>;

export interface Toast {
  id: string;
  title: string;
  body: string;
  jobId?: string;
  /** A button beside the text, e.g. Undo after archiving; the toast goes once it is pressed. */
  action?: { label: string; run(): void };
}

export interface AppState {
  bridge: Bridge;
  connection: ConnectionState;
  /**
   * Bumped whenever the link to the app comes (back) up, so pages refetch what they may have missed.
   * 0 means "not connected yet": pages wait instead of queueing calls.
   */
  dataEpoch: number;
  route: Route;
  /** The job shown when `route` is 'job'. */
  jobId: string | null;
  /** Slow work under way (submits, downloads, sync passes), by task and job; finished ones drop out. */
  progress: ProgressEvent[];
  /** For the status bar: each account's last successful sync. */
  accounts: AccountSummary[];
  appInfo: AppInfo | null;
  settings: Settings | null;
  /** Used until app info arrives, and in a browser whose language the OS setting cannot tell us. */
  browserLanguage: string;
  systemDark: boolean;
  toasts: Toast[];
  settingsError: ErrorValue | null;

  navigate(route: Route, jobId?: string | null): void;
  openJob(jobId: string): void;
  updateSettings(patch: SettingsPatch): Promise<void>;
  dismissToast(id: string): void;
  /** A toast from the UI itself (archived, deleted, removed), with an optional action such as Undo. */
  showToast(toast: Omit<Toast, 'id'>): void;
}

export type AppStore = StoreApi<AppState>;

export function selectLanguage(state: AppState): Language {
  return resolveLanguage(state.settings?.language ?? 'system', state.appInfo?.osLanguage || state.browserLanguage);
}

export function selectTheme(state: AppState): 'light' | 'dark' {
  const choice = state.settings?.theme ?? 'system';
  if (choice !== 'system') return choice;
  return state.systemDark ? 'dark' : 'light';
}

export interface AppStoreDeps {
  bridge: Bridge;
  connection: ConnectionStatus;
  win: Window;
  toastMs?: number;
}

/** One store for the shell; pages keep their own list state. Owns every subscription it starts. */
export function createAppStore({ bridge, connection, win, toastMs = 8000 }: AppStoreDeps): AppStore & { dispose(): void } {
  let uiToasts = 0;
  const darkQuery = win.matchMedia('(prefers-color-scheme: dark)');
  const store = createStore<AppState>()((set, get) => ({
    bridge,
    connection: connection.get(),
    dataEpoch: connection.get() === 'open' ? 1 : 0,
    route: parseHash(win.location.hash).route,
    jobId: parseHash(win.location.hash).jobId,
    progress: [],
    accounts: [],
    appInfo: null,
    settings: null,
    browserLanguage: win.navigator.language,
    systemDark: darkQuery.matches,
    toasts: [],
    settingsError: null,

    navigate(route, jobId = null) {
      const hash = hashOf(route, jobId);
      if (win.location.hash !== hash) win.location.hash = hash;
      set(parseLocationState(hash));
    },
    openJob(jobId) {
      get().navigate('job', jobId);
    },
    async updateSettings(patch) {
      // Optimistic: a language or theme switch must feel immediate; the answer confirms or reverts it.
      const before = get().settings;
      if (before) {
        const notifications = { ...before.notifications, ...patch.notifications };
        set({ settings: { ...before, ...patch, notifications } });
      }
      const result = await get().bridge.call('settings.update', patch);
      set(result.ok ? { settings: result.value, settingsError: null } : { settings: before, settingsError: result.error });
    },
    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
    showToast(toast) {
      addToast({ ...toast, id: `ui-${++uiToasts}` });
    },
  }));

  const load = async () => {
    const [info, settings] = await Promise.all([bridge.call('app.info', {}), bridge.call('settings.get', {})]);
    store.setState({
      ...(info.ok ? { appInfo: info.value } : {}),
      ...(settings.ok ? { settings: settings.value } : {}),
    });
  };

  function addToast(toast: Toast) {
    store.setState({ toasts: [...store.getState().toasts.filter((t) => t.id !== toast.id), toast].slice(-4) });
    setTimeout(() => store.getState().dismissToast(toast.id), toastMs);
  }
  const showNotification = (n: EventPayload<'notification'>) => addToast({ id: n.id, title: n.title, body: n.body, ...(n.jobId ? { jobId: n.jobId } : {}) });

  const loadAccounts = async () => {
    const result = await bridge.call('accounts.list', {});
    if (result.ok) store.setState({ accounts: result.value.items });
  };
  // Syncs move lastSyncAt without an accounts.changed; coalesce the refreshes jobs.changed triggers.
  let accountsTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshAccountsSoon = () => {
    if (accountsTimer) return;
    accountsTimer = setTimeout(() => {
      accountsTimer = undefined;
      void loadAccounts();
    }, 1000);
  };
  const pollAccounts = setInterval(() => {
    if (store.getState().connection === 'open') void loadAccounts();
  }, 30_000);

  const onProgress = (event: ProgressEvent) => {
    const key = (p: ProgressEvent) => `${p.task}:${p.jobId ?? ''}`;
    const others = store.getState().progress.filter((p) => key(p) !== key(event));
    const finished = event.total > 0 && event.done >= event.total;
    store.setState({ progress: finished ? others : [...others, event] });
    if (finished) refreshAccountsSoon();
  };

  const onHashChange = () => store.setState(parseLocationState(win.location.hash));
  const onSchemeChange = (event: MediaQueryListEvent) => store.setState({ systemDark: event.matches });
  const onLanguageChange = () => store.setState({ browserLanguage: win.navigator.language });
  win.addEventListener('hashchange', onHashChange);
  win.addEventListener('languagechange', onLanguageChange);
  darkQuery.addEventListener('change', onSchemeChange);

  const stops = [
    bridge.on('settings.changed', (settings) => store.setState({ settings })),
    bridge.on('notification', showNotification),
    bridge.on('progress', onProgress),
    bridge.on('accounts.changed', () => void loadAccounts()),
    bridge.on('jobs.changed', refreshAccountsSoon),
    connection.subscribe((state) => {
      const wasOpen = store.getState().connection === 'open';
      store.setState({ connection: state });
      if (state === 'open' && !wasOpen) {
        store.setState({ dataEpoch: store.getState().dataEpoch + 1 });
        void load();
        void loadAccounts();
      }
    }),
  ];
  if (connection.get() === 'open') {
    void load();
    void loadAccounts();
  }

  return Object.assign(store, {
    dispose() {
      for (const stop of stops) stop();
      clearInterval(pollAccounts);
      if (accountsTimer) clearTimeout(accountsTimer);
      win.removeEventListener('hashchange', onHashChange);
      win.removeEventListener('languagechange', onLanguageChange);
      darkQuery.removeEventListener('change', onSchemeChange);
    },
  });
}

function parseLocationState(hash: string): Pick<AppState, 'route' | 'jobId'> {
  const { route, jobId } = parseHash(hash);
  return { route, jobId };
}

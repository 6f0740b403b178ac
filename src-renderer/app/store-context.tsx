import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createTranslator, type Translate } from '../../src-shared/i18n';
import { selectLanguage, type AppState, type AppStore } from '../state/app-store';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreProvider');
  return store;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

export function useLanguage() {
  return useApp(selectLanguage);
}

export function useT(): Translate {
  const language = useLanguage();
  return useMemo(() => createTranslator(language), [language]);
}

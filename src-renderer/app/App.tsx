import { lazy, Suspense, useEffect, useRef, type ComponentType } from 'react';
import { localeOf } from '../../src-shared/i18n';
import { JobsPage } from '../pages/JobsPage';
import { selectTheme } from '../state/app-store';
import type { Route } from '../state/routes';
import { ConnectionBanner } from './ConnectionBanner';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { useApp, useLanguage, useT } from './store-context';

// The job list is what opens first, so it ships in the first script; the other pages (and the
// form validation they carry) load when first visited, which keeps the first rows quick.
const lazyPage = (load: () => Promise<ComponentType>) => lazy(() => load().then((page) => ({ default: page })));
const pages: Record<Route, ComponentType> = {
  jobs: JobsPage,
  job: lazyPage(() => import('../pages/JobPage').then((m) => m.JobPage)),
  compose: lazyPage(() => import('../pages/ComposePage').then((m) => m.ComposePage)),
  accounts: lazyPage(() => import('../pages/AccountsPage').then((m) => m.AccountsPage)),
  settings: lazyPage(() => import('../pages/SettingsPage').then((m) => m.SettingsPage)),
};

/** Focuses the page heading once the page is there (a lazily loaded page arrives a little later). */
function focusPageHeading(triesLeft = 120): void {
  const heading = document.querySelector<HTMLElement>('[data-page-heading]');
  if (heading) heading.focus();
  else if (triesLeft > 0) requestAnimationFrame(() => focusPageHeading(triesLeft - 1));
}

const pageTitleKey = {
  jobs: 'jobs.title',
  job: 'jobPage.documentTitle',
  compose: 'compose.title',
  accounts: 'accounts.title',
  settings: 'settings.title',
} as const;

export function App() {
  const t = useT();
  const language = useLanguage();
  const theme = useApp(selectTheme);
  const themeSetting = useApp((s) => s.settings?.theme ?? 'system');
  const route = useApp((s) => s.route);
  const jobId = useApp((s) => s.jobId);
  const firstRender = useRef(true);

  useEffect(() => {
    document.documentElement.lang = localeOf(language);
  }, [language]);

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.dataset.themeSource = themeSetting;
  }, [theme, themeSetting]);

  useEffect(() => {
    document.title = t('app.pageTitle', { page: t(pageTitleKey[route]) });
  }, [t, route]);

  useEffect(() => {
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    focusPageHeading();
  }, [route, jobId]);

  const Page = pages[route];
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skipToContent')}
      </a>
      <Sidebar />
      <main id="main" className="main" tabIndex={-1}>
        <ConnectionBanner />
        <div className="page">
          <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
            <Page key={route === 'job' ? `job:${jobId}` : route} />
          </Suspense>
        </div>
        <StatusBar />
      </main>
      <Toasts />
    </div>
  );
}

// A plain "#main" link would replace the route hash; focus the landmark without touching the URL.
function skipToMain(event: React.MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

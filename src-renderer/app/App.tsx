import { useEffect, useRef } from 'react';
import { localeOf } from '../../src-shared/i18n';
import { AccountsPage } from '../pages/AccountsPage';
import { ComposePage } from '../pages/ComposePage';
import { JobPage } from '../pages/JobPage';
import { JobsPage } from '../pages/JobsPage';
import { SettingsPage } from '../pages/SettingsPage';
import { selectTheme } from '../state/app-store';
import type { Route } from '../state/routes';
import { ConnectionBanner } from './ConnectionBanner';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { useApp, useLanguage, useT } from './store-context';

const pages: Record<Route, () => React.JSX.Element> = {
  jobs: JobsPage,
  job: JobPage,
  compose: ComposePage,
  accounts: AccountsPage,
  settings: SettingsPage,
};

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
    document.querySelector<HTMLElement>('[data-page-heading]')?.focus();
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
          <Page key={route === 'job' ? `job:${jobId}` : route} />
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

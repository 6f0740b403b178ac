import type { MessageKey } from '../../src-shared/i18n';
import appIcon from '../../resources/icon.svg';
import { Icon, type IconName } from '../components/Icon';
import { hashOf, navRouteOf, routes, type NavRoute } from '../state/routes';
import { useApp, useT } from './store-context';

const items: Record<NavRoute, { label: MessageKey; icon: IconName }> = {
  jobs: { label: 'nav.jobs', icon: 'jobs' },
  compose: { label: 'nav.compose', icon: 'compose' },
  accounts: { label: 'nav.accounts', icon: 'accounts' },
  settings: { label: 'nav.settings', icon: 'settings' },
};

export function Sidebar() {
  const t = useT();
  const route = useApp((s) => navRouteOf(s.route));
  return (
    <aside className="sidebar">
      <div className="brand">
        <img className="brand__mark" src={appIcon} alt="" width={30} height={30} />
        <span className="brand__name">{t('app.name')}</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul className="nav">
          {routes.map((r) => (
            <li key={r}>
              <a className="nav__link" href={hashOf(r)} aria-current={route === r ? 'page' : undefined}>
                <Icon name={items[r].icon} />
                <span>{t(items[r].label)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}

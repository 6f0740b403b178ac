import { useEffect, useState } from 'react';
import type { AccountSummary } from '../../src-shared/contract';
import { formatDateTime, formatOrganizationNumber } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Icon } from '../components/Icon';
import { TableCard } from '../components/TableCard';
import { pollWarningText } from '../../src-shared/i18n/attention-words';
import { AccountDetailView } from '../accounts/AccountDetailView';
import { AddAccountForm } from '../accounts/AddAccountForm';

type View = { kind: 'list' } | { kind: 'add' } | { kind: 'detail'; id: string };

export function AccountsPage() {
  const t = useT();
  const language = useLanguage();
  const bridge = useApp((s) => s.bridge);
  const dataEpoch = useApp((s) => s.dataEpoch);
  const [changes, setChanges] = useState(0);
  const [items, setItems] = useState<AccountSummary[] | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });

  useEffect(() => bridge.on('accounts.changed', () => setChanges((n) => n + 1)), [bridge]);

  useEffect(() => {
    if (dataEpoch === 0) return;
    let current = true;
    void bridge.call('accounts.list', {}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setItems(result.value.items);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [bridge, dataEpoch, changes]);

  return (
    <>
      <PageHeader title={t('accounts.title')}>
        {view.kind !== 'add' && (
          <button type="button" className="button button--primary" onClick={() => setView({ kind: 'add' })}>
            {t('accounts.add')}
          </button>
        )}
      </PageHeader>
      {view.kind === 'add' && <AddAccountForm onCancel={() => setView({ kind: 'list' })} onDone={(account) => setView({ kind: 'detail', id: account.id })} />}
      {view.kind === 'detail' && (
        <AccountDetailView
          key={view.id}
          id={view.id}
          onClose={() => setView({ kind: 'list' })}
          onChanged={() => setChanges((n) => n + 1)}
          onRemoved={() => {
            setView({ kind: 'list' });
            setChanges((n) => n + 1);
            requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-page-heading]')?.focus());
          }}
        />
      )}
      {error && (
        <div className="callout callout--danger" role="alert">
          <p>{t('accounts.loadError', { message: errorText(t, error) })}</p>
        </div>
      )}
      {items === null && !error && <p className="muted loading">{t('app.loading')}</p>}
      {items !== null && items.length === 0 && view.kind === 'list' && (
        <EmptyState icon="accounts" title={t('accounts.empty.title')}>
          <p>{t('accounts.empty.body')}</p>
        </EmptyState>
      )}
      {items
        ?.filter((account) => account.pollWarning)
        .map((account) => (
          <div key={account.id} className="callout callout--warning" role="status">
            <Icon name="warning" size={18} />
            <p>
              <strong>{account.name}:</strong> {pollWarningText(t, account.pollWarning!)}
            </p>
          </div>
        ))}
      {items !== null && items.length > 0 && (
        <TableCard label={t('accounts.title')}>
          <table className="table">
            <caption className="visually-hidden">{t('accounts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.column.name')}</th>
                <th scope="col">{t('accounts.column.service')}</th>
                <th scope="col">{t('accounts.column.environment')}</th>
                <th scope="col">{t('accounts.column.organization')}</th>
                <th scope="col">{t('accounts.column.lastSync')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('accounts.column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((account) => (
                <tr key={account.id}>
                  <td>
                    <div className="cell-name">
                      <span className="cell-title">{account.name}</span>
                      {account.isDemo && <span className="badge badge--info">{t('accounts.demo')}</span>}
                    </div>
                  </td>
                  <td className="nowrap">{t(`provider.${account.provider}`)}</td>
                  <td>{t(`environment.${account.environment}`)}</td>
                  <td className="nowrap">{account.organizationNumber ? formatOrganizationNumber(account.organizationNumber) : '–'}</td>
                  <td className="nowrap">
                    {account.lastSyncAt ? (
                      <time dateTime={account.lastSyncAt}>{formatDateTime(language, account.lastSyncAt)}</time>
                    ) : (
                      <span className="muted">{t('accounts.never')}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t('accounts.openNamed', { name: account.name })}
                      onClick={() => setView({ kind: 'detail', id: account.id })}
                    >
                      {t('accounts.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableCard>
      )}
    </>
  );
}

import { useT } from '../app/store-context';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function ComposePage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('compose.title')} />
      <EmptyState icon="pen" title={t('compose.later')}>
        <p>{t('compose.body')}</p>
      </EmptyState>
    </>
  );
}

import type { AppInfo } from '../../src-shared/contract';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';

export function SettingsPage() {
  const t = useT();
  const settings = useApp((s) => s.settings);
  const appInfo = useApp((s) => s.appInfo);
  const settingsError = useApp((s) => s.settingsError);
  const updateSettings = useApp((s) => s.updateSettings);

  return (
    <>
      <PageHeader title={t('settings.title')} />

      <section className="card" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance" className="card__title">
          {t('settings.appearance')}
        </h2>
        {settingsError && (
          <div className="callout callout--danger" role="alert">
            <p>{t('settings.saveError', { message: errorText(t, settingsError) })}</p>
          </div>
        )}
        <ChoiceGroup
          legend={t('settings.language')}
          name="language"
          value={settings?.language}
          disabled={!settings}
          choices={[
            { value: 'system', label: t('settings.language.system') },
            { value: 'nb', label: t('settings.language.nb'), lang: 'nb' },
            { value: 'en', label: t('settings.language.en'), lang: 'en' },
          ]}
          onChange={(language) => void updateSettings({ language })}
        />
        <ChoiceGroup
          legend={t('settings.theme')}
          name="theme"
          value={settings?.theme}
          disabled={!settings}
          choices={[
            { value: 'system', label: t('settings.theme.system') },
            { value: 'light', label: t('settings.theme.light') },
            { value: 'dark', label: t('settings.theme.dark') },
          ]}
          onChange={(theme) => void updateSettings({ theme })}
        />
      </section>

      {appInfo && <AboutCard info={appInfo} />}
    </>
  );
}

function AboutCard({ info }: { info: AppInfo }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="settings-about">
      <h2 id="settings-about" className="card__title">
        {t('settings.about')}
      </h2>
      {info.secretStorage === 'file-insecure' && (
        <div className="callout callout--warning">
          <Icon name="warning" size={18} />
          <p>{t('settings.insecureWarning')}</p>
        </div>
      )}
      <dl className="facts">
        <dt>{t('settings.version')}</dt>
        <dd>
          {info.name} {info.version}
        </dd>
        <dt>{t('settings.host')}</dt>
        <dd>{t(`settings.host.${info.host}`)}</dd>
        <dt>{t('settings.dataDir')}</dt>
        <dd className="mono">{info.dataDir}</dd>
        <dt>{t('settings.database')}</dt>
        <dd className="mono">{info.databasePath}</dd>
        <dt>{t('settings.secretStorage')}</dt>
        <dd>{t(`settings.secretStorage.${info.secretStorage}`)}</dd>
      </dl>
    </section>
  );
}

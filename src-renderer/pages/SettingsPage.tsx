import { useEffect, useId, useState } from 'react';
import type { AppInfo, Settings } from '../../src-shared/contract';
import { localizedNamingPattern } from '../../src-shared/i18n';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { Field } from '../components/Field';
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

      {settings && <FilingCard settings={settings} />}
      {settings && <NotificationsCard settings={settings} />}
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

const NAMING_TOKEN = /\{\s*(title|reference or title|reference|date|job id)\s*\}/gi;
const ANY_TOKEN = /\{([^{}]*)\}/g;

/**
 * What a pattern gives for a sample job. The core's naming also cleans names for every file system;
 * this preview only fills the tokens, which is what the user is shaping here.
 */
export function namingExample(pattern: string, sample: { title: string; reference: string; date: string; id: string }): string {
  const values: Record<string, string> = {
    title: sample.title,
    reference: sample.reference,
    'reference or title': sample.reference || sample.title,
    date: sample.date,
    'job id': sample.id,
  };
  return pattern.replace(NAMING_TOKEN, (_, token: string) => values[token.toLowerCase().replace(/\s+/g, ' ')] ?? '');
}

export function unknownTokens(pattern: string): string[] {
  return [...pattern.matchAll(ANY_TOKEN)].map((m) => m[0]).filter((token) => !new RegExp(`^${NAMING_TOKEN.source}$`, 'i').test(token));
}

/** Today as the file names write it: YYYY-MM-DD in local time, not UTC. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function FilingCard({ settings }: { settings: Settings }) {
  const t = useT();
  const updateSettings = useApp((s) => s.updateSettings);
  const patternId = useId();
  const [folder, setFolder] = useState(settings.saveFolder);
  // The default pattern is shown (and files are named) in the chosen language: "… - signert.pdf".
  const storedPattern = localizedNamingPattern(settings.fileNamePattern, t.language);
  const [pattern, setPattern] = useState(storedPattern);
  const [saved, setSaved] = useState(false);
  useEffect(() => setFolder(settings.saveFolder), [settings.saveFolder]);
  useEffect(() => setPattern(storedPattern), [storedPattern]);

  const unknown = unknownTokens(pattern);
  const patternProblem = !pattern.trim() ? t('settings.filing.patternRequired') : unknown.length ? t('settings.filing.unknownTokens', { tokens: unknown.join(', ') }) : null;
  const example = namingExample(pattern, { title: t('settings.filing.sampleTitle'), reference: 'SAK-2026-114', date: localToday(), id: '3f2a9c' });
  const dirty = folder !== settings.saveFolder || pattern !== storedPattern;

  return (
    <section className="card" aria-labelledby="settings-filing">
      <h2 id="settings-filing" className="card__title">
        {t('settings.filing')}
      </h2>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (patternProblem) return;
          void updateSettings({ saveFolder: folder.trim(), fileNamePattern: pattern.trim() }).then(() => setSaved(true));
        }}
      >
        <Field label={t('settings.filing.folder')} hint={t('settings.filing.folderHint', { folder: t('fileName.defaultFolder') })}>
          {(a) => <input {...a} className="input mono" value={folder} onChange={(e) => { setFolder(e.target.value); setSaved(false); }} />}
        </Field>
        <div className="form-field">
          <label htmlFor={patternId} className="form-field__label">
            {t('settings.filing.pattern')}
          </label>
          <input
            id={patternId}
            className="input mono"
            value={pattern}
            aria-invalid={patternProblem ? true : undefined}
            aria-describedby={`${patternId}-example ${patternId}-hint${patternProblem ? ` ${patternId}-error` : ''}`}
            onChange={(e) => { setPattern(e.target.value); setSaved(false); }}
          />
          <p id={`${patternId}-example`} className="form-field__example">
            {t('settings.filing.example')} <span className="mono">{example}</span>
          </p>
          <p id={`${patternId}-hint`} className="form-field__hint">
            {t('settings.filing.patternHint')}
          </p>
          {patternProblem && (
            <p id={`${patternId}-error`} className="form-field__error">
              {patternProblem}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={!dirty || patternProblem !== null}>
            {t('settings.filing.save')}
          </button>
          <span role="status" className="muted">
            {saved && !dirty ? t('settings.filing.saved') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}

const notificationKinds = ['signerSigned', 'jobFinished', 'needsAttention', 'fileSaved'] as const;

function NotificationsCard({ settings }: { settings: Settings }) {
  const t = useT();
  const updateSettings = useApp((s) => s.updateSettings);
  return (
    <section className="card" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications" className="card__title">
        {t('settings.notifications')}
      </h2>
      <fieldset className="field">
        <legend className="visually-hidden">{t('settings.notifications')}</legend>
        {notificationKinds.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={settings.notifications[kind]}
              onChange={(event) => void updateSettings({ notifications: { [kind]: event.target.checked } })}
            />
            <span>
              <span className="check__label">{t(`settings.notify.${kind}`)}</span>
              <span className="check__hint muted">{t(`settings.notify.${kind}.hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}

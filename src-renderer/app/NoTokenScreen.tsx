import { createTranslator, localeOf, resolveLanguage } from '../../src-shared/i18n';

/** The web host was opened without its access token, so there is nothing to connect with. */
export function NoTokenScreen() {
  const language = resolveLanguage('system', navigator.language);
  const t = createTranslator(language);
  document.documentElement.lang = localeOf(language);
  document.title = t('app.name');
  return (
    <main className="standalone">
      <div className="card standalone__card">
        <h1 className="page-title">{t('app.name')}</h1>
        <p>{t('connection.noToken')}</p>
        <p className="muted">{t('connection.noTokenDetail')}</p>
      </div>
    </main>
  );
}

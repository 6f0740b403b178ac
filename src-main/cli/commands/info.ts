import type { CliCommand } from '../command';

export const info: CliCommand = {
  name: 'info',
  summary: 'cli.summary.info',
  synopsis: '',
  options: {},
  async run(context) {
    const value = await context.call('app.info', {});
    const { t } = context;
    context.print(value, () =>
      [
        [t('cli.info.name'), value.name],
        [t('cli.info.version'), value.version],
        [t('settings.host'), t(`settings.host.${value.host}`)],
        [t('settings.dataDir'), value.dataDir],
        [t('settings.database'), value.databasePath],
        [t('cli.info.osLanguage'), value.osLanguage],
        [t('settings.secretStorage'), t(`settings.secretStorage.${value.secretStorage}`)],
      ]
        .map(([label, v]) => `${label}: ${v}`)
        .join('\n'),
    );
  },
};

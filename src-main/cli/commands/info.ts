import type { CliCommand } from '../command';

export const info: CliCommand = {
  name: 'info',
  summary: 'where the data lives, the version',
  synopsis: '',
  options: {},
  async run(context) {
    const value = await context.call('app.info', {});
    context.print(value, () => Object.entries(value).map(([key, v]) => `${key}: ${v}`).join('\n'));
  },
};

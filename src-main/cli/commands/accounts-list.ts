import type { CliCommand } from '../command';
import { formatAccounts } from '../format';

export const accountsList: CliCommand = {
  name: 'accounts list',
  summary: 'cli.summary.accountsList',
  synopsis: '',
  options: {},
  async run(context) {
    const { items } = await context.call('accounts.list', {});
    context.print(items, () => formatAccounts(context.t, items));
  },
};

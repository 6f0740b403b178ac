import { startDemoIfWanted } from '../../demo/demo-sandbox';
import { CliFailure, type CliCommand } from '../command';
import { formatAccount } from '../format';

export const accountsAddDemo: CliCommand = {
  name: 'accounts add demo',
  summary: 'cli.summary.accountsAddDemo',
  synopsis: '',
  options: {},
  async run(context) {
    const demo = await startDemoIfWanted(context.core, { force: true });
    if (!demo) throw new CliFailure({ key: 'cli.demoFailed' });
    try {
      const account = await context.call('accounts.get', { id: demo.accountId });
      context.print({ ...account, demo: { webRoot: demo.info.webRoot, controlUrl: demo.info.controlUrl } }, () =>
        [
          `${context.t('cli.demoAdded')}\n${formatAccount(context.t, account)}`,
          '',
          context.t('cli.demoNote'),
        ].join('\n'),
      );
    } finally {
      await demo.close();
    }
  },
};

import { startDemoIfWanted } from '../../demo/demo-sandbox';
import { CliFailure, type CliCommand } from '../command';
import { formatAccount } from '../format';

export const accountsAddDemo: CliCommand = {
  name: 'accounts add demo',
  summary: 'add an account for the local demo sandbox (it runs inside each signing-desk command)',
  synopsis: '',
  options: {},
  async run(context) {
    const demo = await startDemoIfWanted(context.core, { force: true });
    if (!demo) throw new CliFailure('The demo sandbox could not be started.');
    try {
      const account = await context.call('accounts.get', { id: demo.accountId });
      context.print({ ...account, demo: { webRoot: demo.info.webRoot, controlUrl: demo.info.controlUrl } }, () =>
        [
          `Added the demo account.\n${formatAccount(account)}`,
          '',
          'The demo service runs only while a signing-desk command runs (e.g. `signing-desk sync`);',
          'its addresses can change between runs.',
        ].join('\n'),
      );
    } finally {
      await demo.close();
    }
  },
};

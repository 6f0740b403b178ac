import { connectionTestText } from '../../../src-shared/i18n';
import { EXIT_FAILURE, type CliCommand } from '../command';
import { failureLine } from '../format';

export const accountsTest: CliCommand = {
  name: 'accounts test',
  summary: 'cli.summary.accountsTest',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'account' },
  talksToService: true,
  async run(context, _values, [id]) {
    const result = await context.call('accounts.test', { id });
    // A failure's technical message follows its sentence as "Details", as for any failure.
    const words = result.ok ? connectionTestText(context.t, result) : failureLine(context.t, { reason: result.reason, params: result.params, detail: result.message });
    context.print({ id, ...result }, () => context.t(result.ok ? 'cli.testOk' : 'cli.testFailed', { outcome: words }));
    if (!result.ok) {
      context.io.stderr.write(`${words}\n`);
      return EXIT_FAILURE;
    }
  },
};

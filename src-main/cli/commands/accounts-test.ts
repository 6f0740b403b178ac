import { EXIT_FAILURE, type CliCommand } from '../command';
import { failureLine } from '../format';

export const accountsTest: CliCommand = {
  name: 'accounts test',
  summary: 'cli.summary.accountsTest',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  talksToService: true,
  async run(context, _values, [id]) {
    const result = await context.call('accounts.test', { id });
    const failure = result.ok ? '' : failureLine(context.t, { reason: result.reason, detail: result.message });
    context.print({ id, ...result }, () => (result.ok ? context.t('cli.testOk', { answer: result.answer ?? result.message }) : context.t('cli.testFailed', { reason: failure })));
    if (!result.ok) {
      context.io.stderr.write(`${failure}\n`);
      return EXIT_FAILURE;
    }
  },
};

import { EXIT_FAILURE, type CliCommand } from '../command';

export const accountsTest: CliCommand = {
  name: 'accounts test',
  summary: 'test the connection: calls the service with the account certificate',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'account' },
  talksToService: true,
  async run(context, _values, [id]) {
    const result = await context.call('accounts.test', { id });
    context.print({ id, ...result }, () => `${result.ok ? 'OK' : 'FAILED'}: ${result.message}`);
    if (!result.ok) {
      context.io.stderr.write(`${result.message.split('\n')[0]}\n`);
      return EXIT_FAILURE;
    }
  },
};

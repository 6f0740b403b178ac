import type { CliCommand } from '../command';
import { formatUnmatched } from '../format';

export const jobsUnmatched: CliCommand = {
  name: 'jobs unmatched',
  summary: 'cli.summary.jobsUnmatched',
  synopsis: '',
  options: {},
  async run(context) {
    const { items } = await context.call('jobs.listUnmatched', {});
    context.print(items, () => formatUnmatched(context.t, items));
  },
};

export const jobsDismissUnmatched: CliCommand = {
  name: 'jobs dismiss-unmatched',
  summary: 'cli.summary.jobsDismissUnmatched',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  talksToService: true,
  async run(context, _values, [id]) {
    await context.call('jobs.dismissUnmatched', { id });
    context.print({ id, dismissed: true }, () => context.t('cli.dismissed', { id }));
  },
};

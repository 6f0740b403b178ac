import type { CliCommand } from '../command';
import { formatUnmatched } from '../format';

export const jobsUnmatched: CliCommand = {
  name: 'jobs unmatched',
  summary: 'status changes for jobs this installation does not know (kept, not confirmed)',
  synopsis: '',
  options: {},
  async run(context) {
    const { items } = await context.call('jobs.listUnmatched', {});
    context.print(items, () => formatUnmatched(items));
  },
};

export const jobsDismissUnmatched: CliCommand = {
  name: 'jobs dismiss-unmatched',
  summary: 'confirm an unmatched status change at the service and drop it from the list',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  talksToService: true,
  async run(context, _values, [id]) {
    await context.call('jobs.dismissUnmatched', { id });
    context.print({ id, dismissed: true }, () => `Dismissed ${id}; the service has been told.`);
  },
};

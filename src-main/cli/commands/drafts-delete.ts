import type { CliCommand } from '../command';

export const draftsDelete: CliCommand = {
  name: 'drafts delete',
  summary: 'cli.summary.draftsDelete',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    await context.call('drafts.delete', { id });
    context.print({ id, deleted: true }, () => context.t('cli.draftDeleted', { id }));
  },
};

import type { CliCommand } from '../command';

export const draftsDelete: CliCommand = {
  name: 'drafts delete',
  summary: 'delete a draft (`jobs list --filter drafts` lists them); a job that was sent is never deleted',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    await context.call('drafts.delete', { id });
    context.print({ id, deleted: true }, () => `Deleted the draft ${id}.`);
  },
};

import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsArchive: CliCommand = {
  name: 'jobs archive',
  summary: 'move a finished job to the archive (out of the other lists; nothing is deleted)',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.archive', { id });
    context.print(jobJson(job, context.showPin), () => `Archived. \`signing-desk jobs unarchive ${job.id}\` brings it back.\n${formatJob(job, context.showPin)}`);
  },
};

export const jobsUnarchive: CliCommand = {
  name: 'jobs unarchive',
  summary: 'bring an archived job back to the lists',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.unarchive', { id });
    context.print(jobJson(job, context.showPin), () => `Restored from the archive.\n${formatJob(job, context.showPin)}`);
  },
};

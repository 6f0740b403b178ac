import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsArchive: CliCommand = {
  name: 'jobs archive',
  summary: 'cli.summary.jobsArchive',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.archive', { id });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.archived', { id: job.id })}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

export const jobsUnarchive: CliCommand = {
  name: 'jobs unarchive',
  summary: 'cli.summary.jobsUnarchive',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.unarchive', { id });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.unarchived')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

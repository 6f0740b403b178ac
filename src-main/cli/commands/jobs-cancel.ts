import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsCancel: CliCommand = {
  name: 'jobs cancel',
  summary: 'cli.summary.jobsCancel',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  talksToService: true,
  async run(context, _values, [id]) {
    const job = await context.call('jobs.cancel', { id });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.cancelSent')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

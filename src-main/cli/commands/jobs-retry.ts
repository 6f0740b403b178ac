import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsRetry: CliCommand = {
  name: 'jobs retry',
  summary: 'cli.summary.jobsRetry',
  synopsis: 'ID [--accept-duplicate-risk]',
  help: 'cli.help.jobsRetry',
  options: { 'accept-duplicate-risk': { type: 'boolean', default: false } },
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, values, [id]) {
    const job = await context.call('jobs.retrySubmit', { id, acceptDuplicateRisk: values['accept-duplicate-risk'] === true });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.retried')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsCancel: CliCommand = {
  name: 'jobs cancel',
  summary: 'cancel a job at the service (the signers not yet signed are cancelled at the next sync)',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  talksToService: true,
  async run(context, _values, [id]) {
    const job = await context.call('jobs.cancel', { id });
    context.print(jobJson(job, context.showPin), () => `Cancellation sent.\n${formatJob(job, context.showPin)}`);
  },
};

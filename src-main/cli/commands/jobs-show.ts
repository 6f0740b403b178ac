import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsShow: CliCommand = {
  name: 'jobs show',
  summary: 'one job: status, signers, documents, files, history',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.get', { id });
    context.print(jobJson(job, context.showPin), () => formatJob(job, context.showPin));
  },
};

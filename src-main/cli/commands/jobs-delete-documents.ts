import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsDeleteDocuments: CliCommand = {
  name: 'jobs delete-documents',
  summary: 'cli.summary.jobsDeleteDocuments',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  talksToService: true,
  async run(context, _values, [id]) {
    const job = await context.call('jobs.deleteDocuments', { id });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.documentsDeleted')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

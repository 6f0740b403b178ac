import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsDeleteDocuments: CliCommand = {
  name: 'jobs delete-documents',
  summary: 'delete the documents of a finished job at the service',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  talksToService: true,
  async run(context, _values, [id]) {
    const job = await context.call('jobs.deleteDocuments', { id });
    context.print(jobJson(job, context.showPin), () => `Documents deleted at the service.\n${formatJob(job, context.showPin)}`);
  },
};

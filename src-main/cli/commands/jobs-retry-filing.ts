import { EXIT_FAILURE, type CliCommand } from '../command';
import { formatJob } from '../format';
import { attentionReason, jobJson } from '../job-json';

export const jobsRetryFiling: CliCommand = {
  name: 'jobs retry-filing',
  summary: 'copy the signed files waiting in the archive into the save folder now (once the folder is back)',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.retryFiling', { id });
    context.print(jobJson(job, context.showPin), () => formatJob(job, context.showPin));
    if (job.attention?.reason === 'not-filed') {
      context.io.stderr.write(`${attentionReason(job.attention)}\n`);
      return EXIT_FAILURE;
    }
  },
};

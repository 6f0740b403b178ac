import { EXIT_FAILURE, type CliCommand } from '../command';
import { formatJob } from '../format';
import { attentionText } from '../../../src-shared/i18n/attention-words';
import { jobJson } from '../job-json';

export const jobsRetryFiling: CliCommand = {
  name: 'jobs retry-filing',
  summary: 'cli.summary.jobsRetryFiling',
  synopsis: 'ID',
  options: {},
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, _values, [id]) {
    const job = await context.call('jobs.retryFiling', { id });
    context.print(jobJson(job, context.showPin), () => formatJob(context.t, job, context.showPin));
    if (job.attention?.reason === 'not-filed') {
      context.io.stderr.write(`${attentionText(context.t, context.t.language, job.attention)}\n`);
      return EXIT_FAILURE;
    }
  },
};

import type { CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';

export const jobsRetry: CliCommand = {
  name: 'jobs retry',
  summary: 'put a job that was not sent (or may not have been) back in the outbox',
  synopsis: 'ID [--accept-duplicate-risk]',
  help: [
    '  --accept-duplicate-risk  needed for a job whose outcome is unknown: the service may have it already,',
    '                           and sending it again may make a second job the signers are asked to sign',
  ].join('\n'),
  options: { 'accept-duplicate-risk': { type: 'boolean', default: false } },
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, values, [id]) {
    const job = await context.call('jobs.retrySubmit', { id, acceptDuplicateRisk: values['accept-duplicate-risk'] === true });
    context.print(jobJson(job, context.showPin), () => `Back in the outbox; the next sync sends it.\n${formatJob(job, context.showPin)}`);
  },
};

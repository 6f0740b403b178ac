import { integerOption, listOption, stringOption, type CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';
import { parseSignerSpec } from '../signer-spec';
import { jobCreateOptions, jobOptionForPath, readJobBasics } from '../job-input';

export const jobsCreatePortal: CliCommand = {
  name: 'jobs create portal',
  summary: 'cli.summary.jobsCreatePortal',
  synopsis: '--account ID --title T --document FILE[=TITLE] ... --signer SPEC ... [options]',
  help: 'cli.help.jobsCreatePortal',
  ids: { '--account': 'account' },
  options: {
    ...jobCreateOptions,
    'nonsensitive-title': { type: 'string' },
    'deadline-days': { type: 'string' },
    activation: { type: 'string' },
  },
  optionForPath: jobOptionForPath,
  async run(context, values) {
    const signers = listOption(values, 'signer', true).map((spec, index) => parseSignerSpec(spec, index));
    const job = await context.call('jobs.create', {
      flow: 'portal',
      ...(await readJobBasics(context, values)),
      signers,
      nonsensitiveTitle: stringOption(values, 'nonsensitive-title'),
      availableDays: integerOption(values, 'deadline-days'),
      activationTime: stringOption(values, 'activation'),
    });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.queued')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

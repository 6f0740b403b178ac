import { listOption, type CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';
import { jobCreateOptions, jobOptionForPath, readJobBasics } from '../job-input';
import { parseDirectSignerSpec } from '../signer-spec';

/** A direct-flow job: signers sign right now in a browser, at addresses `jobs links` hands out. */
export const jobsCreateDirect: CliCommand = {
  name: 'jobs create direct',
  summary: 'cli.summary.jobsCreateDirect',
  synopsis: '--account ID --title T --document FILE[=TITLE] ... --signer SPEC ... [options]',
  help: 'cli.help.jobsCreateDirect',
  ids: { '--account': 'account' },
  options: jobCreateOptions,
  optionForPath: jobOptionForPath,
  async run(context, values) {
    // Signers are read before anything is uploaded, so a malformed SPEC costs nothing.
    const signers = listOption(values, 'signer', true).map((spec, index) => parseDirectSignerSpec(spec, index));
    const job = await context.call('jobs.create', { flow: 'direct', ...(await readJobBasics(context, values)), signers });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.direct.queued')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

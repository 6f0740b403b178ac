import { listOption, type CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';
import { jobOptionForPath, readJobBasics } from '../job-input';
import { parseTridentSignerSpec } from '../signer-spec';
import { labelsOption } from './accounts-add-trident';

/**
 * A TRIDENT job: the signers sign one after another, each at the address `jobs links` gives once
 * it is their turn. Without --signer, one signer without a name.
 */
export const jobsCreateTrident: CliCommand = {
  name: 'jobs create trident',
  summary: 'cli.summary.jobsCreateTrident',
  synopsis: '--account ID --title T --document FILE[=TITLE] ... [--signer name=N ...] [--labels "a+b,c+d"] [options]',
  help: 'cli.help.jobsCreateTrident',
  ids: { '--account': 'account' },
  options: {
    account: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    reference: { type: 'string' },
    document: { type: 'string', multiple: true },
    signer: { type: 'string', multiple: true },
    labels: { type: 'string' },
  },
  optionForPath: (path) => (path.split('.')[0] === 'labels' ? '--labels' : jobOptionForPath(path)),
  async run(context, values) {
    // Signers and labels are read before anything is uploaded, so a malformed one costs nothing.
    const specs = listOption(values, 'signer');
    const signers = specs.length ? specs.map((spec, index) => parseTridentSignerSpec(spec, index)) : [{}];
    const labels = labelsOption(values);
    const { requiredAuthentication: _level, identifierInSignedDocuments: _identifier, ...basics } = await readJobBasics(context, values);
    const job = await context.call('jobs.create', { flow: 'trident', ...basics, signers, ...(labels ? { labels } : {}) });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.trident.queued')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

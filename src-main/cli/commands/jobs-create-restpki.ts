import { listOption, type CliCommand } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';
import { jobOptionForPath, readJobBasics } from '../job-input';
import { parseRestPkiSignerSpec } from '../signer-spec';

/**
 * A Rest PKI Core job: one signature session per signer, in the order given, each signing the
 * documents as the one before signed them. Without `--signer`, one signer: whoever opens the link.
 */
export const jobsCreateRestPki: CliCommand = {
  name: 'jobs create restpki',
  summary: 'cli.summary.jobsCreateRestPki',
  synopsis: '--account ID --title T --document FILE[=TITLE] ... [--signer name=N,cpf=CPF ...] [--background] [--disable-downloads]',
  help: 'cli.help.jobsCreateRestPki',
  ids: { '--account': 'account' },
  options: {
    account: { type: 'string' },
    title: { type: 'string' },
    reference: { type: 'string' },
    document: { type: 'string', multiple: true },
    signer: { type: 'string', multiple: true },
    background: { type: 'boolean' },
    'disable-downloads': { type: 'boolean' },
  },
  optionForPath: (path) => (path === 'backgroundProcessing' ? '--background' : path === 'disableDownloads' ? '--disable-downloads' : jobOptionForPath(path)),
  async run(context, values) {
    // Signers are read before anything is uploaded, so a malformed SPEC costs nothing.
    const specs = listOption(values, 'signer');
    const signers = specs.length ? specs.map((spec, index) => parseRestPkiSignerSpec(spec, index)) : [{}];
    const { accountId, title, reference, documents } = await readJobBasics(context, values);
    const job = await context.call('jobs.create', {
      flow: 'restpki',
      accountId,
      title,
      reference,
      documents,
      signers,
      ...(values.background === true ? { backgroundProcessing: true } : {}),
      ...(values['disable-downloads'] === true ? { disableDownloads: true } : {}),
    });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.restpki.queued')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

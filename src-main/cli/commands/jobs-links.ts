import { CliFailure, stringOption, UsageError, type CliCommand } from '../command';
import { systemBrowserOpener } from '../browser-opener';
import { signerLabelOf } from '../../../src-shared/domain';

/**
 * Where each open signer of a job signs now. Each call asks the service for fresh addresses where
 * an address works once (Posten's direct flow), so one printed earlier may no longer work.
 */
export const jobsLinks: CliCommand = {
  name: 'jobs links',
  summary: 'cli.summary.jobsLinks',
  synopsis: 'ID [--signer N] [--open]',
  help: 'cli.help.jobsLinks',
  options: { signer: { type: 'string' }, open: { type: 'boolean', default: false } },
  positionals: ['ID'],
  ids: { ID: 'job' },
  async run(context, values, [id]) {
    const job = await context.call('jobs.get', { id });
    const position = stringOption(values, 'signer');
    let signerId: string | undefined;
    if (position !== undefined) {
      const signer = /^\d+$/.test(position) ? job.signers.find((s) => s.position === Number(position) - 1) : undefined;
      if (!signer) throw new UsageError({ key: 'cli.links.noSuchSigner', params: { signer: position, count: job.signers.length } });
      signerId = signer.id;
    }
    const { links } = await context.call('jobs.signingLinks', { id, signerId });
    if (links.length === 0) throw new CliFailure({ key: 'cli.links.none' });
    const named = links.map((link) => ({ ...link, signer: link.position + 1, name: signerLabelOf(job.signers.find((s) => s.id === link.signerId) ?? {}) ?? context.t('notify.signerFallback', { number: link.position + 1 }) }));
    if (values.open) for (const link of named) await systemBrowserOpener.open(link.url);
    context.print({ jobId: id, links: named.map(({ signerId: sid, signer, url }) => ({ signerId: sid, signer, url })) }, () =>
      [
        ...named.map((link) => context.t('cli.links.line', { signer: link.signer, name: link.name, url: link.url })),
        context.t(values.open ? 'cli.links.opened' : 'cli.links.once'),
      ].join('\n'),
    );
  },
};

import { CliFailure, EXIT_FAILURE, type CliCommand } from '../command';
import { describeAccountRemoval } from '../format';

export const accountsRemove: CliCommand = {
  name: 'accounts remove',
  summary: 'cli.summary.accountsRemove',
  synopsis: 'ID [--yes] [--stop-following]',
  help: 'cli.help.accountsRemove',
  options: { yes: { type: 'boolean', default: false }, 'stop-following': { type: 'boolean', default: false } },
  positionals: ['ID'],
  ids: { ID: 'account' },
  async run(context, values, [id]) {
    const impact = await context.call('accounts.removalImpact', { id });
    const stopFollowing = values['stop-following'] === true;
    if (values.yes !== true) {
      context.print({ ...impact, removed: false }, () => describeAccountRemoval(context.t, impact, stopFollowing));
      context.io.stderr.write(`${context.t('cli.removal.needsYes')}\n`);
      return EXIT_FAILURE;
    }
    const open = impact.unfinishedJobs + impact.jobsAwaitingFiles;
    if (open > 0 && !stopFollowing) throw new CliFailure({ text: context.t.plural('cli.removal.openJobs', open, { name: impact.name }) });
    const removal = await context.call('accounts.remove', { id, stopFollowingUnfinished: stopFollowing });
    const t = context.t;
    context.print({ ...removal, removed: true }, () =>
      [
        t('cli.removed.account', { name: removal.name }),
        removal.keptJobs > 0 ? t.plural('cli.removed.keptJobs', removal.keptJobs) : '',
        removal.drafts > 0 ? t.plural('cli.removed.drafts', removal.drafts) : '',
        removal.cancelledQueued > 0 ? t.plural('cli.removed.cancelledQueued', removal.cancelledQueued) : '',
        removal.stoppedFollowing > 0 ? t.plural('cli.removed.stoppedFollowing', removal.stoppedFollowing) : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  },
};

import { CliFailure, EXIT_FAILURE, type CliCommand } from '../command';
import { describeAccountRemoval } from '../format';

export const accountsRemove: CliCommand = {
  name: 'accounts remove',
  summary: 'remove an account and its certificate; its jobs stay in the list, read-only (asks for --yes)',
  synopsis: 'ID [--yes] [--stop-following]',
  help: [
    '  --yes              remove it; without it, only print what removing it would do',
    '  --stop-following   remove it even though jobs are not finished or still have signed files to',
    '                     download: queued jobs are cancelled, the others are no longer followed',
  ].join('\n'),
  options: { yes: { type: 'boolean', default: false }, 'stop-following': { type: 'boolean', default: false } },
  positionals: ['ID'],
  ids: { ID: 'account' },
  async run(context, values, [id]) {
    const impact = await context.call('accounts.removalImpact', { id });
    const stopFollowing = values['stop-following'] === true;
    if (values.yes !== true) {
      context.print({ ...impact, removed: false }, () => describeAccountRemoval(impact, stopFollowing));
      context.io.stderr.write('Nothing removed: run again with --yes to remove the account.\n');
      return EXIT_FAILURE;
    }
    const open = impact.unfinishedJobs + impact.jobsAwaitingFiles;
    if (open > 0 && !stopFollowing) {
      const jobs = open === 1 ? '1 job that is' : `${open} jobs that are`;
      throw new CliFailure(
        `“${impact.name}” has ${jobs} not finished or still waiting for signed files. Cancel them or wait until they are done, or add --stop-following; nothing was removed.`,
      );
    }
    const removal = await context.call('accounts.remove', { id, stopFollowingUnfinished: stopFollowing });
    context.print({ ...removal, removed: true }, () =>
      [
        `Removed the account “${removal.name}”; its certificate is deleted from the secret store.`,
        removal.keptJobs > 0 ? `${removal.keptJobs === 1 ? '1 job stays' : `${removal.keptJobs} jobs stay`} in the job list, read-only; signed files already saved are untouched.` : '',
        removal.drafts > 0 ? `${removal.drafts === 1 ? '1 draft' : `${removal.drafts} drafts`} deleted.` : '',
        removal.cancelledQueued > 0 ? `${removal.cancelledQueued === 1 ? '1 queued job' : `${removal.cancelledQueued} queued jobs`} cancelled (never sent).` : '',
        removal.stoppedFollowing > 0 ? `${removal.stoppedFollowing === 1 ? '1 job is' : `${removal.stoppedFollowing} jobs are`} no longer followed.` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  },
};

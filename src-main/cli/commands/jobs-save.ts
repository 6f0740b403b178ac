import { resolve } from 'node:path';
import { makePrivateFolder } from '../../core/private-files';
import { CliFailure, requiredOption, type CliCommand } from '../command';
import { describeFailure } from '../../core/failure';
import { failureLine } from '../format';
import { jobJson } from '../job-json';

export const jobsSave: CliCommand = {
  name: 'jobs save',
  summary: 'cli.summary.jobsSave',
  synopsis: 'ID --to DIR',
  options: { to: { type: 'string' } },
  positionals: ['ID'],
  ids: { ID: 'job' },
  optionForPath: (path) => (path === 'folder' ? '--to' : undefined),
  async run(context, values, [id]) {
    const folder = resolve(requiredOption(values, 'to'));
    try {
      makePrivateFolder(folder);
    } catch (error) {
      throw new CliFailure({ text: context.t('cli.cannotCreateFolder', { folder, reason: failureLine(context.t, describeFailure(error)) }) });
    }
    const before = await context.call('jobs.get', { id });
    const lastEvent = Math.max(0, ...before.events.map((e) => e.id));
    const job = await context.call('jobs.saveAgain', { id, folder });
    const savedFiles = job.events.filter((e) => e.id > lastEvent && e.kind === 'saved-again').map((e) => String(e.data.path));
    context.print({ ...jobJson(job, context.showPin), savedFiles }, () => savedFiles.map((path) => context.t('cli.saved', { path })).join('\n') || context.t('cli.nothingSaved'));
  },
};

import { resolve } from 'node:path';
import { makePrivateFolder } from '../../core/private-files';
import { CliFailure, requiredOption, type CliCommand } from '../command';
import { jobJson } from '../job-json';

export const jobsSave: CliCommand = {
  name: 'jobs save',
  summary: 'save copies of the signed files of a job to another folder',
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
      throw new CliFailure(`Cannot create ${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const before = await context.call('jobs.get', { id });
    const lastEvent = Math.max(0, ...before.events.map((e) => e.id));
    const job = await context.call('jobs.saveAgain', { id, folder });
    const savedFiles = job.events.filter((e) => e.id > lastEvent && e.kind === 'saved-again').map((e) => String(e.data.path));
    context.print({ ...jobJson(job, context.showPin), savedFiles }, () => savedFiles.map((path) => `Saved ${path}`).join('\n') || 'Nothing saved.');
  },
};

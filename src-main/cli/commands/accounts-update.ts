import { resolve } from 'node:path';
import { stringOption, UsageError, type CliCommand } from '../command';
import { formatAccount } from '../format';
import { callCreatingSaveFolder } from '../save-folder';

export const accountsUpdate: CliCommand = {
  name: 'accounts update',
  summary: 'change an account: its name, polling queue or save folder',
  synopsis: 'ID [--name N] [--polling-queue Q] [--save-folder DIR]',
  help: [
    '  --name N             a new name',
    '  --polling-queue Q    another status queue (updates waiting in the old one are not picked up)',
    '  --save-folder DIR    where signed files are copied; created if missing, but only inside a folder that exists',
  ].join('\n'),
  options: { name: { type: 'string' }, 'polling-queue': { type: 'string' }, 'save-folder': { type: 'string' } },
  positionals: ['ID'],
  ids: { ID: 'account' },
  optionForPath: (path) => ({ name: '--name', pollingQueue: '--polling-queue', saveFolder: '--save-folder' })[path.split('.')[0]],
  async run(context, values, [id]) {
    const name = stringOption(values, 'name');
    const pollingQueue = stringOption(values, 'polling-queue');
    const saveFolder = stringOption(values, 'save-folder');
    if (name === undefined && pollingQueue === undefined && saveFolder === undefined) throw new UsageError('Nothing to change: give --name, --polling-queue or --save-folder.');
    const { account, createdSaveFolder } = await callCreatingSaveFolder(context, 'accounts.update', {
      id,
      name,
      pollingQueue,
      saveFolder: saveFolder === undefined ? undefined : resolve(saveFolder),
    });
    context.print(createdSaveFolder ? { ...account, createdSaveFolder } : account, () => `${createdSaveFolder ? `Created the save folder ${createdSaveFolder}.\n` : ''}Changed.\n${formatAccount(account)}`);
  },
};

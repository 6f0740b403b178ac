import { resolve } from 'node:path';
import { stringOption, UsageError, type CliCommand } from '../command';
import { formatAccount } from '../format';
import { callCreatingSaveFolder } from '../save-folder';

export const accountsUpdate: CliCommand = {
  name: 'accounts update',
  summary: 'cli.summary.accountsUpdate',
  synopsis: 'ID [--name N] [--polling-queue Q] [--save-folder DIR]',
  help: 'cli.help.accountsUpdate',
  options: { name: { type: 'string' }, 'polling-queue': { type: 'string' }, 'save-folder': { type: 'string' } },
  positionals: ['ID'],
  ids: { ID: 'account' },
  optionForPath: (path) => ({ name: '--name', pollingQueue: '--polling-queue', saveFolder: '--save-folder' })[path.split('.')[0]],
  async run(context, values, [id]) {
    const name = stringOption(values, 'name');
    const pollingQueue = stringOption(values, 'polling-queue');
    const saveFolder = stringOption(values, 'save-folder');
    if (name === undefined && pollingQueue === undefined && saveFolder === undefined) throw new UsageError({ key: 'cli.nothingToChange' });
    const { account, createdSaveFolder } = await callCreatingSaveFolder(context, 'accounts.update', {
      id,
      name,
      pollingQueue,
      saveFolder: saveFolder === undefined ? undefined : resolve(saveFolder),
    });
    context.print(createdSaveFolder ? { ...account, createdSaveFolder } : account, () =>
      [...(createdSaveFolder ? [context.t('cli.createdSaveFolder', { folder: createdSaveFolder })] : []), context.t('cli.changed'), formatAccount(context.t, account)].join('\n'),
    );
  },
};

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddPostenAccountInput } from '../../../src-shared/contract';
import { describeFailure } from '../../core/failure';
import { CliFailure, requiredOption, stringOption, UsageError, type CliCommand, type CliContext } from '../command';
import { failureLine, formatAccount } from '../format';
import { callCreatingSaveFolder } from '../save-folder';

function readInput(context: CliContext, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliFailure({ text: context.t('cli.cannotReadFile', { file, reason: failureLine(context.t, describeFailure(error)) }) });
  }
}

const optionOfField: Record<string, string> = {
  name: '--name',
  environment: '--environment',
  apiRoot: '--api-root',
  organizationNumber: '--org',
  pollingQueue: '--polling-queue',
  serverOrganizationNumber: '--server-org',
  caCertificatesPem: '--ca',
  saveFolder: '--save-folder',
};

export const accountsAddPosten: CliCommand = {
  name: 'accounts add posten',
  summary: 'cli.summary.accountsAddPosten',
  synopsis: '--name N --org 123456789 --environment test|qa|production|custom --certificate FILE.p12 --passphrase-env VAR [options]',
  help: 'cli.help.accountsAddPosten',
  options: {
    name: { type: 'string' },
    org: { type: 'string' },
    environment: { type: 'string' },
    'api-root': { type: 'string' },
    ca: { type: 'string' },
    'server-org': { type: 'string' },
    certificate: { type: 'string' },
    'passphrase-env': { type: 'string' },
    'polling-queue': { type: 'string' },
    'save-folder': { type: 'string' },
    'delete-documents-after-filing': { type: 'boolean' },
  },
  optionForPath: (path) => optionOfField[path.split('.')[0]] ?? (path.startsWith('certificate') ? '--certificate' : undefined),
  async run(context, values) {
    const name = requiredOption(values, 'name');
    const organizationNumber = requiredOption(values, 'org');
    const environment = requiredOption(values, 'environment');
    const certificateFile = requiredOption(values, 'certificate');
    const passphraseVariable = requiredOption(values, 'passphrase-env');
    const passphrase = context.io.env[passphraseVariable];
    if (passphrase === undefined) throw new UsageError({ key: 'cli.passphraseEnvMissing', params: { variable: passphraseVariable } });
    const ca = stringOption(values, 'ca');
    const saveFolder = stringOption(values, 'save-folder');
    const input: AddPostenAccountInput = {
      name,
      organizationNumber,
      environment: environment as AddPostenAccountInput['environment'],
      apiRoot: stringOption(values, 'api-root'),
      serverOrganizationNumber: stringOption(values, 'server-org'),
      pollingQueue: stringOption(values, 'polling-queue'),
      saveFolder: saveFolder === undefined ? undefined : resolve(saveFolder),
      deleteDocumentsAfterFiling: values['delete-documents-after-filing'] === true ? true : undefined,
      caCertificatesPem: ca === undefined ? undefined : readInput(context, ca).toString('utf8'),
      certificate: { fileBase64: readInput(context, certificateFile).toString('base64'), passphrase },
    };
    const { account, createdSaveFolder } = await callCreatingSaveFolder(context, 'accounts.add', input);
    context.print(createdSaveFolder ? { ...account, createdSaveFolder } : account, () =>
      [...(createdSaveFolder ? [context.t('cli.createdSaveFolder', { folder: createdSaveFolder })] : []), context.t('cli.added'), formatAccount(context.t, account)].join('\n'),
    );
  },
};

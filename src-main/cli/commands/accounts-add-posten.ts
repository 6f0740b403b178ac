import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddPostenAccountInput } from '../../../src-shared/contract';
import { CliFailure, requiredOption, stringOption, UsageError, type CliCommand } from '../command';
import { formatAccount } from '../format';
import { callCreatingSaveFolder } from '../save-folder';

function readInput(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliFailure(`Cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
  summary: 'add a Posten signering account with its enterprise certificate',
  synopsis: '--name N --org 123456789 --environment test|qa|production|custom --certificate FILE.p12 --passphrase-env VAR [options]',
  help: [
    '  --name N                 a name for the account',
    '  --org NNNNNNNNN          the sender organisation number',
    '  --environment ENV        test, qa, production or custom',
    '  --api-root URL           the API root (required for custom; overrides the environment)',
    '  --ca FILE.pem            CA certificates the service must chain to: required for test and qa,',
    '                           whose roots are not publicly trusted; optional for custom and production',
    '  --server-org NNNNNNNNN   organisation number expected in the service certificate (default 984661185)',
    '  --certificate FILE.p12   the enterprise certificate (.p12/.pfx)',
    '  --passphrase-env VAR     the environment variable holding its passphrase (never on the command line)',
    '  --polling-queue Q        the status queue (default: one unique to this installation)',
    '  --save-folder DIR        where signed files are copied; created if missing, but only inside a folder that exists',
    '  --delete-documents-after-filing   delete the documents at the service once the signed PDF is saved',
  ].join('\n'),
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
    if (passphrase === undefined) throw new UsageError(`The environment variable ${passphraseVariable} named by --passphrase-env is not set.`);
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
      caCertificatesPem: ca === undefined ? undefined : readInput(ca, 'CA certificate file').toString('utf8'),
      certificate: { fileBase64: readInput(certificateFile, 'certificate file').toString('base64'), passphrase },
    };
    const { account, createdSaveFolder } = await callCreatingSaveFolder(context, 'accounts.addPosten', input);
    context.print(createdSaveFolder ? { ...account, createdSaveFolder } : account, () => `${createdSaveFolder ? `Created the save folder ${createdSaveFolder}.\n` : ''}Added.\n${formatAccount(account)}`);
  },
};

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { restPkiEndpoints, type AddRestPkiAccountInput } from '../../../src-shared/contract';
import { describeFailure } from '../../core/failure';
import { CliFailure, requiredOption, stringOption, UsageError, type CliCommand } from '../command';
import { failureLine, formatAccount } from '../format';
import { callCreatingSaveFolder } from '../save-folder';

const optionOfField: Record<string, string> = {
  name: '--name',
  endpoint: '--endpoint',
  apiKey: '--api-key-env',
  securityContextId: '--security-context',
  caCertificatesPem: '--ca',
  saveFolder: '--save-folder',
};

/** `saas` and `homologation` name Lacuna's own instances; anything else is the instance's address. */
const endpointOf = (value: string): string => restPkiEndpoints[value.toLowerCase() as keyof typeof restPkiEndpoints] ?? value;

export const accountsAddRestPki: CliCommand = {
  name: 'accounts add restpki',
  summary: 'cli.summary.accountsAddRestPki',
  synopsis: '--name N --endpoint URL --api-key-env VAR [--security-context UUID] [--ca FILE.pem] [--save-folder DIR]',
  help: 'cli.help.accountsAddRestPki',
  options: {
    name: { type: 'string' },
    endpoint: { type: 'string' },
    'api-key-env': { type: 'string' },
    'security-context': { type: 'string' },
    ca: { type: 'string' },
    'save-folder': { type: 'string' },
  },
  optionForPath: (path) => optionOfField[path.split('.')[0]],
  async run(context, values) {
    const name = requiredOption(values, 'name');
    const endpoint = endpointOf(requiredOption(values, 'endpoint'));
    const keyVariable = requiredOption(values, 'api-key-env');
    // Never an option of its own: a key on the command line is in the shell's history and in `ps`.
    const apiKey = context.io.env[keyVariable];
    if (apiKey === undefined) throw new UsageError({ key: 'cli.restpki.apiKeyEnvMissing', params: { variable: keyVariable } });
    const ca = stringOption(values, 'ca');
    let caCertificatesPem: string | undefined;
    if (ca !== undefined) {
      try {
        caCertificatesPem = readFileSync(ca, 'utf8');
      } catch (error) {
        throw new CliFailure({ text: context.t('cli.cannotReadFile', { file: ca, reason: failureLine(context.t, describeFailure(error)) }) });
      }
    }
    const saveFolder = stringOption(values, 'save-folder');
    const input: AddRestPkiAccountInput = {
      service: 'restpki',
      name,
      endpoint,
      apiKey,
      securityContextId: stringOption(values, 'security-context'),
      caCertificatesPem,
      saveFolder: saveFolder === undefined ? undefined : resolve(saveFolder),
    };
    const { account, createdSaveFolder } = await callCreatingSaveFolder(context, 'accounts.add', input);
    context.print(createdSaveFolder ? { ...account, createdSaveFolder } : account, () =>
      [...(createdSaveFolder ? [context.t('cli.createdSaveFolder', { folder: createdSaveFolder })] : []), context.t('cli.added'), formatAccount(context.t, account)].join('\n'),
    );
  },
};

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddTridentAccountInput } from '../../../src-shared/contract';
import { parseLabelSets } from '../../../src-shared/domain';
import { describeFailure } from '../../core/failure';
import { CliFailure, requiredOption, stringOption, UsageError, type CliCommand, type CliContext, type OptionValues } from '../command';
import { failureLine, formatAccount } from '../format';
import { callCreatingSaveFolder } from '../save-folder';

const optionOfField: Record<string, string> = {
  name: '--name',
  baseUrl: '--base-url',
  authorizationServer: '--auth-server',
  clientId: '--client-id',
  clientSecret: '--client-secret-env',
  labels: '--labels',
  signaturePolicy: '--signature-policy',
  caCertificatesPem: '--ca',
  saveFolder: '--save-folder',
};

/** `--labels "a+b,c+d"`: labels a and b, or c and d (an OR of ANDs). */
export function labelsOption(values: OptionValues): string[][] | undefined {
  const text = stringOption(values, 'labels');
  if (text === undefined) return undefined;
  const sets = parseLabelSets(text);
  if (!sets) throw new UsageError({ key: 'cli.trident.labelsSyntax', params: { value: text } });
  return sets;
}

function readCaFile(context: CliContext, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliFailure({ text: context.t('cli.cannotReadFile', { file, reason: failureLine(context.t, describeFailure(error)) }) });
  }
}

/** A TRIDENT account: the client secret is read from an environment variable, never from the command line (ps shows that). */
export const accountsAddTrident: CliCommand = {
  name: 'accounts add trident',
  summary: 'cli.summary.accountsAddTrident',
  synopsis: '--name N --base-url URL --auth-server AS --client-id ID --client-secret-env VAR [options]',
  help: 'cli.help.accountsAddTrident',
  options: {
    name: { type: 'string' },
    'base-url': { type: 'string' },
    'auth-server': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-env': { type: 'string' },
    labels: { type: 'string' },
    'signature-policy': { type: 'string' },
    ca: { type: 'string' },
    'save-folder': { type: 'string' },
  },
  optionForPath: (path) => optionOfField[path.split('.')[0]],
  async run(context, values) {
    const name = requiredOption(values, 'name');
    const baseUrl = requiredOption(values, 'base-url');
    const authorizationServer = requiredOption(values, 'auth-server');
    const clientId = requiredOption(values, 'client-id');
    const secretVariable = requiredOption(values, 'client-secret-env');
    const clientSecret = context.io.env[secretVariable];
    if (clientSecret === undefined || clientSecret === '') throw new UsageError({ key: 'cli.trident.secretEnvMissing', params: { variable: secretVariable } });
    const ca = stringOption(values, 'ca');
    const saveFolder = stringOption(values, 'save-folder');
    const input: AddTridentAccountInput = {
      service: 'trident',
      name,
      baseUrl,
      authorizationServer,
      clientId,
      clientSecret,
      labels: labelsOption(values),
      signaturePolicy: stringOption(values, 'signature-policy'),
      caCertificatesPem: ca === undefined ? undefined : readCaFile(context, ca),
      saveFolder: saveFolder === undefined ? undefined : resolve(saveFolder),
    };
    const { account, createdSaveFolder } = await callCreatingSaveFolder(context, 'accounts.add', input);
    context.print(createdSaveFolder ? { ...account, createdSaveFolder } : account, () =>
      [...(createdSaveFolder ? [context.t('cli.createdSaveFolder', { folder: createdSaveFolder })] : []), context.t('cli.added'), formatAccount(context.t, account)].join('\n'),
    );
  },
};

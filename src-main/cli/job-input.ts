import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { DocumentProblem } from '../../src-shared/contract';
import type { MessageKey } from '../../src-shared/i18n';
import { readDocumentFile } from '../core/documents/staging';
import { CoreError } from '../core/errors';
import { describeFailure } from '../core/failure';
import { CliFailure, listOption, requiredOption, stringOption, UsageError, type CliContext, type OptionValues } from './command';
import { failureLine } from './format';
import { specKeyOfField } from './signer-spec';

/** `FILE=TITLE`; a path that exists as given wins, so a file name may itself contain `=`. */
export function parseDocumentArgument(argument: string): { file: string; title: string } {
  const equals = argument.indexOf('=');
  const [file, title] = existsSync(argument) || equals < 0 ? [argument, ''] : [argument.slice(0, equals), argument.slice(equals + 1)];
  if (!file) throw new UsageError({ key: 'cli.documentArgument', params: { argument } });
  return { file, title: title.trim() || basename(file, extname(file)) };
}

export async function stageFile(context: CliContext, file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readDocumentFile(file);
  } catch (error) {
    // The core's own refusal (not a regular file, too large) in words; the system's, with its Details.
    if (error instanceof CoreError && error.reason) throw new CliFailure({ key: 'cli.documentProblem', params: { file, problem: failureLine(context.t, describeFailure(error)) } });
    throw new CliFailure({ text: context.t('cli.cannotReadFile', { file, reason: failureLine(context.t, describeFailure(error)) }) });
  }
  const staged = await context.call('documents.stage', { fileName: basename(file), contentBase64: bytes.toString('base64') });
  if (staged.problem) throw new CliFailure({ key: 'cli.documentProblem', params: { file, problem: documentProblemText(context, staged.problem, staged.problemMessage) } });
  return staged.id;
}

/** The staging check's problems in the CLI's language: the same words Compose shows. */
const DOCUMENT_PROBLEMS: Record<DocumentProblem, MessageKey> = {
  'not-pdf': 'compose.doc.problem.notPdf',
  encrypted: 'compose.doc.problem.encrypted',
  broken: 'compose.doc.problem.broken',
  'too-large': 'compose.doc.problem.tooLarge',
  empty: 'compose.doc.problem.empty',
  'unsupported-type': 'compose.doc.problem.unsupported',
};

function documentProblemText(context: CliContext, problem: DocumentProblem, technical: string | null | undefined): string {
  return DOCUMENT_PROBLEMS[problem] ? context.t(DOCUMENT_PROBLEMS[problem]) : (technical ?? problem);
}

/** Where a contract field of a job came from on the command line, for errors that name the option. */
const jobOptionOfField: Record<string, string> = {
  accountId: '--account',
  title: '--title',
  nonsensitiveTitle: '--nonsensitive-title',
  description: '--description',
  reference: '--reference',
  documents: '--document',
  availableDays: '--deadline-days',
  activationTime: '--activation',
  requiredAuthentication: '--auth-level',
  identifierInSignedDocuments: '--identifier',
};


/** The option a contract path of a job names: `signers.1.email` is `--signer #2 email`. */
export function jobOptionForPath(path: string): string | undefined {
  const [field, index, inner] = path.split('.');
  if (field === 'signers' && index !== undefined) return `--signer #${Number(index) + 1}${inner ? ` ${specKeyOfField[inner] ?? inner}` : ''}`;
  if (field === 'signers') return '--signer';
  if (field === 'documents' && index !== undefined) return `--document #${Number(index) + 1}`;
  return jobOptionOfField[field];
}

/** The options every `jobs create` takes, whichever the flow. */
export const jobCreateOptions = {
  account: { type: 'string' },
  title: { type: 'string' },
  description: { type: 'string' },
  reference: { type: 'string' },
  document: { type: 'string', multiple: true },
  signer: { type: 'string', multiple: true },
  'auth-level': { type: 'string' },
  identifier: { type: 'string' },
} as const;

/**
 * What every `jobs create` reads the same way: the account (checked before any upload, so a typo
 * costs none), the texts, the documents (staged) and how signers identify themselves.
 */
export async function readJobBasics(context: CliContext, values: OptionValues) {
  const accountId = requiredOption(values, 'account');
  const title = requiredOption(values, 'title');
  const documents = listOption(values, 'document', true).map(parseDocumentArgument);
  const authLevel = stringOption(values, 'auth-level');
  if (authLevel !== undefined && authLevel !== '3' && authLevel !== '4') throw new UsageError({ key: 'cli.authLevel' });
  await context.call('accounts.get', { id: accountId });
  const staged: { stagedId: string; title: string }[] = [];
  for (const document of documents) staged.push({ stagedId: await stageFile(context, document.file), title: document.title });
  return {
    accountId,
    title,
    description: stringOption(values, 'description'),
    reference: stringOption(values, 'reference'),
    documents: staged,
    requiredAuthentication: authLevel === undefined ? undefined : (Number(authLevel) as 3 | 4),
    identifierInSignedDocuments: stringOption(values, 'identifier') as 'PIN_AND_NAME' | 'DOB_AND_NAME' | 'NAME' | undefined,
  };
}

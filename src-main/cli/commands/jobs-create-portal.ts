import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { CreatePortalJobInput, DocumentProblem } from '../../../src-shared/contract';
import type { MessageKey } from '../../../src-shared/i18n';
import { readDocumentFile } from '../../core/documents/staging';
import { CoreError } from '../../core/errors';
import { CliFailure, integerOption, listOption, requiredOption, stringOption, UsageError, type CliCommand, type CliContext } from '../command';
import { describeFailure } from '../../core/failure';
import { failureLine, formatJob } from '../format';
import { jobJson } from '../job-json';
import { parseSignerSpec, specKeyOfField } from '../signer-spec';

/** `FILE=TITLE`; a path that exists as given wins, so a file name may itself contain `=`. */
function parseDocumentArgument(argument: string): { file: string; title: string } {
  const equals = argument.indexOf('=');
  const [file, title] = existsSync(argument) || equals < 0 ? [argument, ''] : [argument.slice(0, equals), argument.slice(equals + 1)];
  if (!file) throw new UsageError({ key: 'cli.documentArgument', params: { argument } });
  return { file, title: title.trim() || basename(file, extname(file)) };
}

async function stageFile(context: CliContext, file: string): Promise<string> {
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

export const jobsCreatePortal: CliCommand = {
  name: 'jobs create portal',
  summary: 'cli.summary.jobsCreatePortal',
  synopsis: '--account ID --title T --document FILE[=TITLE] ... --signer SPEC ... [options]',
  help: 'cli.help.jobsCreatePortal',
  ids: { '--account': 'account' },
  options: {
    account: { type: 'string' },
    title: { type: 'string' },
    'nonsensitive-title': { type: 'string' },
    description: { type: 'string' },
    reference: { type: 'string' },
    document: { type: 'string', multiple: true },
    signer: { type: 'string', multiple: true },
    'deadline-days': { type: 'string' },
    activation: { type: 'string' },
    'auth-level': { type: 'string' },
    identifier: { type: 'string' },
  },
  optionForPath(path) {
    const [field, index, inner] = path.split('.');
    if (field === 'signers' && index !== undefined) return `--signer #${Number(index) + 1}${inner ? ` ${specKeyOfField[inner] ?? inner}` : ''}`;
    if (field === 'signers') return '--signer';
    if (field === 'documents' && index !== undefined) return `--document #${Number(index) + 1}`;
    return jobOptionOfField[field];
  },
  async run(context, values) {
    const accountId = requiredOption(values, 'account');
    const title = requiredOption(values, 'title');
    const documents = listOption(values, 'document', true).map(parseDocumentArgument);
    const signers = listOption(values, 'signer', true).map((spec, index) => parseSignerSpec(spec, index));
    const authLevel = stringOption(values, 'auth-level');
    if (authLevel !== undefined && authLevel !== '3' && authLevel !== '4') throw new UsageError({ key: 'cli.authLevel' });
    // The account is checked before documents are staged, so a typo costs no upload.
    await context.call('accounts.get', { id: accountId });
    const staged: CreatePortalJobInput['documents'] = [];
    for (const document of documents) staged.push({ stagedId: await stageFile(context, document.file), title: document.title });
    const job = await context.call('jobs.create', {
      flow: 'portal',
      accountId,
      title,
      nonsensitiveTitle: stringOption(values, 'nonsensitive-title'),
      description: stringOption(values, 'description'),
      reference: stringOption(values, 'reference'),
      documents: staged,
      signers,
      availableDays: integerOption(values, 'deadline-days'),
      activationTime: stringOption(values, 'activation'),
      requiredAuthentication: authLevel === undefined ? undefined : (Number(authLevel) as 3 | 4),
      identifierInSignedDocuments: stringOption(values, 'identifier') as CreatePortalJobInput['identifierInSignedDocuments'],
    });
    context.print(jobJson(job, context.showPin), () => `${context.t('cli.queued')}\n${formatJob(context.t, job, context.showPin)}`);
  },
};

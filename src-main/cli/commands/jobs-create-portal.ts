import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { CreatePortalJobInput } from '../../../src-shared/contract';
import { readDocumentFile } from '../../core/documents/staging';
import { CoreError } from '../../core/errors';
import { CliFailure, integerOption, listOption, requiredOption, stringOption, UsageError, type CliCommand, type CliContext } from '../command';
import { formatJob } from '../format';
import { jobJson } from '../job-json';
import { parseSignerSpec, specKeyOfField } from '../signer-spec';

/** `FILE=TITLE`; a path that exists as given wins, so a file name may itself contain `=`. */
function parseDocumentArgument(argument: string): { file: string; title: string } {
  const equals = argument.indexOf('=');
  const [file, title] = existsSync(argument) || equals < 0 ? [argument, ''] : [argument.slice(0, equals), argument.slice(equals + 1)];
  if (!file) throw new UsageError(`--document ${JSON.stringify(argument)}: expected FILE or FILE=TITLE.`);
  return { file, title: title.trim() || basename(file, extname(file)) };
}

async function stageFile(context: CliContext, file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readDocumentFile(file);
  } catch (error) {
    if (error instanceof CoreError) throw new CliFailure(`${file}: ${error.message}`);
    throw new CliFailure(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const staged = await context.call('documents.stage', { fileName: basename(file), contentBase64: bytes.toString('base64') });
  if (staged.problem) throw new CliFailure(`${file}: ${staged.problemMessage ?? staged.problem}`);
  return staged.id;
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
  summary: 'create a portal-flow job; it is queued and sent by `sync`',
  synopsis: '--account ID --title T --document FILE[=TITLE] ... --signer SPEC ... [options]',
  help: [
    '  --account ID                 the account that sends it',
    '  --title T                    the title signers see',
    '  --nonsensitive-title T       the title used in notifications',
    '  --description D              the message to the signers',
    '  --reference R                your own reference (also names the save folder)',
    '  --document FILE[=TITLE]      a PDF (or text file) to sign; repeat for more',
    '  --signer SPEC                repeat for each signer; SPEC is comma-separated key=value:',
    '                                 name=NAME (kept in this app only, no commas), pin=11 digits, email=ADDRESS,',
    '                                 sms=MOBILE (8 digits, or +country code and number), order=STEP (1-based, default 1),',
    '                                 on-behalf-of=SELF|OTHER, signature-type=ADVANCED|AUTHENTICATED,',
    '                                 lookup=email|email+sms (contact register, needs pin)',
    '  --deadline-days N            days each step is available to sign',
    '  --activation ISO             when the job becomes available (ISO date-time with offset)',
    '  --auth-level 3|4             required authentication level',
    '  --identifier PIN_AND_NAME|DOB_AND_NAME|NAME   how signers are identified in the signed documents',
    '',
    'Example:',
    '  signing-desk jobs create portal --account ID --title "Agreement" --document avtale.pdf=Avtale \\',
    '    --signer "name=Kari Nordmann,pin=01010112377,email=kari@example.no" --signer email=ola@example.no,order=2',
  ].join('\n'),
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
    const signers = listOption(values, 'signer', true).map(parseSignerSpec);
    const authLevel = stringOption(values, 'auth-level');
    if (authLevel !== undefined && authLevel !== '3' && authLevel !== '4') throw new UsageError('--auth-level is 3 or 4.');
    // The account is checked before documents are staged, so a typo costs no upload.
    await context.call('accounts.get', { id: accountId });
    const staged: CreatePortalJobInput['documents'] = [];
    for (const document of documents) staged.push({ stagedId: await stageFile(context, document.file), title: document.title });
    const job = await context.call('jobs.createPortal', {
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
    context.print(jobJson(job, context.showPin), () => `Queued; \`signing-desk sync\` sends it.\n${formatJob(job, context.showPin)}`);
  },
};

import { CreatePortalJobInput, LINE_CONTROL_MESSAGE, TEXT_CONTROL_MESSAGE } from '../../src-shared/contract';
import type { MessageKey, Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { documentProblemOf, jobInput, normalizeSteps, type ComposeForm } from './model';

/** Field id → message, in the user's language. Ids: `title`, `deadline`, `signer:KEY:email`, `doc:KEY` … */
export type FieldErrors = Record<string, string>;

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  maximum?: unknown;
}

/**
 * The contract words its rules in English for the core and the CLI; the UI shows them in the
 * user's language. Unknown messages pass through unchanged rather than being hidden.
 */
const knownMessages: Record<string, MessageKey> = {
  'The national identity number has a wrong check digit.': 'compose.error.ninChecksum',
  'A national identity number has 11 digits.': 'compose.error.ninLength',
  'This is not an e-mail address.': 'compose.error.email',
  'A mobile number has 8 digits, or starts with + and the country code.': 'compose.error.mobile',
  'A name cannot contain line breaks or control characters.': 'signers.error.nameControl',
  'Contact register lookup needs a national identity number.': 'compose.error.lookupNeedsNin',
  'Use either the contact register or your own e-mail/mobile, not both.': 'compose.error.lookupBoth',
  'Contact register lookup is not allowed when signing on behalf of the organisation.': 'compose.error.lookupOther',
  'Give an e-mail address or a mobile number so the signer is notified.': 'compose.error.contactMissing',
  'A document needs a title.': 'compose.error.documentTitle',
  'The job needs a title.': 'compose.error.title',
  'Add at least one document.': 'compose.error.noDocuments',
  'Add at least one signer.': 'compose.error.noSigners',
  'The deadline can be at most 90 days.': 'compose.error.deadlineMax',
  'Showing the national identity number in the document needs every signer to have one.': 'compose.error.identifierNeedsNin',
  'Steps must follow each other without gaps (1, 2, 3 ...).': 'compose.error.stepGaps',
  [LINE_CONTROL_MESSAGE]: 'compose.error.lineControlCharacters',
  [TEXT_CONTROL_MESSAGE]: 'compose.error.textControlCharacters',
};

function issueText(t: Translate, issue: Issue): string {
  const known = knownMessages[issue.message];
  if (known) return t(known);
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return t('compose.error.tooLong', { max: issue.maximum });
  if (issue.path[0] === 'availableSeconds' && issue.code === 'too_small') return t('compose.error.deadlinePast');
  if (issue.path[0] === 'activationTime') return t('compose.error.activation');
  return issue.message;
}

/** The form field an issue path points at (signer and document rows by their stable key). */
export function fieldOf(form: ComposeForm, path: readonly PropertyKey[]): string {
  const [head, index, leaf] = path;
  const signers = normalizeSteps(form.signers);
  if (head === 'signers' && typeof index === 'number' && signers[index]) {
    const signer = signers[index];
    const field =
      leaf === 'name' ? 'name'
      : leaf === 'mobile' ? 'mobile'
      : leaf === 'email' ? (signer.notify === 'sms' ? 'mobile' : 'email')
      : leaf === 'lookup' ? 'notify'
      : 'nin';
    return `signer:${signer.key}:${field}`;
  }
  if (head === 'documents' && typeof index === 'number' && form.documents[index]) return `doc:${form.documents[index].key}:title`;
  if (head === 'availableSeconds' || head === 'availableDays') return 'deadline';
  if (head === 'activationTime') return 'activation';
  return typeof head === 'string' ? head : 'form';
}

function addIssue(errors: FieldErrors, field: string, text: string) {
  if (!errors[field]) errors[field] = text;
}

/** Every problem the service would refuse, found before sending, keyed by the field it belongs to. */
export function validateForm(t: Translate, form: ComposeForm, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  const parsed = CreatePortalJobInput.safeParse(jobInput(form, now));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A row whose bytes are not staged yet has its own message on the row; skip the empty id.
      if (issue.path[0] === 'documents' && issue.path[2] === 'stagedId') continue;
      addIssue(errors, fieldOf(form, issue.path), issueText(t, issue as Issue));
    }
  }
  form.documents.forEach((document, index) => {
    const problem = documentProblemOf(form.documents, index);
    if (problem) addIssue(errors, `doc:${document.key}`, documentProblemText(t, problem, document.stageError));
    else if (document.progress !== null) addIssue(errors, `doc:${document.key}`, t('compose.doc.stillStaging'));
  });
  return errors;
}

/** Field errors from the core's answer, so a refusal shows where it belongs too. */
export function errorsFromResult(t: Translate, form: ComposeForm, error: ErrorValue): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues ?? []) {
    const path = issue.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    addIssue(errors, fieldOf(form, path), issueText(t, { path, message: issue.message }));
  }
  return errors;
}

export function documentProblemText(t: Translate, problem: string, detail?: string | null): string {
  switch (problem) {
    case 'not-pdf':
      return t('compose.doc.problem.notPdf');
    case 'encrypted':
      return t('compose.doc.problem.encrypted');
    case 'broken':
      return t('compose.doc.problem.broken');
    case 'too-large':
      return t('compose.doc.problem.tooLarge');
    case 'empty':
      return t('compose.doc.problem.empty');
    case 'unsupported-type':
      return t('compose.doc.problem.unsupported');
    case 'too-many':
      return t('compose.doc.problem.tooMany');
    default:
      return t('compose.doc.problem.stageFailed', { message: detail ?? '' });
  }
}

/** Live check for one signer's national identity number, so a typo shows while typing. */
export { nationalIdentityNumberProblem } from '../../src-shared/domain';

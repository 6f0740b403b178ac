import { CreateJobInput } from '../../src-shared/contract';
import { contractIssueKeys, dateTimeInputPattern, type Translate } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { documentProblemOf, jobInput, localDateTime, normalizeSteps, type ComposeForm } from './model';

/** Field id → message, in the user's language. Ids: `title`, `deadline`, `signer:KEY:email`, `doc:KEY` … */
export type FieldErrors = Record<string, string>;

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  maximum?: unknown;
  origin?: string;
}


function issueText(t: Translate, issue: Issue): string {
  const known = contractIssueKeys[issue.message];
  if (known) return t(known);
  if (issue.code === 'too_big' && typeof issue.maximum === 'number' && issue.origin === 'array') {
    // Too many signers or documents for the flow: counted in what they are, not in characters.
    if (issue.path[0] === 'signers') return t('direct.error.atMost', { count: t.plural('count.signers', issue.maximum) });
    if (issue.path[0] === 'documents') return t('direct.error.atMost', { count: t.plural('count.documents', issue.maximum) });
  }
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
    // A direct signer's missing identity belongs to whichever of the two fields is shown.
    const identity = signer.identifyBy === 'custom' ? 'custom' : 'nin';
    const field =
      leaf === 'name' ? 'name'
      : leaf === 'cpf' ? 'cpf'
      : leaf === 'customIdentifier' || (leaf === 'nationalIdentityNumber' && identity === 'custom') ? identity
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
  // The schema of the form's flow: each flow's rules are checked by its own (flowRules, contract/compose).
  const parsed = CreateJobInput.safeParse(jobInput(form, now));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A row whose bytes are not staged yet has its own message on the row; skip the empty id.
      if (issue.path[0] === 'documents' && issue.path[2] === 'stagedId') continue;
      addIssue(errors, fieldOf(form, issue.path), issueText(t, issue as Issue));
    }
  }
  // A date typed in a form the field could not read is never silently dropped.
  for (const field of form.flow === 'portal' ? (['deadline', 'activation'] as const) : []) {
    if (form[field].trim() && !localDateTime(form[field])) errors[field] = t('dateInput.invalid', { pattern: dateTimeInputPattern(t.language) });
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

import { LINE_CONTROL_MESSAGE, NIN_DATE_MESSAGE, TEXT_CONTROL_MESSAGE } from '../contract/compose';
import { FOLDER_NUL_MESSAGE } from '../contract/folders';
import { formatOrganizationNumber } from '../domain/organization-number';
import { isFailureReason, type Failure } from '../failure';
import type { ErrorCode } from '../result';
import { verificationFindingKeys, type ReceivedVerificationReport } from '../verification';
import { en, type Catalogue, type MessageKey } from './messages.en';
import { nb } from './messages.nb';

export { en, nb };
export type { Catalogue, MessageKey };

export type Language = 'nb' | 'en';
export type LanguageSetting = 'system' | Language;

export const languages: readonly Language[] = ['nb', 'en'];
export const catalogues: Readonly<Record<Language, Catalogue>> = { nb, en };

// Nynorsk and the bare "no" tag get Bokmål: far closer for a Norwegian reader than English.
const NORWEGIAN = new Set(['nb', 'nn', 'no']);

/** The language to show: the user's choice, or else the OS language mapped onto what we ship. */
export function resolveLanguage(setting: LanguageSetting, osLanguage: string | undefined | null): Language {
  if (setting !== 'system') return setting;
  const primary = (osLanguage ?? '').trim().toLowerCase().split(/[-_.@]/)[0];
  return NORWEGIAN.has(primary) ? 'nb' : 'en';
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing silently. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Keys that come in plural forms: `<base>.one` and `<base>.other` (the `Intl.PluralRules` categories). */
export type PluralBase = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

export type Translate = ((key: MessageKey, params?: MessageParams) => string) & {
  readonly language: Language;
  /**
   * A `{count}` message in the plural form the language uses for `count` ("1 side", "2 sider"),
   * chosen by `Intl.PluralRules`; `{count}` is written as the language writes numbers.
   */
  plural(base: PluralBase, count: number, params?: MessageParams): string;
};

const pluralRules = new Map<Language, Intl.PluralRules>();

export function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(localeOf(language))));
  return rules.select(count);
}

export function createTranslator(language: Language): Translate {
  const catalogue = catalogues[language];
  const translate = (key: MessageKey, params?: MessageParams) => format(catalogue[key] ?? en[key] ?? key, params);
  const plural = (base: PluralBase, count: number, params?: MessageParams) => {
    const exact = `${base}.${pluralCategory(language, count)}` as MessageKey;
    const key = exact in catalogue ? exact : (`${base}.other` as MessageKey);
    return translate(key, { ...params, count: formatNumber(language, count) });
  };
  return Object.assign(translate, { language, plural });
}

/** BCP 47 tag for `<html lang>` and Intl formatting. */
export function localeOf(language: Language): string {
  return language === 'nb' ? 'nb-NO' : 'en-GB';
}

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 1 }).format(value);
}

/**
 * A moment in the machine's local time zone, as the language writes it. With `today` (for a
 * moment that is soon or just now: "next try 10:42"), the date is left out when it is that day.
 */
export function formatDateTime(language: Language, iso: string, options: { today?: Date } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const timeOnly = options.today !== undefined && date.toDateString() === options.today.toDateString();
  return new Intl.DateTimeFormat(localeOf(language), timeOnly ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(language: Language, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium' }).format(date);
}

// ---- Dates typed by hand ----------------------------------------------------------------------
// Browsers render <input type="datetime-local"> in their own locale (Chromium ignores `lang`), so
// an English browser shows mm/dd/yyyy to a Norwegian user. Compose uses a text field instead, in
// the order the language writes dates; the form keeps the `YYYY-MM-DDTHH:mm` local value.

/** What to type, shown as the field's hint: "dd.mm.åååå tt:mm" in Norwegian. */
export function dateTimeInputPattern(language: Language): string {
  return language === 'nb' ? 'dd.mm.åååå tt:mm' : 'dd/mm/yyyy hh:mm';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` (local) as the language writes it: "31.12.2026 14:30" or "31/12/2026 14:30". */
export function formatDateTimeInput(language: Language, localValue: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(localValue);
  if (!match) return localValue;
  const [, y, mo, d, h, mi] = match;
  return `${d}${language === 'nb' ? '.' : '/'}${mo}${language === 'nb' ? '.' : '/'}${y} ${h}:${mi}`;
}

/**
 * Reads a date and time typed as the language writes it (day first; ".", "/" or "-" between the
 * parts; "kl." allowed before the time) or as `YYYY-MM-DDTHH:mm`. Returns the `YYYY-MM-DDTHH:mm`
 * local value, or null when it is not a real date and time.
 */
export function parseDateTimeInput(text: string): string | null {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2})[:.](\d{2})$/.exec(trimmed);
  const dayFirst = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}),? (?:kl\.? ?)?(\d{1,2})[:.](\d{2})$/i.exec(trimmed);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5]] : null;
  if (!parts) return null;
  const [year, month, day, hour, minute] = parts.map(Number);
  const date = new Date(year, month - 1, day, hour, minute);
  // Rejects 31.02 or 25:00 instead of letting Date roll them over into another day.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour || date.getMinutes() !== minute) return null;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}`;
}

// ---- Drafts -----------------------------------------------------------------------------------

/**
 * A draft's title for people: a draft saved before it had a title reads "Untitled draft" in the
 * language. Older versions stored those English words instead of leaving the title empty.
 */
export function draftTitleText(t: Translate, title: string): string {
  return title.trim() === '' || title === 'Untitled draft' ? t('jobs.untitledDraft') : title;
}

// ---- Organisations and certificate holders ----------------------------------------------------

// "123 456 789", the way Brønnøysundregistrene writes an organisation number: one function, in the domain.
export { formatOrganizationNumber };

/** Who a certificate belongs to, in words: "Posten Norge AS (org. no. 984 661 185)". */
export function holderText(t: Translate, holder: { name: string; organizationNumber?: string | null } | null | undefined): string {
  if (!holder) return t('certificate.unnamed');
  const name = holder.name.trim() || t('certificate.unnamed');
  return holder.organizationNumber ? t('certificate.holder', { name, number: formatOrganizationNumber(holder.organizationNumber) }) : name;
}

// ---- Failures ---------------------------------------------------------------------------------

/** Failure parameters that are counts of jobs, written with the plural the language uses ("1 oppdrag", "2 jobs"). */
const JOB_COUNT_PARAMS = ['jobs', 'unfinished', 'awaiting'];

/**
 * What fills a failure's sentence, as the language writes it: a `date` or `time` travels as ISO and
 * is written in local time; a count of jobs gets its plural.
 */
function failureParams(t: Translate, params: Failure['params']): MessageParams | undefined {
  if (!params) return params;
  const out: Record<string, string | number> = { ...params };
  if (typeof params.date === 'string') out.date = formatDate(t.language, params.date);
  if (typeof params.time === 'string') out.time = formatDateTime(t.language, params.time);
  for (const name of JOB_COUNT_PARAMS) if (typeof params[name] === 'number') out[name] = t.plural('count.jobs', params[name]);
  return out;
}

/**
 * The sentence for a failure: its reason when known, else its error code's. Never the raw
 * message, which belongs behind "Details".
 */
export function failureText(t: Translate, failure: Failure & { code?: ErrorCode }): string {
  if (isFailureReason(failure.reason)) return t(`failure.${failure.reason}`, failureParams(t, failure.params));
  return t(`errorCode.${failure.code ?? 'INTERNAL'}`);
}

/** Whether a reason's sentence names the folder itself ("The save folder /x does not exist"). */
export function failureNamesFolder(reason: string | null | undefined): boolean {
  return isFailureReason(reason) && en[`failure.${reason}`].includes('{folder}');
}

// ---- Connection tests -------------------------------------------------------------------------

/**
 * A connection test's outcome in words: who the service says we are ("Connected: the service knows
 * you as org. no. 123 456 789."), its answer as it came when it said something else, or why it failed.
 */
export function connectionTestText(
  t: Translate,
  result: { ok: boolean; message: string; organization?: string; onBehalfOf?: string; keyAccepted?: boolean; reason?: string; params?: Failure['params']; tokenLifetimeSeconds?: number },
): string {
  if (!result.ok) return isFailureReason(result.reason) ? failureText(t, { reason: result.reason, params: result.params }) : t('errorCode.UNAVAILABLE');
  if (result.tokenLifetimeSeconds !== undefined) return t('trident.connected', { seconds: result.tokenLifetimeSeconds });
  if (result.keyAccepted) return t('restpki.connectionTest.keyAccepted');
  if (!result.organization) return t('connectionTest.connectedOther', { answer: result.message.trim().slice(0, 200) });
  const organization = formatOrganizationNumber(result.organization);
  return result.onBehalfOf
    ? t('connectionTest.connectedOnBehalf', { organization, sender: formatOrganizationNumber(result.onBehalfOf) })
    : t('connectionTest.connected', { organization });
}

// ---- Signature checks -------------------------------------------------------------------------

const findingKeys: ReadonlySet<string> = new Set(verificationFindingKeys);

function findingText(t: Translate, finding: ReceivedVerificationReport['findings'][number]): string {
  if (!findingKeys.has(finding.key)) return t('verification.finding.unreadable');
  const params: Record<string, string | number> = { ...finding.params };
  if (typeof params.bytes === 'number') params.bytes = t.plural('count.bytes', params.bytes);
  return t(`verification.finding.${finding.key as (typeof verificationFindingKeys)[number]}`, params);
}

/** What the check of a downloaded file found, in one paragraph; times in local time. */
export function verificationText(t: Translate, report: ReceivedVerificationReport): string {
  const signatures = t.plural('count.signatures', report.signatures);
  if (report.ok && report.kind === 'pades') return t('verification.pades.ok', { signatures });
  if (report.ok) {
    const params = { who: holderText(t, report.signers[0]), documents: t.plural('verification.xades.documents', report.documents ?? 0) };
    return report.signedAt
      ? t('verification.xades.ok', { ...params, time: formatDateTime(t.language, report.signedAt) })
      : t('verification.xades.okNoTime', params);
  }
  const problems = report.findings
    .map((finding) => {
      const problem = findingText(t, finding);
      if (finding.signature === undefined) return problem;
      const signer = report.signers[finding.signature - 1];
      return signer
        ? t('verification.signatureProblem', { number: finding.signature, who: holderText(t, signer), problem })
        : t('verification.signatureProblemUnnamed', { number: finding.signature, problem });
    })
    .join(' ');
  return report.kind === 'pades' && report.signatures > 0 ? t('verification.pades.notValid', { signatures, problems }) : t('verification.notValid', { problems });
}

/** The technical side of a check, for "Details": each finding's raw text. */
export function verificationDetail(report: ReceivedVerificationReport): string {
  return report.findings
    .map((f) => `${f.signature ? `#${f.signature} ` : ''}${f.key}${f.detail ? `: ${f.detail}` : ''}`)
    .join('\n');
}

// ---- File names -------------------------------------------------------------------------------

/** The default naming pattern in a language: "{reference or title}/{title} - signert.pdf". */
export function defaultNamingPattern(language: Language): string {
  return `{reference or title}/{title} - ${catalogues[language]['fileName.signed']}.pdf`;
}

/**
 * The pattern to name files by: a default pattern (in any language, as stored by whichever
 * language was chosen when it was saved) follows the current language; a pattern the user wrote
 * is theirs and is used as it is.
 */
export function localizedNamingPattern(pattern: string, language: Language): string {
  const trimmed = pattern.trim();
  return trimmed === '' || languages.some((l) => defaultNamingPattern(l) === trimmed) ? defaultNamingPattern(language) : pattern;
}

// ---- The contract's validation messages -------------------------------------------------------

/**
 * The contract words its rules in English for the core and the CLI; the UI shows them in the
 * user's language. Unknown messages pass through unchanged rather than being hidden.
 */
export const contractIssueKeys: Readonly<Record<string, MessageKey>> = {
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
  'Give a national identity number or an identifier of your own.': 'direct.error.identityMissing',
  'Give a national identity number or an identifier, not both.': 'direct.error.identityBoth',
  'Each signer must be a different person: the same identifier is given twice.': 'direct.error.sameSigner',
  'The CPF has a wrong check digit.': 'restpki.error.cpfChecksum',
  'A CPF has 11 digits.': 'restpki.error.cpfLength',
  'Each signer must be a different person: the same CPF is given twice.': 'restpki.error.sameCpf',
  'Give the account a name.': 'accountForm.error.name',
  'An organisation number has 9 digits.': 'accountForm.error.organizationNumber',
  'A custom environment needs an API root URL.': 'accountForm.error.apiRoot',
  [LINE_CONTROL_MESSAGE]: 'compose.error.lineControlCharacters',
  [TEXT_CONTROL_MESSAGE]: 'compose.error.textControlCharacters',
  [NIN_DATE_MESSAGE]: 'inputCheck.ninDate',
  [FOLDER_NUL_MESSAGE]: 'inputCheck.folderNul',
  'The test and QA environments need the CA certificate file: their certificates do not come from a publicly trusted root.': 'accountCheck.caRequired',
};

/** A contract validation message in the user's language; one without a translation is shown as it is. */
export function contractIssueText(t: Translate, message: string): string {
  const key = contractIssueKeys[message];
  return key ? t(key) : message;
}

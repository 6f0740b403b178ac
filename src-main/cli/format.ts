import type { AccountDetail, AccountRemovalImpact, AccountSummary, JobDetail, JobSummary, SyncProblem, SyncReport, UnmatchedChange } from '../../src-shared/contract';
import { formatCpf, signerLabelOf } from '../../src-shared/domain';
import { isFailureReason, type FailureReason } from '../../src-shared/failure';
import { draftTitleText, failureText, formatDate, formatDateTime, formatOrganizationNumber, holderText, verificationText, type Translate } from '../../src-shared/i18n';
import { attentionText, pollWarningText, syncProblemText } from '../../src-shared/i18n/attention-words';
import { jobStatusWords, signerStatusWords } from '../../src-shared/i18n/status-words';
import { labelSetsText, tridentOutcomeText } from '../../src-shared/i18n/trident-words';
import { shownPin } from './job-json';

/** What the sync engine found, in words, with its technical detail after it as "Details". */
function syncProblemLine(t: Translate, problem: SyncProblem): string {
  const sentence = syncProblemText(t, problem);
  return problem.detail ? `${sentence} ${t('cli.details', { detail: problem.detail })}` : sentence;
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n');
}

function fields(pairs: [string, string | null | undefined][]): string {
  const shown = pairs.filter((pair): pair is [string, string] => Boolean(pair[1]));
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

/** A moment in local time, as the CLI's language writes it. */
const time = (t: Translate, iso: string | null | undefined) => (iso ? formatDateTime(t.language, iso) : null);

export const jobStatusText = jobStatusWords;
export const signerStatusText = signerStatusWords;

/**
 * Reasons whose technical text tells an administrator more than the sentence (what the service
 * or the system said). For the app's own rules the text only restates the sentence in English.
 */
const TECHNICAL = /^(network|tls|file|service|database)\.|^certificate\.(unreadable|unsupportedKey)$/;

/** A failure as the CLI prints it on one line: the sentence, then any technical text as "Details". */
export function failureLine(t: Translate, failure: { reason?: string | null; params?: Readonly<Record<string, string | number>>; detail?: string | null; code?: string }): string {
  const known = isFailureReason(failure.reason);
  const sentence = known ? failureText(t, { reason: failure.reason as FailureReason, params: failure.params }) : failureText(t, { code: 'INTERNAL' });
  const detail = failure.detail?.split('\n')[0].trim();
  const showDetail = detail && detail !== sentence && (!known || TECHNICAL.test(String(failure.reason)));
  return showDetail ? `${sentence} ${t('cli.details', { detail })}` : sentence;
}

export function formatAccounts(t: Translate, accounts: AccountSummary[]): string {
  if (accounts.length === 0) return t('cli.noAccounts');
  const lines = [
    table(
      [t('cli.col.id'), t('cli.col.name'), t('cli.col.service'), t('cli.col.org'), t('cli.col.lastSync')],
      accounts.map((a) => [
        a.id,
        a.isDemo ? t('compose.account.demo', { name: a.name }) : a.name,
        `${t(`provider.${a.provider}`)}, ${t(`environment.${a.environment}`)}`,
        a.organizationNumber ? formatOrganizationNumber(a.organizationNumber) : '',
        time(t, a.lastSyncAt) ?? t('accounts.never'),
      ]),
    ),
  ];
  for (const account of accounts) if (account.pollWarning) lines.push(t('cli.warningFor', { name: account.name, warning: pollWarningText(t, account.pollWarning) }));
  return lines.join('\n');
}

export function formatUnmatched(t: Translate, changes: UnmatchedChange[]): string {
  if (changes.length === 0) return t('cli.noUnmatched');
  return [
    t('sync.unmatched.intro'),
    '',
    table(
      [t('cli.col.id'), t('cli.col.serviceJob'), t('cli.col.status'), t('cli.col.reference'), t('cli.col.firstSeen'), t('cli.col.seen')],
      changes.map((c) => [c.id, c.serviceJobId, jobStatusText(t, c.status), c.reference ?? '', time(t, c.firstSeenAt) ?? '', String(c.timesSeen)]),
    ),
  ].join('\n');
}

/** A TRIDENT account: its installation and client, never its secret. */
function formatTridentAccount(t: Translate, account: AccountDetail, trident: NonNullable<AccountDetail['trident']>): string {
  return [
    t('cli.accountHeading', { id: account.id, name: account.isDemo ? t('compose.account.demo', { name: account.name }) : account.name }),
    fields([
      [t('cli.col.service'), t('provider.trident')],
      [t('trident.account.baseUrl'), trident.baseUrl],
      [t('trident.account.authServer'), trident.authorizationServer],
      [t('trident.account.clientId'), trident.clientId],
      [t('trident.account.labels'), labelSetsText(t, trident.labels)],
      [t('trident.account.signaturePolicy'), trident.signaturePolicy ?? t('trident.account.defaultPolicy')],
      [t('trident.account.ca'), t(trident.privateCa ? 'trident.account.privateCa' : 'trident.account.publicCa')],
      [t('accountForm.saveFolder'), account.saveFolder],
      [t('accounts.column.lastSync'), time(t, account.lastSyncAt) ?? t('accounts.never')],
    ]),
  ].join('\n');
}

export function formatAccount(t: Translate, account: AccountDetail): string {
  if (account.trident) return formatTridentAccount(t, account, account.trident);
  const certificate = account.certificate;
  if (account.restpki) return formatRestPkiAccount(t, account, account.restpki);
  return [
    t('cli.accountHeading', { id: account.id, name: account.isDemo ? t('compose.account.demo', { name: account.name }) : account.name }),
    fields([
      [t('accounts.column.environment'), t(`environment.${account.environment}`)],
      [t('accountDetail.apiRoot'), account.apiRoot],
      [t('accounts.column.organization'), formatOrganizationNumber(account.organizationNumber)],
      [t('accountForm.pollingQueue'), account.pollingQueue],
      [t('accountForm.saveFolder'), account.saveFolder],
      [t('accountDetail.cert.subject'), certificate ? holderText(t, certificate.subjectHolder) : t('cli.none')],
      [t('accountDetail.cert.issuer'), certificate ? holderText(t, certificate.issuerHolder) : null],
      [
        t('accountDetail.cert.validity'),
        certificate ? t('cli.validity', { from: formatDate(t.language, certificate.validFrom), to: formatDate(t.language, certificate.validTo), state: t(`accountDetail.certState.${certificate.state}`) }) : null,
      ],
      [t('accounts.column.lastSync'), time(t, account.lastSyncAt) ?? t('accounts.never')],
      [t('accountDetail.lastPollError'), account.lastPollError ? failureLine(t, { reason: account.lastPollErrorReason, detail: account.lastPollError }) : null],
      [t('cli.label.warning'), account.pollWarning ? pollWarningText(t, account.pollWarning) : null],
    ]),
  ].join('\n');
}

/** A Rest PKI Core account: its instance and settings; the API key is never shown. */
function formatRestPkiAccount(t: Translate, account: AccountDetail, restpki: NonNullable<AccountDetail['restpki']>): string {
  return [
    t('cli.accountHeading', { id: account.id, name: account.isDemo ? t('compose.account.demo', { name: account.name }) : account.name }),
    fields([
      [t('cli.label.service'), t('provider.restpki')],
      [t('restpki.account.endpoint'), restpki.endpoint],
      [t('restpki.account.securityContext'), restpki.securityContextId ?? t('restpki.account.defaultSecurityContext')],
      [t('restpki.account.apiKey'), t('restpki.account.apiKeyStored')],
      [t('accountForm.saveFolder'), account.saveFolder],
      [t('accounts.column.lastSync'), time(t, account.lastSyncAt) ?? t('accounts.never')],
    ]),
  ].join('\n');
}

const draftTitle = (t: Translate, job: Pick<JobSummary, 'status' | 'title'>) => (job.status === 'draft' ? draftTitleText(t, job.title) : job.title);

/** The status, and what else a reader must know at a glance: archived, account removed. */
function statusWithMarks(t: Translate, job: JobSummary): string {
  const marks = [job.archivedAt ? t('cli.mark.archived') : '', job.accountRemoved ? t('cli.mark.accountRemoved') : ''].filter(Boolean);
  const status = jobStatusText(t, job.status);
  return marks.length ? `${status} (${marks.join(', ')})` : status;
}

export function formatJobs(t: Translate, jobs: JobSummary[], total: number): string {
  if (jobs.length === 0) return t('cli.noJobs');
  const lines = [
    table(
      [t('cli.col.id'), t('cli.col.status'), t('cli.col.signed'), t('cli.col.updated'), t('cli.col.title')],
      jobs.map((j) => {
        const rejection = rejectionText(t, j);
        const title = j.reference ? `${draftTitle(t, j)} [${j.reference}]` : draftTitle(t, j);
        return [
          j.id,
          rejection ? `${statusWithMarks(t, j)}: ${rejection}` : statusWithMarks(t, j),
          `${j.progress.signed}/${j.progress.total}`,
          time(t, j.updatedAt) ?? '',
          j.attention ? `${title} (${attentionText(t, t.language, j.attention)})` : title,
        ];
      }),
    ),
  ];
  if (total > jobs.length) lines.push(t('cli.shownOf', { shown: jobs.length, total }));
  return lines.join('\n');
}

const identifierOf = (t: Translate, signer: JobDetail['signers'][number], showPin: boolean) =>
  [
    shownPin(signer.nationalIdentityNumber, showPin),
    signer.email,
    signer.mobile,
    signer.cpf ? t('restpki.signer.cpf', { cpf: formatCpf(signer.cpf) }) : null,
    signer.certificate ? t('restpki.signer.certificate', { name: signer.certificate.name }) : null,
  ]
    .filter(Boolean)
    .join(', ');

function progressOf(t: Translate, job: JobDetail): string {
  const { total, signed, activeStep } = job.progress;
  if (total === 0) return t('jobs.noSigners');
  const base = t('jobs.progress', { signed, total });
  return job.status === 'in_progress' && activeStep !== null ? t('jobList.progressWaiting', { base, step: activeStep }) : base;
}

/** "Rejected by Kari Nordmann": who ended the job, by name, else contact, else position. */
export function rejectionText(t: Translate, job: Pick<JobDetail, 'rejectedBy'>): string | null {
  const by = job.rejectedBy;
  return by ? t('signers.rejectedBy', { who: signerLabelOf(by) ?? t('notify.signerFallback', { number: by.position + 1 }) }) : null;
}

/** One job for people; national identity numbers masked unless `showPin`. */
export function formatJob(t: Translate, job: JobDetail, showPin: boolean): string {
  return [
    t('cli.jobHeading', { id: job.id, title: draftTitle(t, job) }),
    fields([
      [t('cli.label.status'), t('cli.statusLine', { status: jobStatusText(t, job.status), progress: progressOf(t, job) })],
      [t('cli.label.outcome'), rejectionText(t, job) ?? tridentOutcomeText(t, job)],
      [t('cli.label.attention'), job.attention ? attentionText(t, t.language, job.attention) : null],
      [t('cli.label.archived'), time(t, job.archivedAt)],
      [t('jobPage.reference'), job.reference],
      [t('cli.label.account'), job.accountRemoved ? t('cli.accountRemoved', { id: job.accountId }) : job.accountId],
      [t('cli.label.serviceJob'), job.serviceJobId],
      [t('jobList.column.deadline'), job.deadline ? formatDate(t.language, job.deadline) : null],
      [t('cli.label.nextAttempt'), time(t, job.nextSubmitAt)],
      // The message carries the service's code once already (PostenError.detail); it is not prefixed again.
      // An outcome unknown is told by its evidence (Sync problem), as on the job page.
      [t('cli.label.error'), job.lastErrorMessage && !(job.status === 'outcome_unknown' && job.syncProblem) ? failureLine(t, { reason: job.lastErrorReason, detail: job.lastErrorMessage }) : null],
      // The evidence behind an outcome unknown, or what a sync problem under Attention was in detail.
      [t('cli.label.syncProblem'), job.syncProblem ? syncProblemLine(t, job.syncProblem) : null],
      [t('cli.label.sentAs'), job.serviceReference],
      [t('jobPage.lastSynced'), time(t, job.lastSyncedAt) ?? t('accounts.never')],
    ]),
    '',
    table(
      ['#', t('cli.col.step'), t('cli.col.status'), t('cli.col.since'), t('cli.col.name'), t('cli.col.signer')],
      job.signers.map((s) => [String(s.position + 1), String(s.step), signerStatusText(t, s.status, s.serviceStatus), time(t, s.statusSince) ?? '', s.name ?? '', identifierOf(t, s, showPin)]),
    ),
    '',
    table(
      ['#', t('cli.col.document'), t('cli.col.file'), t('cli.col.size')],
      job.documents.map((d) => [String(d.position + 1), d.title, d.fileName, `${Math.ceil(d.size / 1024)} kB`]),
    ),
    ...(job.downloads.length === 0
      ? []
      : [
          '',
          table(
            [t('cli.col.file'), t('cli.col.state'), t('cli.col.verified'), t('cli.col.savedAs')],
            job.downloads.map((d) => [
              d.kind === 'pades' ? 'PAdES' : d.kind === 'xades' ? 'XAdES' : t('trident.file.pdf'),
              t(`jobPage.fileState.${d.state}`),
              d.verified === null ? '' : d.verified ? t('cli.yes') : `${t('cli.no')}: ${d.verificationReport ? verificationText(t, d.verificationReport) : (d.verification ?? '')}`,
              d.savedPath ?? (d.lastError ? failureLine(t, { reason: d.lastErrorReason, params: d.lastErrorParams ?? undefined, detail: d.lastError }) : ''),
            ]),
          ),
        ]),
  ].join('\n');
}

export function formatSyncReport(t: Translate, report: SyncReport): string {
  const lines = [t('cli.syncReport', { submitted: report.submitted, statusChanges: report.statusChanges, filed: report.filed })];
  report.errors.forEach((error, index) => {
    const failure = report.failures?.[index];
    lines.push(t('cli.problem', { problem: failure ? failureLine(t, failure) : error }));
  });
  return lines.join('\n');
}

/** What `accounts remove` would do, as its confirmation states it before --yes. */
export function describeAccountRemoval(t: Translate, impact: AccountRemovalImpact, stopFollowing: boolean): string {
  const open = impact.unfinishedJobs + impact.jobsAwaitingFiles;
  const lines = [
    t('cli.removal.heading', { name: impact.name, id: impact.id }),
    t('cli.removal.secrets'),
    impact.keptJobs > 0 ? t.plural('cli.removal.keptJobs', impact.keptJobs) : t('cli.removal.noJobs'),
    t.plural('cli.removal.signedFiles', impact.signedFiles),
    impact.drafts > 0 ? t.plural('cli.removal.drafts', impact.drafts) : '',
    impact.isDemo ? t('cli.removal.demo') : '',
    impact.unfinishedJobs > 0 ? t.plural('cli.removal.unfinished', impact.unfinishedJobs) : '',
    impact.jobsAwaitingFiles > 0 ? t.plural('cli.removal.awaitingFiles', impact.jobsAwaitingFiles) : '',
    open > 0 ? t(stopFollowing ? 'cli.removal.stopFollowing' : 'cli.removal.refused') : '',
  ];
  return lines.filter(Boolean).join('\n');
}

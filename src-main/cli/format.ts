import type { AccountDetail, AccountRemovalImpact, AccountSummary, JobDetail, JobSummary, PollWarning, SyncProblem, SyncReport, UnmatchedChange } from '../../src-shared/contract';
import { createTranslator } from '../../src-shared/i18n';
import { syncProblemText } from '../../src-shared/i18n/attention-words';
import { attentionReason, shownPin } from './job-json';
import { signerLabelOf } from '../../src-shared/domain';

/** The command line speaks English; its words come from the same catalogue as the app's. */
const t = createTranslator('en');

function pollWarningText(warning: PollWarning): string {
  return t('sync.pollWarning', { until: warning.requestedUntil, hours: Math.round(warning.requestedWaitSeconds / 3600), at: warning.pollsAgainAt });
}

/** What the sync engine found, in words, with its technical detail in brackets. */
function syncProblemLine(problem: SyncProblem): string {
  return `${syncProblemText(t, problem)}${problem.detail ? ` (${problem.detail})` : ''}`;
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

export function formatAccounts(accounts: AccountSummary[]): string {
  if (accounts.length === 0) return 'No accounts yet.';
  const lines = [
    table(
      ['ID', 'NAME', 'ENVIRONMENT', 'ORG', 'LAST SYNC'],
      accounts.map((a) => [a.id, `${a.name}${a.isDemo ? ' (demo)' : ''}`, `${a.provider}/${a.environment}`, a.organizationNumber ?? '', a.lastSyncAt ?? 'never']),
    ),
  ];
  for (const account of accounts) if (account.pollWarning) lines.push(`Warning (${account.name}): ${pollWarningText(account.pollWarning)}`);
  return lines.join('\n');
}

export function formatUnmatched(changes: UnmatchedChange[]): string {
  if (changes.length === 0) return 'No unmatched status changes.';
  return [
    t('sync.unmatched.intro'),
    '',
    table(
      ['ID', 'SERVICE JOB', 'STATUS', 'REFERENCE', 'FIRST SEEN', 'SEEN'],
      changes.map((c) => [c.id, c.serviceJobId, c.status, c.reference ?? '', c.firstSeenAt, String(c.timesSeen)]),
    ),
  ].join('\n');
}

export function formatAccount(account: AccountDetail): string {
  const certificate = account.certificate;
  return [
    `Account ${account.id}  ${account.name}${account.isDemo ? ' (demo)' : ''}`,
    fields([
      ['Environment', account.environment],
      ['API root', account.apiRoot],
      ['Organisation', account.organizationNumber],
      ['Polling queue', account.pollingQueue],
      ['Save folder', account.saveFolder],
      ['Certificate', certificate ? `${certificate.subject} (valid to ${certificate.validTo}, ${certificate.state})` : 'none'],
      ['Issuer', certificate?.issuer],
      ['Last sync', account.lastSyncAt ?? 'never'],
      ['Last error', account.lastPollError],
      ['Warning', account.pollWarning ? pollWarningText(account.pollWarning) : null],
    ]),
  ].join('\n');
}

/** The status, and what else a reader must know at a glance: archived, account removed. */
function statusWithMarks(job: JobSummary): string {
  const marks = [job.archivedAt ? 'archived' : '', job.accountRemoved ? 'account removed' : ''].filter(Boolean);
  return marks.length ? `${job.status} (${marks.join(', ')})` : job.status;
}

export function formatJobs(jobs: JobSummary[], total: number): string {
  if (jobs.length === 0) return 'No jobs.';
  const lines = [
    table(
      ['ID', 'STATUS', 'SIGNED', 'UPDATED', 'TITLE'],
      jobs.map((j) => [
        j.id,
        rejectionText(j) ? `${statusWithMarks(j)}: ${rejectionText(j)}` : statusWithMarks(j),
        `${j.progress.signed}/${j.progress.total}`,
        j.updatedAt.slice(0, 16).replace('T', ' '),
        `${j.reference ? `${j.title} [${j.reference}]` : j.title}${j.attention ? ` (${attentionReason(j.attention)})` : ''}`,
      ]),
    ),
  ];
  if (total > jobs.length) lines.push(`(${jobs.length} of ${total} shown)`);
  return lines.join('\n');
}

const identifierOf = (signer: JobDetail['signers'][number], showPin: boolean) => [shownPin(signer.nationalIdentityNumber, showPin), signer.email, signer.mobile].filter(Boolean).join(', ');

/** "Rejected by Kari Nordmann": who ended the job, by name, else contact, else position. */
export function rejectionText(job: Pick<JobDetail, 'rejectedBy'>): string | null {
  const by = job.rejectedBy;
  return by ? `Rejected by ${signerLabelOf(by) ?? `signer ${by.position + 1}`}` : null;
}

/** One job for people; national identity numbers masked unless `showPin`. */
export function formatJob(job: JobDetail, showPin: boolean): string {
  const waiting = job.progress.activeStep ? `, waiting for step ${job.progress.activeStep}` : '';
  return [
    `Job ${job.id}  ${job.title}`,
    fields([
      ['Status', `${job.status} (${job.progress.signed}/${job.progress.total} signed${waiting})`],
      ['Outcome', rejectionText(job)],
      ['Attention', job.attention ? attentionReason(job.attention) : null],
      ['Archived', job.archivedAt],
      ['Reference', job.reference],
      ['Account', job.accountRemoved ? `${job.accountId} (removed: this job is kept for reference only)` : job.accountId],
      ['Service job', job.serviceJobId],
      ['Deadline', job.deadline],
      ['Next attempt', job.nextSubmitAt],
      ['Error', job.lastErrorMessage ? `${job.lastErrorCode ? `${job.lastErrorCode}: ` : ''}${job.lastErrorMessage}` : null],
      // The evidence behind an outcome unknown, or what a sync problem under Attention was in detail.
      ['Sync problem', job.syncProblem ? syncProblemLine(job.syncProblem) : null],
      ['Sent as', job.serviceReference],
      ['Last sync', job.lastSyncedAt ?? 'never'],
    ]),
    '',
    table(
      ['#', 'STEP', 'STATUS', 'SINCE', 'NAME', 'SIGNER'],
      job.signers.map((s) => [String(s.position + 1), String(s.step), s.status, s.statusSince ?? '', s.name ?? '', identifierOf(s, showPin)]),
    ),
    '',
    table(
      ['#', 'DOCUMENT', 'FILE', 'SIZE'],
      job.documents.map((d) => [String(d.position + 1), d.title, d.fileName, `${Math.ceil(d.size / 1024)} kB`]),
    ),
    ...(job.downloads.length === 0
      ? []
      : ['', table(['FILE', 'STATE', 'VERIFIED', 'SAVED AS'], job.downloads.map((d) => [d.kind, d.state, d.verified === null ? '' : d.verified ? 'yes' : `NO: ${d.verification ?? ''}`, d.savedPath ?? d.lastError ?? '']))]),
  ].join('\n');
}

export function formatSyncReport(report: SyncReport): string {
  const lines = [`Submitted ${report.submitted}, status changes ${report.statusChanges}, files saved ${report.filed}.`];
  for (const error of report.errors) lines.push(`Problem: ${error}`);
  return lines.join('\n');
}

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/** What `accounts remove` would do, as its confirmation states it before --yes. */
export function describeAccountRemoval(impact: AccountRemovalImpact, stopFollowing: boolean): string {
  const open = impact.unfinishedJobs + impact.jobsAwaitingFiles;
  const lines = [
    `Removing the account “${impact.name}” (${impact.id}):`,
    '  - its certificate and key are deleted from the secret store',
    impact.keptJobs > 0 ? `  - ${count(impact.keptJobs, 'job stays', 'jobs stay')} in the job list, read-only, marked "account removed"` : '  - it has no jobs',
    `  - signed files already saved are never touched (${count(impact.signedFiles, 'file', 'files')} in the app's archive and your save folder)`,
    impact.drafts > 0 ? `  - ${count(impact.drafts, 'draft is', 'drafts are')} deleted` : '',
    impact.isDemo ? '  - the demo sandbox is no longer started with the app' : '',
    impact.unfinishedJobs > 0 ? `  - ${count(impact.unfinishedJobs, 'job is', 'jobs are')} not finished yet` : '',
    impact.jobsAwaitingFiles > 0 ? `  - ${count(impact.jobsAwaitingFiles, 'finished job still has', 'finished jobs still have')} signed files to download` : '',
    open > 0
      ? stopFollowing
        ? '    With --stop-following: queued jobs are cancelled (they were never sent); the others keep their last known status and are no longer followed.'
        : '    These are refused: cancel them or wait until they are done, or add --stop-following.'
      : '',
  ];
  return lines.filter(Boolean).join('\n');
}

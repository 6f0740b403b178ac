import type { AccountSummary, JobSummary } from '../../src-shared/contract';

export function formatAccounts(accounts: AccountSummary[]): string {
  if (accounts.length === 0) return 'No accounts yet.';
  return accounts
    .map((a) => `${a.id}  ${a.name}  ${a.provider}/${a.environment}${a.organizationNumber ? `  org ${a.organizationNumber}` : ''}${a.isDemo ? '  (demo)' : ''}`)
    .join('\n');
}

export function formatJobs(jobs: JobSummary[], total: number): string {
  if (jobs.length === 0) return 'No jobs.';
  const lines = jobs.map((j) => `${j.id}  ${j.status.padEnd(22)}  ${j.progress.signed}/${j.progress.total} signed  ${j.title}`);
  if (total > jobs.length) lines.push(`(${jobs.length} of ${total} shown)`);
  return lines.join('\n');
}

import type { Database } from 'better-sqlite3';
import { accountsWithIdPrefix } from '../core/db/repositories/accounts';
import { jobsWithIdPrefix } from '../core/db/repositories/jobs';
import { CliFailure, UsageError, type CliCommand, type IdKind, type OptionValues } from './command';

/** How many candidates an ambiguous prefix lists before "and more". */
const SHOWN_CANDIDATES = 10;

interface Candidate {
  id: string;
  label: string;
}

function candidatesOf(db: Database, kind: IdKind, prefix: string): Candidate[] {
  const limit = SHOWN_CANDIDATES + 1;
  return kind === 'job'
    ? jobsWithIdPrefix(db, prefix, limit).map((job) => ({ id: job.id, label: `${job.status}  ${job.title}` }))
    : accountsWithIdPrefix(db, prefix, limit).map((account) => ({ id: account.id, label: account.name }));
}

/**
 * The whole ID for what the user typed: the ID itself or, as git does, a prefix that only one
 * job (or account) has. An unknown ID is a failure; an ambiguous prefix is bad usage that lists
 * the candidates, so the next try can be typed.
 */
export function resolveId(db: Database, kind: IdKind, typed: string): string {
  const candidates = candidatesOf(db, kind, typed);
  if (candidates[0]?.id === typed || candidates.length === 1) return candidates[0].id;
  const noun = kind === 'job' ? 'job' : 'account';
  if (candidates.length === 0) throw new CliFailure(`There is no ${noun} whose ID is or starts with ${typed}.`);
  const shown = candidates.slice(0, SHOWN_CANDIDATES);
  const width = Math.max(...shown.map((c) => c.id.length));
  const count = candidates.length > SHOWN_CANDIDATES ? `more than ${SHOWN_CANDIDATES}` : String(candidates.length);
  throw new UsageError(
    [`${typed} is the start of the ID of ${count} ${noun}s; type more of it:`, ...shown.map((c) => `  ${c.id.padEnd(width)}  ${c.label}`)].join('\n'),
  );
}

/** Replaces each ID argument the command declares (positional or option) by the whole ID. */
export function resolveIdArguments(db: Database, command: CliCommand, values: OptionValues, positionals: string[]): void {
  for (const [name, kind] of Object.entries(command.ids ?? {})) {
    if (name.startsWith('--')) {
      const value = values[name.slice(2)];
      if (typeof value === 'string') values[name.slice(2)] = resolveId(db, kind, value);
    } else {
      const index = (command.positionals ?? []).indexOf(name);
      if (index >= 0 && positionals[index] !== undefined) positionals[index] = resolveId(db, kind, positionals[index]);
    }
  }
}

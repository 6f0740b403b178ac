import type { ParseArgsConfig } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import type { ErrorCode } from '../../src-shared/result';
import type { Core } from '../core';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Ends a long-running command (`sync` without --once); the binary wires it to SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** Bad usage: exit 2 with the command's help. */
export class UsageError extends Error {}

/** An expected failure: exit 1 with the message as one line. `code` is the core's error code, where it came from the core. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code?: ErrorCode,
  ) {
    super(message);
  }
}

export type IdKind = 'job' | 'account';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CliContext {
  core: Core;
  io: CliIo;
  json: boolean;
  /** --show-pin: print national identity numbers in full; masked (`010101*****`) otherwise. */
  showPin: boolean;
  dataDir: string;
  /** Calls the core; contract validation problems become usage errors, everything else a failure. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Prints one JSON value with --json, the human rendering otherwise. */
  print(value: unknown, human: () => string): void;
}

export interface CliCommand {
  /** The words that select it, e.g. `jobs create portal`. */
  name: string;
  summary: string;
  /** The synopsis after the command words, e.g. `ID --to DIR`. */
  synopsis: string;
  /** One line per option, already aligned. */
  help?: string;
  options: OptionSpecs;
  /** Names of the positional arguments it requires, in order. */
  positionals?: string[];
  /**
   * The arguments that name a job or an account, by positional name (`ID`) or option (`--account`):
   * a unique prefix of the ID is taken for the whole ID before `run` sees it (resolve-id.ts).
   */
  ids?: Record<string, IdKind>;
  /** Needs the service: a demo account's in-process sandbox is started for it. */
  talksToService?: boolean;
  /** Turns a contract issue path (`signers.0.email`) into the option the user typed. */
  optionForPath?: (path: string) => string | undefined;
  run(context: CliContext, values: OptionValues, positionals: string[]): Promise<number | void>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredOption(values: OptionValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined) throw new UsageError(`Missing required option --${name}.`);
  return value;
}

export function listOption(values: OptionValues, name: string, required = false): string[] {
  const value = values[name];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  if (required && list.length === 0) throw new UsageError(`Missing required option --${name}.`);
  return list;
}

export function integerOption(values: OptionValues, name: string): number | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, not ${JSON.stringify(value)}.`);
  return Number(value);
}

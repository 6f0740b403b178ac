import type { ParseArgsConfig } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import type { Failure } from '../../src-shared/failure';
import { en, format, type MessageKey, type MessageParams, type Translate } from '../../src-shared/i18n';
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

/** Words for the user: a catalogue key (printed in the CLI's language) or text that is already worded. */
export type CliMessage = { key: MessageKey; params?: MessageParams } | { text: string };

const englishOf = (message: CliMessage) => ('text' in message ? message.text : format(en[message.key], message.params));

/** Bad usage: exit 2 with the command's help. */
export class UsageError extends Error {
  constructor(
    readonly words: CliMessage,
  ) {
    super(englishOf(words));
  }
}

/**
 * An expected failure: exit 1 with one line, a sentence in the CLI's language. A failure from the
 * core carries its reason and the technical text, printed after the sentence as "Details", and
 * the core's error code (`NEEDS_CONFIRMATION` lets a command ask and try again).
 */
export class CliFailure extends Error {
  constructor(
    readonly words: CliMessage | { failure: Failure & { code?: string } },
    readonly code?: ErrorCode,
  ) {
    super('failure' in words ? (words.failure.detail ?? '') : englishOf(words));
  }
}

export type IdKind = 'job' | 'account';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CliContext {
  core: Core;
  /** The CLI's words: the language chosen in Settings, or else the one of LANG / LC_ALL. */
  t: Translate;
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
  summary: MessageKey;
  /** The synopsis after the command words, e.g. `ID --to DIR`. */
  synopsis: string;
  /** One line per option, already aligned (a catalogue text, so it follows the language). */
  help?: MessageKey;
  /** What fills the help's placeholders (a default that lives in the code). */
  helpParams?: MessageParams;
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
  if (value === undefined) throw new UsageError({ key: 'cli.missingOption', params: { name } });
  return value;
}

export function listOption(values: OptionValues, name: string, required = false): string[] {
  const value = values[name];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  if (required && list.length === 0) throw new UsageError({ key: 'cli.missingOption', params: { name } });
  return list;
}

export function integerOption(values: OptionValues, name: string): number | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError({ key: 'cli.wholeNumber', params: { name, value } });
  return Number(value);
}

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '../../src-shared/contract';
import { resolveDataDir } from '../core/host/app-paths';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliContext, type CliIo, type OptionValues } from './command';
import { commands } from './commands';
import { resolveIdArguments } from './resolve-id';
import { openSession, type Session } from './session';

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './command';

const globalOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  'show-pin': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const GLOBAL_HELP = [
  'Global options (anywhere on the line):',
  '  --data-dir DIR   the app data folder (default: $SIGNING_DESK_DATA_DIR or the per-user app folder)',
  '  --json           print one JSON value instead of text',
  '  --show-pin       print national identity numbers in full (masked as 010101***** otherwise)',
  '  -h, --help       help for a command',
  '',
  'An ID (of a job or an account) may be shortened to its first characters, as long as no other ID starts with them.',
].join('\n');

const line = (command: CliCommand) => `signing-desk ${command.name}${command.synopsis ? ` ${command.synopsis}` : ''}`;

function overview(prefix = ''): string {
  const shown = commands.filter((c) => !prefix || c.name.startsWith(`${prefix} `));
  const width = Math.max(...shown.map((c) => c.name.length));
  return [
    `Usage: signing-desk ${prefix ? `${prefix} ` : ''}<command> [options]`,
    '',
    'Commands:',
    ...shown.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    GLOBAL_HELP,
    '',
    'Exit codes: 0 success, 1 failure, 2 bad usage. `signing-desk COMMAND --help` for a command\'s options.',
    '',
  ].join('\n');
}

/** What follows a usage error: the synopsis and where the full help is. */
function shortHelp(command: CliCommand): string {
  return `Usage: ${line(command)}\nRun \`signing-desk ${command.name} --help\` for the options.\n`;
}

function commandHelp(command: CliCommand): string {
  return [`Usage: ${line(command)}`, '', `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`, ...(command.help ? ['', command.help] : []), '', GLOBAL_HELP, ''].join('\n');
}

/**
 * Finds the command words among the arguments (global options may come before them) and returns
 * the rest for the command's own strict parse, and the first word that continues no command.
 */
function selectCommand(argv: string[]): { words: string[]; unknown?: string; following: string[]; rest: string[] } {
  const words: string[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') {
      i++;
      continue;
    }
    if (arg.startsWith('--data-dir=') || arg === '--json' || arg === '--show-pin' || arg === '--help' || arg === '-h') continue;
    if (arg.startsWith('-')) break;
    const candidate = [...words, arg].join(' ');
    if (!commands.some((c) => c.name === candidate || c.name.startsWith(`${candidate} `))) {
      const following = argv.slice(i + 1).filter((word) => !word.startsWith('-'));
      return { words, unknown: arg, following, rest: argv.filter((_, index) => !taken.has(index)) };
    }
    words.push(arg);
    taken.add(i);
    if (commands.some((c) => c.name === candidate) && !commands.some((c) => c.name.startsWith(`${candidate} `))) break;
  }
  return { words, following: [], rest: argv.filter((_, index) => !taken.has(index)) };
}

/** Edits (insert, delete, replace, swap two neighbours) between two words: "shwo" is 1 from "show". */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Commands that a mistyped word after `words` probably meant, completed by the words typed after it. */
function likelyMeant(words: string[], unknown: string, following: string[]): string[] {
  const isCommandStart = (path: string[]) => commands.some((c) => c.name === path.join(' ') || c.name.startsWith(`${path.join(' ')} `));
  const prefix = words.length ? `${words.join(' ')} ` : '';
  const nextWords = [...new Set(commands.filter((c) => c.name.startsWith(prefix)).map((c) => c.name.split(' ')[words.length]))];
  const typed = unknown.toLowerCase();
  const close = nextWords.filter((word) => (typed.length >= 2 && word.startsWith(typed)) || editDistance(typed, word) <= (word.length <= 4 ? 1 : 2));
  return close.map((word) => {
    const path = [...words, word];
    for (const next of following) {
      if (!isCommandStart([...path, next])) break;
      path.push(next);
    }
    return path.join(' ');
  });
}

function issueSummary(command: CliCommand, error: { message: string; issues?: { path: string; message: string }[] }): string {
  if (!error.issues?.length) return error.message;
  return error.issues
    .map((issue) => {
      const option = command.optionForPath?.(issue.path);
      return option ? `${option}: ${issue.message}` : issue.path ? `${issue.path}: ${issue.message}` : issue.message;
    })
    .map((text) => text.replace(/\.$/, ''))
    .join('; ');
}

function contextFor(command: CliCommand, session: Session, io: CliIo, json: boolean, showPin: boolean, dataDir: string): CliContext {
  return {
    core: session.core,
    io,
    json,
    showPin,
    dataDir,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await session.core.dispatch(method, input);
      if (result.ok) return result.value as MethodOutput<M>;
      // Only the contract's schema rejects usage; a handler's VALIDATION (a wrong passphrase, a
      // certificate of another organisation) is a failure, even where it names its field.
      if (result.error.code === 'VALIDATION' && result.error.issues && !methods[method].input.safeParse(input).success) throw new UsageError(issueSummary(command, result.error));
      throw new CliFailure(result.error.message, result.error.code);
    },
    print(value, human) {
      io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { words, unknown, following, rest } = selectCommand(argv);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  const command = unknown === undefined ? commands.find((c) => c.name === words.join(' ')) : undefined;
  if (!command) {
    const group = words.join(' ');
    if (wantsHelp && unknown === undefined) {
      io.stdout.write(overview(group));
      return EXIT_OK;
    }
    let problem: string;
    if (unknown !== undefined) {
      const meant = likelyMeant(words, unknown, following);
      const asked = `Unknown command '${[...words, unknown].join(' ')}'.`;
      problem = meant.length ? `${asked} Did you mean ${meant.map((name) => `'${name}'`).join(' or ')}?` : `${asked} Did you mean one of these?`;
    } else if (words.length === 0) problem = rest.length ? `Unknown option: ${rest[0]}` : 'Missing command.';
    else problem = `Missing subcommand after '${group}'.`;
    io.stderr.write(`${problem}\n\n${overview(group)}`);
    return EXIT_USAGE;
  }

  let values: OptionValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${shortHelp(command)}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  const expected = command.positionals ?? [];
  if (positionals.length !== expected.length) {
    const problem = positionals.length < expected.length ? `Missing ${expected.slice(positionals.length).join(' ')}.` : `Unexpected argument: ${positionals[expected.length]}`;
    io.stderr.write(`${problem}\n\n${shortHelp(command)}`);
    return EXIT_USAGE;
  }

  const dataDir = resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined, io.env);
  let session: Session | undefined;
  try {
    session = await openSession(dataDir, io.env, { talksToService: command.talksToService === true });
    resolveIdArguments(session.core.db, command, values, positionals);
    const code = await command.run(contextFor(command, session, io, values.json === true, values['show-pin'] === true, dataDir), values, positionals);
    return code ?? EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${shortHelp(command)}`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${message.split('\n')[0].trim()}\n`);
    return EXIT_FAILURE;
  } finally {
    await session?.close().catch(() => undefined);
  }
}

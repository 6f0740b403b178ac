import { parseArgs, type ParseArgsConfig } from 'node:util';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '../../src-shared/contract';
import { resolveDataDir } from '../core/host/app-paths';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliContext, type CliIo, type OptionValues } from './command';
import { commands } from './commands';
import { openSession, type Session } from './session';

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './command';

const globalOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const GLOBAL_HELP = [
  'Global options (anywhere on the line):',
  '  --data-dir DIR   the app data folder (default: $SIGNING_DESK_DATA_DIR or the per-user app folder)',
  '  --json           print one JSON value instead of text',
  '  -h, --help       help for a command',
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
 * the rest for the command's own strict parse.
 */
function selectCommand(argv: string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') {
      i++;
      continue;
    }
    if (arg.startsWith('--data-dir=') || arg === '--json' || arg === '--help' || arg === '-h') continue;
    if (arg.startsWith('-')) break;
    const candidate = [...words, arg].join(' ');
    if (!commands.some((c) => c.name === candidate || c.name.startsWith(`${candidate} `))) {
      if (words.length === 0) words.push(arg);
      break;
    }
    words.push(arg);
    taken.add(i);
    if (commands.some((c) => c.name === candidate) && !commands.some((c) => c.name.startsWith(`${candidate} `))) break;
  }
  return { words, rest: argv.filter((_, index) => !taken.has(index)) };
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

function contextFor(command: CliCommand, session: Session, io: CliIo, json: boolean, dataDir: string): CliContext {
  return {
    core: session.core,
    io,
    json,
    dataDir,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await session.core.dispatch(method, input);
      if (result.ok) return result.value as MethodOutput<M>;
      // Only the contract's schema rejects usage; a handler's VALIDATION (a wrong passphrase, a
      // certificate of another organisation) is a failure, even where it names its field.
      if (result.error.code === 'VALIDATION' && result.error.issues && !methods[method].input.safeParse(input).success) throw new UsageError(issueSummary(command, result.error));
      throw new CliFailure(result.error.message);
    },
    print(value, human) {
      io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { words, rest } = selectCommand(argv);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  const command = commands.find((c) => c.name === words.join(' '));
  if (!command) {
    const isGroup = words.length > 0 && commands.some((c) => c.name.startsWith(`${words.join(' ')} `));
    if (wantsHelp && (isGroup || words.length === 0)) {
      io.stdout.write(overview(words.join(' ')));
      return EXIT_OK;
    }
    const problem = words.length === 0 ? (rest.length ? `Unknown option or command: ${rest[0]}` : 'Missing command.') : isGroup ? `Missing subcommand after "${words.join(' ')}".` : `Unknown command: ${words.join(' ')}`;
    io.stderr.write(`${problem}\n\n${overview(isGroup ? words.join(' ') : '')}`);
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
    const code = await command.run(contextFor(command, session, io, values.json === true, dataDir), values, positionals);
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

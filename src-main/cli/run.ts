import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { contractIssueText, createTranslator, resolveLanguage, type Translate } from '../../src-shared/i18n';
import { describeFailure } from '../core/failure';
import { osLanguage, resolveDataDir } from '../core/host/app-paths';
import { languageOf } from '../core/language';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliContext, type CliIo, type CliMessage, type OptionValues } from './command';
import { failureLine } from './format';
import { commands } from './commands';
import { openSession, type Session } from './session';

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './command';

const globalOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const line = (command: CliCommand) => `signing-desk ${command.name}${command.synopsis ? ` ${command.synopsis}` : ''}`;

function overview(t: Translate, prefix = ''): string {
  const shown = commands.filter((c) => !prefix || c.name.startsWith(`${prefix} `));
  const width = Math.max(...shown.map((c) => c.name.length));
  return [
    t('cli.usageLine', { line: `signing-desk ${prefix ? `${prefix} ` : ''}<command> [options]` }),
    '',
    t('cli.commands'),
    ...shown.map((c) => `  ${c.name.padEnd(width)}  ${t(c.summary)}`),
    '',
    t('cli.globalOptions'),
    '',
    t('cli.exitCodes'),
    '',
  ].join('\n');
}

/** What follows a usage error: the synopsis and where the full help is. */
function shortHelp(t: Translate, command: CliCommand): string {
  return `${t('cli.usageLine', { line: line(command) })}\n${t('cli.moreHelp', { command: command.name })}\n`;
}

function commandHelp(t: Translate, command: CliCommand): string {
  const summary = t(command.summary);
  return [t('cli.usageLine', { line: line(command) }), '', `${summary[0].toUpperCase()}${summary.slice(1)}.`, ...(command.help ? ['', t(command.help)] : []), '', t('cli.globalOptions'), ''].join('\n');
}

const say = (t: Translate, words: CliMessage) => ('text' in words ? words.text : t(words.key, words.params));

/** node:util parseArgs words its errors in English; the usual ones are said in the CLI's language. */
function parseArgsProblem(t: Translate, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  const option = /'(-[^'\s]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return t('cli.unknownOption', { option });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /argument missing/.test(message)) return t('cli.optionNeedsValue', { option: option.replace(/^(--?[\w-]+).*/, '$1') });
  return message;
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

function issueSummary(t: Translate, command: CliCommand, error: { message: string; issues?: { path: string; message: string }[] }): string {
  if (!error.issues?.length) return error.message;
  return error.issues
    .map((issue) => {
      const option = command.optionForPath?.(issue.path);
      const message = contractIssueText(t, issue.message);
      return option ? `${option}: ${message}` : issue.path ? `${issue.path}: ${message}` : message;
    })
    .map((text) => text.replace(/\.$/, ''))
    .join('; ');
}

function contextFor(command: CliCommand, session: Session, io: CliIo, json: boolean, dataDir: string, t: Translate): CliContext {
  return {
    core: session.core,
    t,
    io,
    json,
    dataDir,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await session.core.dispatch(method, input);
      if (result.ok) return result.value as MethodOutput<M>;
      // Only the contract's schema rejects usage; a handler's VALIDATION (a wrong passphrase) is a failure.
      if (result.error.code === 'VALIDATION' && result.error.issues) throw new UsageError({ text: issueSummary(t, command, result.error) });
      throw new CliFailure({ failure: { reason: result.error.reason, params: result.error.params, detail: result.error.message } });
    },
    print(value, human) {
      io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Until the database is open, the language comes from the environment (LANG, LC_ALL).
  let t = createTranslator(resolveLanguage('system', osLanguage(io.env)));
  const { words, rest } = selectCommand(argv);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  const command = commands.find((c) => c.name === words.join(' '));
  if (!command) {
    const isGroup = words.length > 0 && commands.some((c) => c.name.startsWith(`${words.join(' ')} `));
    if (wantsHelp && (isGroup || words.length === 0)) {
      io.stdout.write(overview(t, words.join(' ')));
      return EXIT_OK;
    }
    const problem =
      words.length === 0
        ? rest.length
          ? t('cli.unknownOptionOrCommand', { argument: rest[0] })
          : t('cli.missingCommand')
        : isGroup
          ? t('cli.missingSubcommand', { group: words.join(' ') })
          : t('cli.unknownCommand', { command: words.join(' ') });
    io.stderr.write(`${problem}\n\n${overview(t, isGroup ? words.join(' ') : '')}`);
    return EXIT_USAGE;
  }

  let values: OptionValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true }));
  } catch (error) {
    io.stderr.write(`${parseArgsProblem(t, error)}\n\n${shortHelp(t, command)}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(commandHelp(t, command));
    return EXIT_OK;
  }
  const expected = command.positionals ?? [];
  if (positionals.length !== expected.length) {
    const problem =
      positionals.length < expected.length
        ? t('cli.missingArguments', { names: expected.slice(positionals.length).join(' ') })
        : t('cli.unexpectedArgument', { argument: positionals[expected.length] });
    io.stderr.write(`${problem}\n\n${shortHelp(t, command)}`);
    return EXIT_USAGE;
  }

  const dataDir = resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined, io.env);
  let session: Session | undefined;
  try {
    session = await openSession(dataDir, io.env, { talksToService: command.talksToService === true });
    // From here on, the language chosen in the app's Settings (which may be "system": LANG again).
    t = createTranslator(languageOf(session.core.context));
    const code = await command.run(contextFor(command, session, io, values.json === true, dataDir, t), values, positionals);
    return code ?? EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${say(t, error.words)}\n\n${shortHelp(t, command)}`);
      return EXIT_USAGE;
    }
    // One line: the sentence in the CLI's language, the technical text after it as "Details".
    const text =
      error instanceof CliFailure
        ? 'failure' in error.words
          ? failureLine(t, error.words.failure)
          : say(t, error.words)
        : failureLine(t, describeFailure(error));
    io.stderr.write(`${text.split('\n')[0].trim()}\n`);
    return EXIT_FAILURE;
  } finally {
    await session?.close().catch(() => undefined);
  }
}

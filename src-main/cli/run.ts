import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { JobFilter, MethodInput, MethodName, MethodOutput } from '../../src-shared/contract';
import { createCore, type Core } from '../core';
import { appVersion, osLanguage, resolveDataDir } from '../core/host/app-paths';
import { createFileSecretStore } from '../core/host/file-secret-store';
import { createConsoleLogger, createRecordingNotifier, systemClock } from '../core/ports';
import { formatJobs, formatAccounts } from './format';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

const USAGE = `Usage: signing-desk [--data-dir DIR] [--json] <command>

Commands:
  info                      where the data lives, version
  accounts list             the configured accounts
  jobs list [--filter all|inProgress|needsAttention|completed|drafts] [--search TEXT] [--limit N]
`;

const globalOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

type Command = (core: Core, args: string[], json: boolean, io: CliIo) => Promise<void>;

async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input);
  if (!result.ok) throw result.error.code === 'VALIDATION' ? new UsageError(result.error.message) : new Error(result.error.message);
  return result.value as MethodOutput<M>;
}

const print = (io: CliIo, json: boolean, value: unknown, human: () => string) =>
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);

const commands: Record<string, Command> = {
  info: async (core, _args, json, io) => {
    const info = await call(core, 'app.info', {});
    print(io, json, info, () => Object.entries(info).map(([k, v]) => `${k}: ${v}`).join('\n'));
  },
  'accounts list': async (core, _args, json, io) => {
    const { items } = await call(core, 'accounts.list', {});
    print(io, json, items, () => formatAccounts(items));
  },
  'jobs list': async (core, args, json, io) => {
    const { values } = parseArgs({
      args,
      options: { filter: { type: 'string', default: 'all' }, search: { type: 'string', default: '' }, limit: { type: 'string', default: '100' } },
    });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const page = await call(core, 'jobs.list', { filter: values.filter as JobFilter, search: values.search, limit });
    print(io, json, page.items, () => formatJobs(page.items, page.total));
  },
};

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: globalOptions, allowPositionals: true, strict: false });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? io.stdout : io.stderr).write(USAGE);
    return values.help ? EXIT_OK : EXIT_USAGE;
  }
  const name = [positionals.slice(0, 2).join(' '), positionals[0]].find((candidate) => candidate in commands);
  if (!name) {
    io.stderr.write(`Unknown command: ${positionals.join(' ')}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const rest = argv.filter((arg) => !name.split(' ').includes(arg) && arg !== '--json' && arg !== values['data-dir'] && arg !== '--data-dir');
  const dataDir = resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined, io.env);
  let core: Core | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    core = createCore(
      {
        secrets: createFileSecretStore(join(dataDir, 'secrets.insecure.json')),
        notifier: createRecordingNotifier(),
        saveTarget: { defaultFolder: () => join(dataDir, 'Signed documents') },
        clock: systemClock,
        logger: createConsoleLogger('error'),
      },
      { dataDir, host: 'cli', version: appVersion(), osLanguage: osLanguage(io.env) },
    );
    await commands[name](core, rest, values.json === true, io);
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${message.split('\n')[0]}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? EXIT_USAGE : EXIT_FAILURE;
  } finally {
    await core?.close();
  }
}

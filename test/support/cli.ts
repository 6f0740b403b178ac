import assert from 'node:assert/strict';
import { runCli } from '../../src-main/cli/run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The command line in this process, on one data folder, in English whatever the machine's locale
 * (the CLI follows LANG when Settings say "system"). `json` runs a command that must succeed and
 * returns its `--json` value.
 */
export function cliOn(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  async function cli(argv: string[], options: { signal?: AbortSignal; onStdout?: (text: string) => void } = {}): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--data-dir', dataDir, ...argv], {
      stdout: { write: (text: string) => ((stdout += text), options.onStdout?.(text)) },
      stderr: { write: (text: string) => (stderr += text) },
      // Read at each call: a test may fill `env` in once its sandbox has started.
      env: { LANG: 'en_GB.UTF-8', ...env },
      signal: options.signal,
    });
    return { code, stdout, stderr };
  }
  async function json<T>(...argv: string[]): Promise<T> {
    const result = await cli([...argv, '--json']);
    assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }
  return { cli, json };
}

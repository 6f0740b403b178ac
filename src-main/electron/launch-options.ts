import { resolve } from 'node:path';

export const DATA_DIR_FLAG = '--data-dir';
export const DATA_DIR_ENV = 'SIGNING_DESK_DATA_DIR';

/** Reads `--data-dir DIR` or `--data-dir=DIR` from argv; the last one wins, as with most CLIs. */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === DATA_DIR_FLAG) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) found = next;
      i++;
    } else if (arg.startsWith(`${DATA_DIR_FLAG}=`)) {
      const value = arg.slice(DATA_DIR_FLAG.length + 1);
      if (value !== '') found = value;
    }
  }
  return found;
}

/** `--data-dir` first, then SIGNING_DESK_DATA_DIR, then Electron's per-user folder. */
export function chooseDataDir(options: { argv: readonly string[]; env: NodeJS.ProcessEnv; userDataDir: string; cwd?: string }): string {
  const chosen = dataDirFlag(options.argv) ?? (options.env[DATA_DIR_ENV] || undefined) ?? options.userDataDir;
  return resolve(options.cwd ?? process.cwd(), chosen);
}

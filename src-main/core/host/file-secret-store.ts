import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from '../ports';

/**
 * Secrets in a plain JSON file (mode 0600) for hosts without an OS keychain: the web host and the
 * CLI. It reports itself as insecure so the UI can say so.
 */
export function createFileSecretStore(path: string): SecretStore {
  const read = (): Record<string, string> => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {});
  const write = (values: Record<string, string>) => {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.tmp`;
    writeFileSync(temp, JSON.stringify(values), { mode: 0o600 });
    renameSync(temp, path);
  };
  return {
    kind: 'file-insecure',
    async get(key) {
      const value = read()[key];
      return value === undefined ? undefined : Buffer.from(value, 'base64');
    },
    async set(key, value) {
      write({ ...read(), [key]: Buffer.from(value).toString('base64') });
    },
    async delete(key) {
      const values = read();
      delete values[key];
      write(values);
    },
  };
}

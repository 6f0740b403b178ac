import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from '../ports';
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../private-files';

/**
 * Secrets in a plain JSON file (mode 0600) for hosts without an OS keychain: the web host and the
 * CLI. It reports itself as insecure so the UI can say so.
 */
export function createFileSecretStore(path: string): SecretStore {
  const read = (): Record<string, string> => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {});
  const write = (values: Record<string, string>) => {
    makePrivateFolder(dirname(path));
    const temp = `${path}.tmp`;
    writeFileSync(temp, JSON.stringify(values), { mode: PRIVATE_FILE_MODE });
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

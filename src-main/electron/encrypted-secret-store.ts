import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from '../core/ports';
import { makePrivateFolder, PRIVATE_FILE_MODE } from '../core/private-files';

/** The part of Electron's safeStorage this store needs; tests pass a fake. */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Secrets as OS-encrypted blobs in one JSON file in the data dir. The OS keychain holds only the
 * key (safeStorage), so the file is useless when copied to another machine or user account.
 * Values are base64 before encryption because safeStorage encrypts strings, not bytes.
 */
export function createEncryptedFileSecretStore(path: string, cipher: StringCipher): SecretStore {
  const read = (): Record<string, string> => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {});
  const write = (values: Record<string, string>) => {
    makePrivateFolder(dirname(path));
    const temp = `${path}.tmp`;
    writeFileSync(temp, `${JSON.stringify(values, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    renameSync(temp, path);
  };
  const requireCipher = () => {
    if (!cipher.isEncryptionAvailable()) throw new Error('The operating system keychain is not available, so secrets cannot be stored.');
  };
  return {
    kind: 'os-keychain',
    async get(key) {
      const blob = read()[key];
      if (blob === undefined) return undefined;
      requireCipher();
      return Buffer.from(cipher.decryptString(Buffer.from(blob, 'base64')), 'base64');
    },
    async set(key, value) {
      requireCipher();
      const blob = cipher.encryptString(Buffer.from(value).toString('base64')).toString('base64');
      write({ ...read(), [key]: blob });
    },
    async delete(key) {
      const values = read();
      if (!(key in values)) return;
      delete values[key];
      write(values);
    },
  };
}

/**
 * On Linux without a keyring Chromium falls back to a hard-coded key ("basic_text"): encryption
 * still "works" but protects nothing. Returns the warning to log, or undefined when all is well.
 */
export function keychainWarning(platform: NodeJS.Platform, backend: string | undefined): string | undefined {
  if (platform !== 'linux') return undefined;
  if (backend === 'basic_text') {
    return 'safeStorage uses the basic_text backend (no keyring found): secrets are stored with a fixed key and are only obscured, not protected. Install and unlock gnome-keyring or KWallet.';
  }
  if (backend === 'unknown' || backend === undefined) return 'safeStorage could not report its backend; secret protection on this desktop is unknown.';
  return undefined;
}

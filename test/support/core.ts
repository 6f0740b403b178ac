import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core';
import { createMemorySecretStore, createRecordingNotifier, type Clock, type Logger, type SaveTarget } from '../../src-main/core/ports';
import { createFileSecretStore } from '../../src-main/core/host/file-secret-store';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function tempDir(prefix = 'sd-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A core on a real SQLite file in a temp folder, with in-memory ports; with `durableSecrets` the
 * secrets go to a file so a second process (a crash test's worker) can use the same account; a
 * `clock` lets a test move the app's time on (together with the sandbox's).
 */
export function createTestCore(
  dataDir: string,
  options: { durableSecrets?: boolean; clock?: Clock; saveTarget?: Partial<SaveTarget>; config?: { signedFileMaxBytes?: number; syncLeaseMs?: number; serviceTimeoutMs?: number; inlineDocumentMaxBytes?: number } } = {},
): Core & { notifier: ReturnType<typeof createRecordingNotifier> } {
  const notifier = createRecordingNotifier();
  const core = createCore(
    {
      secrets: options.durableSecrets ? createFileSecretStore(join(dataDir, 'secrets.insecure.json')) : createMemorySecretStore(),
      notifier,
      saveTarget: { defaultFolder: () => join(dataDir, 'saved'), ...options.saveTarget },
      clock: options.clock ?? { now: () => new Date() },
      logger: silentLogger,
    },
    { dataDir, host: 'memory', version: '0.0.0-test', osLanguage: 'nb-NO', ...options.config },
  );
  return Object.assign(core, { notifier });
}

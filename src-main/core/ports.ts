/** What the core needs from its host. Each host (Electron, web, memory, CLI) supplies its own. */
import type { Language } from '../../src-shared/i18n';

export interface SecretStore {
  /** Where secrets end up, so the UI can warn when it is a plain file. */
  readonly kind: 'os-keychain' | 'file-insecure' | 'memory';
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, value: Buffer): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface NotificationRequest {
  title: string;
  body: string;
  jobId?: string;
}

export interface Notifier {
  notify(notification: NotificationRequest): void;
  /** How many jobs need the administrator's attention (the tray badge). */
  setAttentionCount(count: number): void;
}

export interface SaveTarget {
  /** The folder main writes into when the user saves without naming a place; its name may follow `language`. */
  defaultFolder(language: Language): string;
  /**
   * The native folder picker, where the host has one; undefined when cancelled. A host that has one
   * (Electron) lets only it say where files are saved by hand: jobs.saveAgain then refuses a folder
   * named by the caller, and jobs.saveToChosenFolder asks here.
   */
  chooseFolder?(defaultPath?: string): Promise<string | undefined>;
  /**
   * Shows a signed file in its folder in the OS file manager, without opening the file; false where
   * that is not possible. The core only ever passes a file it picked from the archive or a save folder.
   */
  showInFolder?(file: string): Promise<boolean>;
}

/**
 * Opens a signing address in the person's own browser: Electron's shell.openExternal, the system
 * opener for the CLI's `--open`. Only http(s) addresses. The web host has none: its page opens the
 * address in a new tab itself.
 */
export interface BrowserOpener {
  open(url: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface Ports {
  secrets: SecretStore;
  notifier: Notifier;
  saveTarget: SaveTarget;
  clock: Clock;
  logger: Logger;
}

export const systemClock: Clock = { now: () => new Date() };

export function createConsoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const threshold = order.indexOf(level);
  const write =
    (at: (typeof order)[number]) =>
    (message: string, data?: Record<string, unknown>) => {
      if (order.indexOf(at) < threshold) return;
      const line = data ? `${message} ${JSON.stringify(data)}` : message;
      process.stderr.write(`[${at}] ${line}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, Buffer>();
  return {
    kind: 'memory',
    async get(key) {
      return values.get(key);
    },
    async set(key, value) {
      values.set(key, Buffer.from(value));
    },
    async delete(key) {
      values.delete(key);
    },
  };
}

/** Records notifications; used by tests and by hosts that show them in-page. */
export function createRecordingNotifier(): Notifier & { sent: NotificationRequest[]; attentionCount: number } {
  const recorder = {
    sent: [] as NotificationRequest[],
    attentionCount: 0,
    notify(notification: NotificationRequest) {
      recorder.sent.push(notification);
    },
    setAttentionCount(count: number) {
      recorder.attentionCount = count;
    },
  };
  return recorder;
}

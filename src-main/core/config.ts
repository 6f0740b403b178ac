import { join } from 'node:path';

export interface CoreConfig {
  dataDir: string;
  host: 'electron' | 'web' | 'memory' | 'cli';
  version: string;
  /** BCP 47 tag of the operating system's language, e.g. "nb-NO". */
  osLanguage: string;
  /** Overrides `<dataDir>/signing-desk.sqlite`; ':memory:' for unit tests. */
  databasePath?: string;
  /** The largest signed file accepted from a service; 1 GB when absent. */
  signedFileMaxBytes?: number;
  /** How long a call to a signing service may wait for an answer; 60 seconds when absent (the fault tests shorten it). */
  serviceTimeoutMs?: number;
  /** Rest PKI Core: documents up to this size go inline in the create request, larger ones are uploaded first; 4 MB when absent (tests lower it). */
  inlineDocumentMaxBytes?: number;
  /** How long the sync lease lasts without a renewal; 5 minutes when absent (tests shorten it). */
  syncLeaseMs?: number;
}

export const databasePathOf = (config: CoreConfig): string => config.databasePath ?? join(config.dataDir, 'signing-desk.sqlite');
export const archiveDirOf = (config: CoreConfig): string => join(config.dataDir, 'archive');

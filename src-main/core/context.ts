import type { Database } from 'better-sqlite3';
import type { CoreConfig } from './config';
import type { CoreEvents } from './events';
import type { Ports } from './ports';

/** What every core module works with; built once by createCore. */
export interface CoreContext {
  db: Database;
  ports: Ports;
  config: CoreConfig;
  events: CoreEvents;
  /** Signed files as downloaded, by job: the app's own archive. */
  archiveDir: string;
  /** Documents waiting to be sent, and the bundles built from them. */
  documentsDir: string;
  now(): Date;
  newId(): string;
}

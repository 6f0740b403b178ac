import type { SandboxPki } from '../pki/index';
import type { JobUrls } from '../api/xml-responses';
import type { FaultRegistry } from '../control/faults';
import type { SandboxClock } from './clock';
import type { JobEngine } from './engine';
import type { SandboxStore } from './store';

export interface SandboxSettings {
  emptyQueueDelaySeconds: number;
  redeliverySeconds: number;
  rateLimitPerSecond: number;
}

/** Everything the request handlers share. */
export interface SandboxContext {
  store: SandboxStore;
  clock: SandboxClock;
  engine: JobEngine;
  pki: SandboxPki;
  faults: FaultRegistry;
  settings: SandboxSettings;
  urls: JobUrls;
  apiRoot: string;
  webRoot: string;
}

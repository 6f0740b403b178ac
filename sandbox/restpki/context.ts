import type { SandboxClock } from '../core/clock';
import type { FaultRegistry } from '../control/faults';
import type { SandboxPki } from '../pki/index';
import type { SessionEngine } from './engine';
import type { RestPkiStore } from './store';
import type { Uploads } from './uploads';

/** Everything the Rest PKI Core sandbox's handlers share. */
export interface RestPkiContext {
  store: RestPkiStore;
  clock: SandboxClock;
  engine: SessionEngine;
  uploads: Uploads;
  pki: SandboxPki;
  faults: FaultRegistry;
  apiKey: string;
  /** https://127.0.0.1:PORT, the API's base address (as https://core.pki.rest is Lacuna's) */
  endpoint: string;
  /** http://127.0.0.1:PORT, the signing pages and the control API */
  controlUrl: string;
}

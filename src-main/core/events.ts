import type { EventName, EventPayload } from '../../src-shared/contract';

type Listener = (event: EventName, payload: unknown) => void;

/** The core's outgoing events; every host forwards all of them to every window or tab. */
export class CoreEvents {
  readonly #listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...this.#listeners]) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

import { fail, type Result } from '../result';
import type { EventName } from '../contract';
import type { Bridge, Dispatcher, MessagePort, RpcMessage } from './types';

/** Answers requests arriving on a port with the dispatcher, and forwards every event to the port. */
export function servePort(dispatcher: Dispatcher, port: MessagePort): () => void {
  const stopRequests = port.onMessage((message) => {
    if (message.kind !== 'request') return;
    void dispatcher
      .dispatch(message.method, message.input)
      .catch((error: unknown) => fail('INTERNAL', error instanceof Error ? error.message : String(error)))
      .then((result) => port.send({ kind: 'response', id: message.id, result }));
  });
  const stopEvents = dispatcher.subscribe((event, payload) => port.send({ kind: 'event', event, payload }));
  return () => {
    stopRequests();
    stopEvents();
  };
}

export interface PortClientOptions {
  /** A call that gets no answer in this time resolves to a TRANSPORT error value. */
  timeoutMs?: number;
}

/** A Bridge over a port: pending calls are matched to responses by id. */
export function createPortClient(port: MessagePort, options: PortClientOptions = {}): Bridge & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 120_000;
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const stop = port.onMessage((message: RpcMessage) => {
    if (message.kind === 'response') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
    } else if (message.kind === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  });
  const stopClose = port.onClose?.(() => {
    for (const resolve of pending.values()) resolve(fail('TRANSPORT', 'The connection to the app closed.'));
    pending.clear();
  });

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(fail('TRANSPORT', `No answer to ${method} within ${Math.round(timeoutMs / 1000)} s.`));
        }, timeoutMs);
        pending.set(id, (result) => {
          clearTimeout(timer);
          resolve(result as never);
        });
        try {
          port.send({ kind: 'request', id, method, input });
        } catch (error) {
          pending.delete(id);
          clearTimeout(timer);
          resolve(fail('TRANSPORT', error instanceof Error ? error.message : String(error)));
        }
      });
    },
    on(event: EventName, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    close() {
      stop();
      stopClose?.();
    },
  };
}

import type { MessagePort, RpcMessage } from './types';

/**
 * Two connected ports in one process. Messages are cloned and delivered on a later tick, so tests
 * see the same asynchrony and the same "plain data only" rule as a real transport.
 */
export function createMemoryPortPair(): [MessagePort, MessagePort] {
  const listeners: [Set<(m: RpcMessage) => void>, Set<(m: RpcMessage) => void>] = [new Set(), new Set()];
  const make = (own: 0 | 1): MessagePort => ({
    send(message) {
      const copy = structuredClone(message);
      queueMicrotask(() => {
        for (const listener of listeners[own === 0 ? 1 : 0]) listener(copy);
      });
    },
    onMessage(listener) {
      listeners[own].add(listener);
      return () => listeners[own].delete(listener);
    },
  });
  return [make(0), make(1)];
}

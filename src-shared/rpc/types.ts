import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../contract';
import type { Result } from '../result';

/** What the renderer (or a test, or the CLI) holds: one object in, a result value out, plus events. */
export interface Bridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What a host serves: the core's validated dispatch and its event stream. */
export interface Dispatcher {
  dispatch(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export type RpcMessage =
  | { kind: 'request'; id: number; method: string; input: unknown }
  | { kind: 'response'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: string; payload: unknown };

/** The whole transport contract: send a message, hear messages. WebSocket and memory both fit it. */
export interface MessagePort {
  send(message: RpcMessage): void;
  onMessage(listener: (message: RpcMessage) => void): () => void;
  onClose?(listener: () => void): () => void;
}

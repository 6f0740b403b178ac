// The few globals every host we target (Node, Chromium, Electron) provides. Declared here so that
// src-shared can use them without pulling in DOM or Node types, which would let environment-specific
// APIs slip in unnoticed.
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;

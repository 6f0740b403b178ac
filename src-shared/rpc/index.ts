export * from './types';
export * from './message-port';
export * from './memory';
export * from './preload-api';

import type { EventName, MethodName } from './index';

/**
 * Channel names on their own, without the schemas: the renderer's bridge needs only these, and
 * importing the contract's values would put zod into the first script the window loads.
 */
export const CHANNEL_PREFIX = 'sd:';
export const channelOf = (name: MethodName | EventName): string => `${CHANNEL_PREFIX}${name}`;

import { APP_ORIGIN } from './app-protocol';

/** What main knows about the frame behind an IPC message, lifted out of Electron's event. */
export interface SenderInfo {
  /** `event.senderFrame?.url`; undefined when the frame is already gone. */
  frameUrl: string | undefined;
  /** Whether the sending frame is its page's main frame (not an iframe). */
  isMainFrame: boolean;
  /** `event.sender.id`. */
  webContentsId: number;
  /** Ids of the windows main created itself. */
  knownWebContentsIds: ReadonlySet<number>;
  /** Defaults to app://signing-desk. */
  expectedOrigin?: string;
}

/**
 * Every IPC call passes this before reaching the core: it must come from the main frame of one
 * of our own windows showing our own origin. An iframe, a page that somehow navigated away, or a
 * webContents we did not create is refused.
 */
export function isTrustedSender(sender: SenderInfo): boolean {
  if (!sender.isMainFrame) return false;
  if (!sender.knownWebContentsIds.has(sender.webContentsId)) return false;
  if (sender.frameUrl === undefined) return false;
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return false;
  }
  // WHATWG URL (Node's and the preload's) gives a custom scheme the opaque origin "null", so the
  // origin is rebuilt from protocol and host rather than read from url.origin.
  return `${url.protocol}//${url.host}` === (sender.expectedOrigin ?? APP_ORIGIN);
}

import { channelOf, methodNames, type MethodName } from '../../src-shared/contract';
import type { Dispatcher } from '../../src-shared/rpc';
import { fail, type Result } from '../../src-shared/result';
import type { Logger } from '../core/ports';
import { isTrustedSender, type SenderInfo } from './sender-check';

/** Channel -> method for every contract method; main registers exactly these with ipcMain.handle. */
export function methodChannelMap(): Map<string, MethodName> {
  return new Map(methodNames.map((method) => [channelOf(method), method]));
}

/**
 * The body of one ipcMain.handle handler: check who is asking, then let the core validate and
 * answer. A refused sender gets an error value (never a throw: Electron would strip it to a
 * message), and the refusal is logged because it means something is wrong with a window.
 */
export function createInvokeHandler(dispatcher: Pick<Dispatcher, 'dispatch'>, method: MethodName, logger: Logger) {
  return async (sender: SenderInfo, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(sender)) {
      logger.warn('[ipc] refused a call from an untrusted sender', { method, frameUrl: sender.frameUrl, isMainFrame: sender.isMainFrame, webContentsId: sender.webContentsId });
      return fail('UNAVAILABLE', 'This window may not call the app.');
    }
    try {
      return await dispatcher.dispatch(method, input);
    } catch (error) {
      return fail('INTERNAL', error instanceof Error ? error.message : String(error));
    }
  };
}

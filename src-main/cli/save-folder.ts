import type { AccountDetail, MethodInput } from '../../src-shared/contract';
import { CliFailure, type CliContext } from './command';

type Method = 'accounts.add' | 'accounts.update';

/**
 * Adds or changes an account. Naming a save folder on the command line is the user's say-so, so a
 * missing folder is created, as the UI does after asking, when the core says it may be (its parent
 * exists); a missing parent stays a failure. Returns the folder when it was created.
 */
export async function callCreatingSaveFolder<M extends Method>(context: CliContext, method: M, input: MethodInput<M>): Promise<{ account: AccountDetail; createdSaveFolder?: string }> {
  try {
    return { account: await context.call(method, input) };
  } catch (error) {
    if (!(error instanceof CliFailure && error.code === 'NEEDS_CONFIRMATION') || !input.saveFolder) throw error;
  }
  return { account: await context.call(method, { ...input, createSaveFolder: true }), createdSaveFolder: input.saveFolder };
}

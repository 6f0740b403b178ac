import { z } from 'zod';
import { isMethodName, methods, type MethodName, type MethodOutput } from '../../src-shared/contract';
import { fail, ok, type Result } from '../../src-shared/result';
import { CoreError } from './errors';
import { describeFailure } from './failure';
import type { Logger } from './ports';

export type Handlers = {
  [M in MethodName]: (input: z.output<(typeof methods)[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

/**
 * Caps a text taken from the input (an unknown key, a method name) before it goes into an error:
 * a megabyte-long key would otherwise come back whole, in the message and again in its issue.
 */
const MAX_ECHOED_CHARS = 200;
function bounded(text: string): string {
  return text.length <= MAX_ECHOED_CHARS ? text : `${text.slice(0, MAX_ECHOED_CHARS)}… (${text.length.toLocaleString('en-US')} characters)`;
}

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: bounded(issue.path.map(String).join('.')), message: bounded(issue.message) }));
}

/**
 * The one door into the core. Input from any host is untrusted: it is parsed against the
 * contract before a handler sees it, and whatever goes wrong comes back as an error value.
 */
export function createDispatch(handlers: Handlers, logger: Logger) {
  return async function dispatch(method: string, input: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `There is no method named ${bounded(JSON.stringify(method) ?? String(method))}.`);
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      return fail('VALIDATION', `Invalid input for ${method}: ${summary}`, issues);
    }
    try {
      const handler = handlers[method] as (value: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof CoreError) return fail(error.code, error.message, error.issues, { reason: error.reason, params: error.params });
      logger.error(`${method} failed`, { error: error instanceof Error ? error.stack : String(error) });
      // The message is the technical detail; the reason, where one is known, is what the user reads.
      const failure = describeFailure(error);
      return fail('INTERNAL', failure.detail ?? String(error), undefined, failure);
    }
  };
}

import { z } from 'zod';
import { isMethodName, methods, type MethodName, type MethodOutput } from '../../src-shared/contract';
import { fail, ok, type Result } from '../../src-shared/result';
import { CoreError } from './errors';
import type { Logger } from './ports';

export type Handlers = {
  [M in MethodName]: (input: z.output<(typeof methods)[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * The one door into the core. Input from any host is untrusted: it is parsed against the
 * contract before a handler sees it, and whatever goes wrong comes back as an error value.
 */
export function createDispatch(handlers: Handlers, logger: Logger) {
  return async function dispatch(method: string, input: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `There is no method named ${JSON.stringify(method)}.`);
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
      if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
      logger.error(`${method} failed`, { error: error instanceof Error ? error.stack : String(error) });
      return fail('INTERNAL', error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * Waits for a state, checking it every `everyMs`: a test asserts the state it waited for, never a
 * time. `timeoutMs` only bounds a run that would otherwise hang, with `what` in the message.
 */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}

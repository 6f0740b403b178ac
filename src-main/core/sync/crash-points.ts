/**
 * Named steps of a sync at which the crash-loop soak (test/reliability/crash-loop.ts) has the
 * syncing process killed outright, the way a power cut or `kill -9` would stop it there. Off unless
 * SIGNING_DESK_CRASH_AT names a step (`name`, or `name:N` for its Nth time in this process): then a
 * call costs one comparison, and the hook never changes what the sync does.
 */
export const crashPointNames = [
  /** The job is committed as `sending`; the create request has not left yet. */
  'submit.sending',
  /** The create request went and its answer came back; the answer is not stored yet. */
  'submit.sent',
  /** A status change is committed; the service has not been told it may drop it. */
  'poll.committed',
  /** A signed file is coming in: part of it is in the archive's temp file. */
  'download.streaming',
  /** A signed file is in the archive and verified; it is not in the save folder yet. */
  'download.archived',
  /** A signed file is being copied into the save folder: part of it is in the temp file there. */
  'filing.copying',
  /** The copy is in the save folder under its name, its temp name beside it, not recorded as filed yet. */
  'filing.placed',
] as const;
export type CrashPointName = (typeof crashPointNames)[number];

function armedPoint(setting: string | undefined): { name: string; count: number } | undefined {
  if (!setting) return undefined;
  const [name, count] = setting.split(':');
  return { name, count: Math.max(1, Number(count) || 1) };
}

const armed = armedPoint(process.env.SIGNING_DESK_CRASH_AT);
let reached = 0;

/** Kills this process here when the soak armed this step; otherwise passes `value` through. */
export function crashPoint<T>(name: CrashPointName, value?: T): T {
  if (armed?.name === name && ++reached >= armed.count) process.kill(process.pid, 'SIGKILL');
  return value as T;
}

/** A stream that, when the soak armed this step, kills the process once a chunk has been taken (its Nth chunk). */
export function crashDuring<T>(name: CrashPointName, chunks: AsyncIterable<T>): AsyncIterable<T> {
  if (armed?.name !== name) return chunks;
  return (async function* () {
    for await (const chunk of chunks) {
      yield chunk;
      crashPoint(name);
    }
  })();
}

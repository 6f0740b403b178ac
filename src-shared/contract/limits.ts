import { z } from 'zod';

/**
 * The app's own caps on what an input may carry, beyond the services' limits in `postenLimits`.
 * Every contract input that ends up stored has a size limit; test/unit/contract-limits.test.ts
 * walks every method's input schema to keep it so.
 */
export const inputLimits = {
  /** Our ids are UUIDs; the slack is for ids made by tests and older versions. */
  id: 100,
  path: 4096,
  email: 254,
  mobile: 30,
  /** Long enough for any typo, so the check-digit message shows rather than "too long". */
  nationalIdentityNumber: 80,
  isoDateTime: 40,
  url: 2048,
  /** A draft is the compose form as typed: a few kB even with 20 documents and many signers. */
  draftPayloadChars: 256 * 1024,
} as const;

export const Id = z.string().min(1).max(inputLimits.id);

/** Schemas whose size is bounded as a whole (their serialised length) rather than field by field. */
export const boundedBySize = z.registry<{ maxChars: number }>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Its JSON length, or Infinity when it cannot be serialised (a cycle, nesting deeper than the stack). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value).length;
  } catch {
    return Infinity;
  }
}

/** An object the core stores as it is (JSON), at most `maxChars` long once serialised. */
export function jsonObjectWithin(maxChars: number) {
  const schema = z.custom<Record<string, unknown>>((value) => isPlainObject(value) && jsonLength(value) <= maxChars, {
    message: `Expected an object of at most ${maxChars} characters as JSON.`,
  });
  boundedBySize.add(schema, { maxChars });
  return schema;
}

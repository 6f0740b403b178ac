import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { boundedBySize, methodNames, methods } from '../../src-shared/contract';

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  [key: string]: unknown;
}

const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;
const hasMax = (def: Def) => (def.checks ?? []).some((check) => check._zod.def.check === 'max_length');

/**
 * Every place in `schema` where input of unbounded size could get through: a string or an array
 * without a maximum, or an opaque value (unknown, custom, lazy) that no size limit covers.
 */
function unboundedPlaces(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): string[] {
  if (boundedBySize.has(schema)) return [];
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (child: unknown, at: string) => unboundedPlaces(child as z.ZodType, at, seen);
  switch (def.type) {
    case 'string':
      return hasMax(def) ? [] : [`${path} (string without a maximum length)`];
    case 'array':
      return [...(hasMax(def) ? [] : [`${path} (array without a maximum length)`]), ...inner(def.element, `${path}[]`)];
    case 'object':
      return [
        ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) => inner(child, `${path}.${key}`)),
        ...(def.catchall && defOf(def.catchall as z.ZodType).type !== 'never' ? inner(def.catchall, `${path}.*`) : []),
      ];
    case 'record':
      return [...inner(def.keyType, `${path}{key}`), ...inner(def.valueType, `${path}{value}`)];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType, path);
    case 'pipe':
      return [...inner(def.in, path), ...inner(def.out, path)];
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option, i) => inner(option, `${path}|${i}`));
    case 'intersection':
      return [...inner(def.left, path), ...inner(def.right, path)];
    case 'enum':
    case 'literal':
    case 'boolean':
    case 'number':
    case 'int':
    case 'null':
    case 'undefined':
    case 'never':
      return [];
    default:
      return [`${path} (${def.type}, not covered by a size limit)`];
  }
}

test('every contract input bounds the size of its strings, arrays and opaque values', () => {
  const problems = methodNames.flatMap((method) => unboundedPlaces(methods[method].input, method));
  assert.deepEqual(problems, []);
});

test('the sweep itself notices what it is meant to catch', async () => {
  const { z } = await import('zod');
  assert.equal(unboundedPlaces(z.object({ a: z.string() }), 'x').length, 1);
  assert.equal(unboundedPlaces(z.object({ a: z.array(z.string().max(3)) }), 'x').length, 1);
  assert.equal(unboundedPlaces(z.object({ a: z.record(z.string().max(3), z.unknown()) }), 'x').length, 1);
  assert.equal(unboundedPlaces(z.object({ a: z.string().max(3).optional() }).strict(), 'x').length, 0);
});

test('the contract refuses control characters in job texts, whoever sends them', async () => {
  const { CreatePortalJobInput } = await import('../../src-shared/contract');
  const job = {
    flow: 'portal',
    accountId: 'acc',
    title: 'Agreement',
    documents: [{ stagedId: 'st1', title: 'Agreement' }],
    signers: [{ email: 'kari@example.com', step: 1 }],
  };
  assert.ok(CreatePortalJobInput.safeParse(job).success);
  assert.ok(CreatePortalJobInput.safeParse({ ...job, description: 'Dear signer,\r\n\tplease sign.' }).success, 'line breaks and tabs in the message');
  const refused = (patch: Record<string, unknown>) => {
    const parsed = CreatePortalJobInput.safeParse({ ...job, ...patch });
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  };
  assert.deepEqual(refused({ title: 'Agree\u0000ment' }), ['title']);
  assert.deepEqual(refused({ title: 'Agreement\n' + 'x' }), ['title']);
  assert.deepEqual(refused({ nonsensitiveTitle: 'A\u0085B' }), ['nonsensitiveTitle']);
  assert.deepEqual(refused({ reference: 'R\u007f' }), ['reference']);
  assert.deepEqual(refused({ description: 'Bell\u0007' }), ['description']);
  assert.deepEqual(refused({ documents: [{ stagedId: 'st1', title: 'Doc\u001f' }] }), ['documents.0.title']);
});

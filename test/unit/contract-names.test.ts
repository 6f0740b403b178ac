// The preload builds window.signingDesk from plain name lists so that zod stays out of it; these
// lists must say exactly what the zod contract says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { events, methods } from '../../src-shared/contract';
import { EVENT_NAMES, METHOD_NAMES, splitMethodName } from '../../src-shared/contract/names';

test('METHOD_NAMES lists every contract method once, and nothing else', () => {
  assert.equal(new Set(METHOD_NAMES).size, METHOD_NAMES.length, 'no name twice');
  assert.deepEqual([...METHOD_NAMES].sort(), Object.keys(methods).sort());
});

test('EVENT_NAMES lists every contract event once, and nothing else', () => {
  assert.equal(new Set(EVENT_NAMES).size, EVENT_NAMES.length, 'no name twice');
  assert.deepEqual([...EVENT_NAMES].sort(), Object.keys(events).sort());
});

test('every method name is area.action, so it has one place on window.signingDesk', () => {
  for (const name of METHOD_NAMES) {
    const split = splitMethodName(name);
    assert.ok(split, name);
    assert.notEqual(split[0], 'on', `${name} would hide signingDesk.on`);
  }
  for (const bad of ['jobs', 'jobs.', '.list', 'a.b.c', '']) assert.equal(splitMethodName(bad), undefined, bad);
});

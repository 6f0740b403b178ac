// A dozen cells of the fault matrix (`npm run soak -- faults`, test/reliability/fault-matrix.ts),
// one per call and each fault at least once, through the real parts: the core on a SQLite file,
// the sandbox over mutual TLS, a hostile HTTPS front between them. Each cell checks that the app
// keeps running, says what happened in words in both languages, loses nothing once the fault is
// lifted, and does not grow by the size of a hostile answer.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { faultProfiles, openWorld, runCell, type FaultName, type World } from '../reliability/fault-matrix';

const cells: [call: string, fault: FaultName][] = [
  ['create portal job', 'reset'],
  ['create direct job', 'xml-bomb'],
  ['poll portal queue', '5xx'],
  ['poll portal queue', 'dosfilter'],
  ['poll direct queue', 'garbage'],
  ['confirm', 'timeout'],
  ['new redirect URL', 'xxe'],
  ['download PAdES', 'garbage'],
  ['download XAdES', '100MB'],
  ['cancel', '429-storm'],
  ['delete documents', 'wrong-org-tls'],
  ['probe', '100MB'],
];

let world: World;
before(async () => {
  world = await openWorld();
});
after(async () => {
  await world.close();
});

describe('the fault matrix, a representative dozen', () => {
  for (const [callName, fault] of cells) {
    test(`posten · ${callName} × ${fault} holds`, async () => {
      const callSpec = faultProfiles.posten.find((c) => c.name === callName);
      assert.ok(callSpec, callName);
      const result = await runCell(world, 'posten', callSpec, fault);
      assert.deepEqual(result.problems, []);
      assert.equal(result.held, true);
    });
  }
});

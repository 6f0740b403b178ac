// The crash loop of `npm run soak -- crash` (test/reliability/crash-loop.ts), 30 runs: the syncing
// process is killed with SIGKILL at random moments and at every named step, restarted, and at the end
// nothing is lost, sent twice or corrupt. A failure prints the seed that replays it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCrashLoop } from '../reliability/crash-loop';

test('30 runs of the crash loop: no status lost, no job sent twice, every filed file whole and the service\'s', async () => {
  const lines: string[] = [];
  const result = await runCrashLoop({ runs: 30, jobs: 2, seed: Math.floor(Math.random() * 2 ** 31), log: (line) => lines.push(line) });
  console.log(lines.join('\n'));
  assert.deepEqual(result.failures, [], lines.join('\n'));
  assert.match(result.line, /^crash loop: 30 runs, \d+ kills, 0 lost, 0 duplicated, 0 corrupt$/);
  assert.ok(result.kills > 0, 'the loop killed the syncing process');
  // Posten's flows are driven; a flow without a recipe yet is named in the output (issue #13, left).
  assert.ok(!result.notCovered.includes('portal') && !result.notCovered.includes('direct'), `not covered: ${result.notCovered.join(', ')}`);
});

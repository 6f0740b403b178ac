// scripts/run-tests.mjs counts the results from the runner's TAP; whichever Node runs it (22 and
// later print `spec` unless told), the count must be real, and a pass that counts nothing must fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/core';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runTests(...args: string[]) {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // else the inner runner reports to this one instead of printing TAP
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the runner counts the tests of a file on this Node', () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'two.test.ts');
    writeFileSync(file, "import { test } from 'node:test';\ntest('one', () => {});\ntest('two', () => {});\ntest('three', { skip: 'shown as skipped' }, () => {});\n");
    const { code, output } = runTests(file);
    assert.equal(code, 0, output);
    assert.match(output, new RegExp(`tests: 2 passed, 0 failed, 1 skipped \\(Node ${process.versions.node.replace(/\./g, '\\.')}\\)`));
  } finally {
    dir.remove();
  }
});

test('a pass whose results cannot be read (not TAP) fails, rather than print "0 passed, 0 failed"', () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'one.test.ts');
    writeFileSync(file, "import { test } from 'node:test';\ntest('one', () => {});\n");
    // Node 22 and later print `spec` by default; asking for it shows what happens there.
    const { code, output } = runTests(file, '--test-reporter=spec');
    assert.equal(code, 1, output);
    assert.match(output, /No test results were read from 1 test file/);
  } finally {
    dir.remove();
  }
});

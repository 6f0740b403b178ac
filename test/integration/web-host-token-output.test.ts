// The web host's address with its token is the key to the session. When its output is not a
// terminal (a file, a pipe, a service's journal: a log), the token must not be in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/core';

const entry = fileURLToPath(new URL('../../src-main/web/main.ts', import.meta.url));

test('with its output going to a log, the web host prints its address without the token and points to the private launch page', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--data-dir', dir.path, '--no-open'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (pattern: RegExp) => {
    while (!pattern.test(output)) {
      const [event] = await Promise.race([once(child.stdout, 'data').then(() => ['data']), once(child, 'exit').then(() => ['exit'])]);
      assert.equal(event, 'data', `the web host ended early:\n${output}`);
    }
  };
  try {
    await waitFor(/Data folder: .*\n/);
    assert.match(output, /Signing Desk is running at http:\/\/127\.0\.0\.1:\d+\/\n/);
    assert.doesNotMatch(output, /token/);
    const launchPageLine = /open (file:\S+) in a browser/;
    await waitFor(launchPageLine);
    const page = fileURLToPath(launchPageLine.exec(output)![1]);
    assert.equal(page, join(dir.path, 'open-signing-desk.html'));
    const token = /token=([\w-]+)/.exec(readFileSync(page, 'utf8'))?.[1];
    assert.ok(token && token.length >= 32, 'the launch page carries the token');
    assert.ok(!output.includes(token), output);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    dir.remove();
  }
});

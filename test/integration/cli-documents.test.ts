// `--document` names a file by path: only a regular file is read. /dev/zero never ends (it crashed
// the CLI), a FIFO blocks whoever opens it, a folder has no bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src-main/cli/run';
import type { AccountDetail } from '../../src-shared/contract';
import { tempDir } from '../support/core';

const dir = tempDir('sd-cli-docs-');
const dataDir = join(dir.path, 'app');
let accountId: string;

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...argv], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} });
  return { code, stdout, stderr };
}

before(async () => {
  const added = await cli('--json', 'accounts', 'add', 'demo');
  assert.equal(added.code, 0, added.stderr);
  accountId = (JSON.parse(added.stdout) as AccountDetail).id;
});
after(() => dir.remove());

const specialFiles: Record<string, () => string> = {
  'a device that never ends': () => '/dev/zero',
  'a folder': () => {
    const folder = join(dir.path, 'folder.pdf');
    mkdirSync(folder);
    return folder;
  },
  'a FIFO': () => {
    const fifo = join(dir.path, 'pipe.pdf');
    execFileSync('mkfifo', [fifo]);
    return fifo;
  },
};

for (const [name, make] of Object.entries(specialFiles)) {
  test(`--document with ${name} is refused in one line, and nothing is queued`, { skip: process.platform === 'win32' ? 'no such files on Windows' : false }, async () => {
    const file = make();
    const result = await cli('jobs', 'create', 'portal', '--account', accountId, '--title', 'Avtale', '--document', file, '--signer', 'email=kari@example.no');
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, `${file}: It is not a regular file (a folder, device or pipe), so it cannot be sent.\n`);
    const jobs = await cli('--json', 'jobs', 'list');
    assert.deepEqual(JSON.parse(jobs.stdout), []);
  });
}

// What a killed writer left beside a file goes when the file is written again, and nothing else does:
// not the temp file of a process still running here, nor one another computer is writing into a shared folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { archiveStream } from '../../src-main/core/filing/archive';
import { saveCopy } from '../../src-main/core/filing/save';

const work = await mkdtemp(path.join(tmpdir(), 'filing-leftovers-'));
test.after(() => rm(work, { recursive: true, force: true }));

const thisHost = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
/** The pid of a process that has ended. */
const goneProcess = spawnSync(process.execPath, ['-e', '0']).pid!;

/** Temp names as durable.ts makes them for `name`: one a gone process of this machine left, one of a running process, one of another machine. */
async function leftovers(folder: string, name: string): Promise<{ gone: string; running: string; elsewhere: string }> {
  const names = {
    gone: `.${name}.0badf00d-${goneProcess}@${thisHost}.partial`,
    running: `.${name}.1badf00d-${process.ppid}@${thisHost}.partial`,
    elsewhere: `.${name}.2badf00d-${goneProcess}@another-computer.partial`,
  };
  await mkdir(folder, { recursive: true });
  for (const file of Object.values(names)) await writeFile(path.join(folder, file), 'half a fi');
  return names;
}

test('the save folder: a killed writer\'s temp file goes, a running one\'s and another machine\'s stay', async () => {
  const folder = path.join(work, 'Signed');
  const names = await leftovers(path.join(folder, 'HR-17'), 'Avtale - signed.pdf');
  const source = path.join(work, 'source.pdf');
  await writeFile(source, 'signed pdf');
  await saveCopy(source, folder, 'HR-17/Avtale - signed.pdf');
  assert.deepEqual((await readdir(path.join(folder, 'HR-17'))).sort(), ['Avtale - signed.pdf', names.running, names.elsewhere].sort());
});

test('the archive: the same, for a file downloaded again', async () => {
  const archive = path.join(work, 'archive');
  const names = await leftovers(path.join(archive, 'job-1'), 'signed.pdf');
  await archiveStream(archive, 'job-1/signed.pdf', (async function* () {
    yield Buffer.from('signed pdf');
  })());
  assert.deepEqual((await readdir(path.join(archive, 'job-1'))).sort(), ['signed.pdf', names.running, names.elsewhere].sort());
});

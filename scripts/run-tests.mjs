#!/usr/bin/env node
// Runs every *.test.ts under the given folders (default: all of test/) with node's own test runner.
// Node 20's `--test` takes no globs, so the files are listed here. Browser tests (test/e2e) run in a
// second pass, one file at a time: two Chromiums next to the CPU-heavy sandbox tests on two cores
// make timings flaky. The closing line adds both passes up.
//
// The reporter is chosen here, TAP, because the counts are read from its `# pass N` lines: Node 20
// picks TAP by itself when its output is a pipe, but Node 22+ picks `spec` whatever the output. A pass
// from which no result could be read fails: a change in the runner's output must not read as success.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const roots = args.filter((a) => !a.startsWith('-'));
const passThrough = args.filter((a) => a.startsWith('-'));

function walk(dir, files = []) {
  if (dir.endsWith('.test.ts') && statSync(dir, { throwIfNoEntry: false })?.isFile()) return [dir];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return files;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, files);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

const all = (roots.length ? roots : ['test']).flatMap((root) => walk(root));
// A reporter given on the command line is used as given; then nothing is counted, and the run fails saying so.
const reporter = passThrough.some((arg) => arg.startsWith('--test-reporter')) ? [] : ['--test-reporter=tap'];
const isBrowserTest = (file) => file.split(/[\\/]/).includes('e2e');
const passes = [
  { files: all.filter((f) => !isBrowserTest(f)), concurrency: 2 },
  { files: all.filter(isBrowserTest), concurrency: 1 },
].filter((pass) => pass.files.length > 0);
if (passes.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

function run({ files, concurrency }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...reporter, `--test-concurrency=${concurrency}`, ...passThrough, ...files], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const counts = { pass: 0, fail: 0, skipped: 0 };
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop();
      for (const line of lines) {
        const match = /^# (pass|fail|skipped) (\d+)$/.exec(line);
        if (match) counts[match[1]] += Number(match[2]);
      }
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, counts }));
  });
}

const totals = { pass: 0, fail: 0, skipped: 0 };
let failed = false;
for (const pass of passes) {
  const { code, counts } = await run(pass);
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  if (code !== 0) failed = true;
  if (counts.pass + counts.fail + counts.skipped === 0) {
    const files = `${pass.files.length} test file${pass.files.length === 1 ? '' : 's'}`;
    console.error(`\nNo test results were read from ${files}: the runner's output was not the TAP this script counts.`);
    failed = true;
  }
}
console.log(`\ntests: ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped (Node ${process.versions.node})`);
process.exit(failed || totals.fail > 0 ? 1 : 0);

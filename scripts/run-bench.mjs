#!/usr/bin/env node
// Runs every test/bench/*.bench.ts, one after another, each in its own process so that the peak
// memory a benchmark reports is its own. Benchmarks print figures; they never fail on a target,
// but a crash makes this script exit non-zero. `npm run bench -- drain` runs only matching files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repoRoot, 'test', 'bench');
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmarks${filters.length ? ` matching ${filters.join(', ')}` : ''} in ${benchDir}`);
  process.exit(1);
}

const failed = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(benchDir, file)], { cwd: repoRoot, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`=== ${file} crashed (${result.signal ?? `exit ${result.status}`}) after ${seconds} s ===`);
  } else {
    console.log(`=== ${file} done in ${seconds} s ===`);
  }
}

if (failed.length) {
  console.error(`\n${failed.length} benchmark(s) crashed: ${failed.join(', ')}`);
  process.exit(1);
}

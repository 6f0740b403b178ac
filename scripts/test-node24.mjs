#!/usr/bin/env node
// `npm run test:node24`: the tests that need no browser (test/unit, test/integration, test/sandbox)
// once more on Node 24 LTS, which is what a new user installs today; `npm test` runs them on the
// Node that runs npm (20 on our machines).
//
// Node 24 comes from the npm registry's `node-<os>-<arch>` package (its bin/node and the headers in
// include/node), kept in .ci/.node24 (git-ignored), so nothing is fetched from anywhere else.
// better-sqlite3 is a native module built for one Node ABI. Its Node 24 build is made in a copy of
// the package under .ci/.node24 (kept for the next run) and swapped into node_modules only while the
// tests run; the Node that runs this script gets its own build back afterwards, also after a failure
// or Ctrl+C, and a run killed outright is repaired at the start of the next. While the tests run,
// node_modules serves Node 24 only: run nothing else from the same node_modules meanwhile.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;
// The folders without browser tests; given arguments (files or folders) are run instead.
const TEST_ROOTS = process.argv.length > 2 ? process.argv.slice(2) : ['test/unit', 'test/integration', 'test/sandbox'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.ci', '.node24');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const require = createRequire(join(root, 'package.json'));
const sqlitePackage = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = require('better-sqlite3/package.json').version;
const installedBinding = join(sqlitePackage, 'build', 'Release', 'better_sqlite3.node');
const bindingFor = (abi) => join(home, `better_sqlite3-${sqliteVersion}-abi${abi}.node`);

const started = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;
const say = (line) => console.log(`[node ${MAJOR}] ${line}`);

/** Copies by rename, so a process that has the old module loaded keeps its file untouched. */
function replaceFile(from, to) {
  const temporary = `${to}.${process.pid}.tmp`;
  copyFileSync(from, temporary);
  renameSync(temporary, to);
}

/** Whether `node` can open a database with the better-sqlite3 build now in node_modules. */
function sqliteLoads(node) {
  const probe = "const D = require('better-sqlite3'); new D(':memory:').close();";
  return spawnSync(node, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

/** The newest Node 24 from the registry, unpacked once into .ci/.node24/node-v24.x.y; its folder. */
function installNode() {
  if (process.platform === 'win32') throw new Error('test:node24 runs on Linux and macOS (the package layout differs on Windows).');
  const name = `node-${process.platform}-${process.arch}`;
  mkdirSync(home, { recursive: true });
  const cached = () =>
    readdirSync(home)
      .filter((entry) => entry.startsWith(`node-v${MAJOR}.`) && existsSync(join(home, entry, 'bin', 'node')))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .at(-1);
  let version;
  try {
    const versions = JSON.parse(execFileSync(npm, ['view', `${name}@${MAJOR}`, 'version', '--json'], { encoding: 'utf8' }));
    version = [versions].flat().at(-1);
  } catch (error) {
    const fallback = cached();
    if (!fallback) throw error;
    say(`the registry did not answer; using ${fallback} from an earlier run`);
    return join(home, fallback);
  }
  const folder = join(home, `node-v${version}`);
  if (existsSync(join(folder, 'bin', 'node'))) return folder;
  say(`fetching ${name}@${version} from the npm registry`);
  const [{ filename }] = JSON.parse(execFileSync(npm, ['pack', `${name}@${version}`, '--pack-destination', home, '--json'], { encoding: 'utf8' }));
  const tarball = join(home, filename);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  execFileSync('tar', ['-xzf', tarball, '-C', folder, '--strip-components=1']);
  rmSync(tarball);
  return folder;
}

/** npm's own node-gyp: npm names it when it runs this script; else it sits beside the global npm. */
function nodeGyp() {
  const candidates = [process.env.npm_config_node_gyp, join(execFileSync(npm, ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new Error('node-gyp was not found (it comes with npm).');
  return found;
}

/** better-sqlite3 built for `node` in a copy of the package (node_modules is left alone); its file. */
function buildSqliteFor(node, nodeDir, abi) {
  const target = bindingFor(abi);
  if (existsSync(target)) return target;
  const since = Date.now();
  say(`building better-sqlite3 ${sqliteVersion} for Node ABI ${abi} (once; kept in .ci/.node24)`);
  const work = join(home, 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps']) cpSync(join(sqlitePackage, part), join(work, part), { recursive: true });
  // node-gyp lets npm's settings (npm_config_*, e.g. a `nodedir` in ~/.npmrc) override its own
  // arguments, so the headers are named the way npm would pass them.
  const env = { ...process.env, npm_config_nodedir: nodeDir, PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}` };
  const built = spawnSync(node, [nodeGyp(), 'rebuild', '--release', `--jobs=${availableParallelism()}`], { cwd: work, env, stdio: 'inherit' });
  const output = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (built.status !== 0) throw new Error('better-sqlite3 could not be built for Node 24 (see the compiler output above).');
  if (spawnSync(node, ['-e', 'require(process.argv[1])', output], { stdio: 'inherit' }).status !== 0) {
    throw new Error(`better-sqlite3 was built, but not for Node ABI ${abi} (see above).`);
  }
  copyFileSync(output, target);
  rmSync(work, { recursive: true, force: true });
  say(`built in ${seconds(since)}`);
  return target;
}

/** Puts this Node's own build back in node_modules (kept from before the swap, or left by a killed run). */
function restoreOwnBinding() {
  const own = bindingFor(process.versions.modules);
  if (existsSync(own)) replaceFile(own, installedBinding);
  if (!sqliteLoads(process.execPath)) {
    throw new Error(`better-sqlite3 in node_modules does not load in Node ${process.versions.node}; run \`npm rebuild better-sqlite3\`.`);
  }
}

async function main() {
  // A run killed while the Node 24 build was in node_modules left it there: repair that first.
  if (!sqliteLoads(process.execPath)) restoreOwnBinding();
  mkdirSync(home, { recursive: true });
  copyFileSync(installedBinding, bindingFor(process.versions.modules));

  const nodeDir = installNode();
  const node = join(nodeDir, 'bin', 'node');
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const abi = execFileSync(node, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
  const binding = buildSqliteFor(node, nodeDir, abi);
  const setUp = seconds(started);

  replaceFile(binding, installedBinding);
  let code = 1;
  try {
    if (!sqliteLoads(node)) throw new Error(`better-sqlite3 built for ABI ${abi} does not load in Node ${version}.`);
    say(`running ${TEST_ROOTS.join(', ')} on Node ${version} (ready after ${setUp})`);
    // Node 24 first on PATH too: tests that start `node` by name get the same Node.
    const env = { ...process.env, PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}` };
    const child = spawn(node, [join(root, 'scripts', 'run-tests.mjs'), ...TEST_ROOTS], { cwd: root, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    code = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
  } finally {
    restoreOwnBinding();
  }
  say(`${code === 0 ? 'passed' : 'FAILED'} on Node ${version} in ${seconds(started)} (setup ${setUp}); better-sqlite3 is back to Node ${process.versions.node}'s build`);
  process.exit(code);
}

main().catch((error) => {
  console.error(`[node ${MAJOR}] ${error instanceof Error ? error.message : String(error)}`);
  try {
    restoreOwnBinding();
  } catch (restoreError) {
    console.error(`[node ${MAJOR}] ${restoreError.message}`);
  }
  process.exit(1);
});

#!/usr/bin/env node
// The `signing-desk` command: runs the built CLI (npm run build makes dist/cli/main.mjs).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const entry = join(__dirname, '..', 'dist', 'cli', 'main.mjs');
if (!existsSync(entry)) {
  process.stderr.write('signing-desk is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
import(pathToFileURL(entry).href).catch((error) => {
  process.stderr.write(`${error && error.message ? error.message : error}\n`);
  process.exit(1);
});

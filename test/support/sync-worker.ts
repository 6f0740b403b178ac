// A separate process that runs one sync pass on a data folder, so a test can kill it mid-way.
import { createTestCore } from './core';

const [dataDir] = process.argv.slice(2);
const core = createTestCore(dataDir, { durableSecrets: true });
process.stdout.write('ready\n');
core.sync
  .runPass()
  .then((report) => process.stdout.write(`${JSON.stringify(report)}\n`))
  .finally(() => core.close());

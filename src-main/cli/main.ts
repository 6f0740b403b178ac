import { runCli } from './run';

/** Exits once stdout has drained: on Windows pipes are asynchronous and a big JSON value could be cut. */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(exitAfterOutput, (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  exitAfterOutput(1);
});

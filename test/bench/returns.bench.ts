// Return listener benchmark (issue #10): how soon a browser's return shows on the job (return ->
// 'jobs.changed' event), and whether 100 concurrent junk requests slow the UI's calls or a sync pass.
// Prints figures; never fails on a target. Run with `npm run bench -- returns`.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTestCore, tempDir } from '../support/core';
import { addSandboxAccount, call, samplePdf, startTestSandbox } from '../support/sandbox-account';

const ROUNDS = Number(process.env.RETURN_ROUNDS ?? 50);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const dir = tempDir('sd-bench-returns-');
  const sandbox = await startTestSandbox(dir.path, { emptyQueueDelaySeconds: 1 });
  const core = createTestCore(join(dir.path, 'app'));
  try {
    const account = await addSandboxAccount(core, sandbox);
    const staged = await call(core, 'documents.stage', { fileName: 'a.pdf', contentBase64: (await samplePdf('Avtale')).toString('base64') });
    const job = await call(core, 'jobs.create', { flow: 'direct', accountId: account.id, title: 'Bench', documents: [{ stagedId: staged.id, title: 'Avtale' }], signers: [{ customIdentifier: 'a' }] });
    await core.sync.runPass();
    await core.sync.serveReturns();
    const token = (core.db.prepare('SELECT token FROM return_paths WHERE job_id = ? AND signer_id IS NULL').get(job.id) as { token: string }).token;
    const port = JSON.parse((core.db.prepare("SELECT value FROM settings WHERE key = 'returns.port'").get() as { value: string }).value) as number;
    const exit = `http://127.0.0.1:${port}/r/${token}/completion`;

    // Return -> event: the time from the browser's request to the event the job page listens for.
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const seen = new Promise<number>((resolve) => {
        const unsubscribe = core.subscribe((event, payload) => {
          if (event === 'jobs.changed' && (payload as { jobIds: string[] }).jobIds.includes(job.id)) {
            unsubscribe();
            resolve(performance.now());
          }
        });
      });
      const start = performance.now();
      const response = await fetch(exit);
      await response.text();
      latencies.push((await seen) - start);
    }
    console.log(`return -> event: median ${ms(median(latencies))}, p95 ${ms(percentile(latencies, 0.95))}, max ${ms(Math.max(...latencies))} over ${ROUNDS} returns (target < 1 s)`);

    // The UI's calls and a sync pass, quiet and under 100 concurrent junk requests.
    const listCall = async () => {
      const start = performance.now();
      await call(core, 'jobs.list', { filter: 'all', search: '', offset: 0, limit: 100 });
      return performance.now() - start;
    };
    const passTime = async () => {
      const start = performance.now();
      await core.sync.runPass();
      return performance.now() - start;
    };
    const quietList: number[] = [];
    for (let i = 0; i < 20; i++) quietList.push(await listCall());
    const quietPass = await passTime();
    const junk = Array.from({ length: 100 }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/${i % 3 ? 'r/not-a-token-of-this-app-0000' : 'junk'}/${i}?${'x'.repeat(2000)}`, { method: i % 5 ? 'GET' : 'POST', body: i % 5 ? undefined : 'x'.repeat(4000) }).then(
        (r) => r.status,
        () => 0,
      ),
    );
    const busyList: number[] = [];
    const busyPassPromise = passTime();
    for (let i = 0; i < 20; i++) busyList.push(await listCall());
    const busyPass = await busyPassPromise;
    const statuses = await Promise.all(junk);
    console.log(`jobs.list: median ${ms(median(quietList))} quiet, ${ms(median(busyList))} under 100 junk requests (answered: ${statuses.filter((s) => s === 404 || s === 405).length} refused)`);
    console.log(`sync pass: ${ms(quietPass)} quiet, ${ms(busyPass)} under junk`);
  } finally {
    await core.close();
    await sandbox.close();
    dir.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

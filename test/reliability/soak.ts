// `npm run soak -- <suite> [options]`: the reliability suites that take longer than a test
// (test/reliability/README.md). Each suite prints its figures and exits non-zero on a failure.
const suites: Record<string, () => Promise<{ main(args: string[]): Promise<number> }>> = {
  crash: () => import('./crash-loop'),
  faults: () => import('./fault-matrix'),
};

async function run(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? suites[name] : undefined;
  if (!load) {
    console.error(`Usage: npm run soak -- ${Object.keys(suites).join('|')} [options]`);
    return 2;
  }
  return (await load()).main(args);
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

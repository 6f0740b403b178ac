// Runs loadPkcs12 off the main thread (see loadPkcs12OffThread). Parts of a file that are
// encrypted themselves only show their iteration counts once opened, so every key derivation
// forge makes here is checked against the same caps as it starts, whatever part it is for.
import { parentPort, workerData } from 'node:worker_threads';
import forge from 'node-forge';
import { loadPkcs12, MAX_PKCS12_ITERATIONS, MAX_PKCS12_TOTAL_ROUNDS, Pkcs12Error, tooManyIterations, tooManyRoundsInAll } from './pkcs12';

let roundsSoFar = 0;
function allow(iterations: number): void {
  if (!(iterations <= MAX_PKCS12_ITERATIONS)) throw tooManyIterations(iterations);
  roundsSoFar += iterations;
  if (roundsSoFar > MAX_PKCS12_TOTAL_ROUNDS) throw tooManyRoundsInAll();
}

type Kdf = (...args: never[]) => unknown;
/** Wraps forge's `owner[name]`, whose iteration count is its argument number `countAt`. */
function guard(owner: Record<string, unknown>, name: string, countAt: number): void {
  const original = owner[name] as Kdf;
  owner[name] = (...args: never[]) => {
    allow(Number(args[countAt]));
    return original(...args);
  };
}
const pbe = (forge.pki as unknown as { pbe: Record<string, unknown> }).pbe;
guard(pbe, 'generatePkcs12Key', 3); // (password, salt, id, iterations, n, md): PKCS#12 PBE
guard(forge.pkcs12 as unknown as Record<string, unknown>, 'generateKey', 3); // the same, for the MAC
guard(forge.pkcs5 as unknown as Record<string, unknown>, 'pbkdf2', 2); // (password, salt, iterations, …): PBES2

const { bytes, passphrase } = workerData as { bytes: Uint8Array; passphrase: string };
try {
  parentPort!.postMessage({ ok: true, material: loadPkcs12(bytes, passphrase) });
} catch (error) {
  parentPort!.postMessage({
    ok: false,
    reason: error instanceof Pkcs12Error ? error.pkcs12Reason : undefined,
    message: error instanceof Error ? error.message : String(error),
  });
}

// Bundle benchmark (issue #4): build and sign a bundle of 20 documents of 10 MB each, as a ratio to
// the floor (reading the same files once and hashing them with SHA-256), and the peak memory.
// Prints figures; never fails on a target. Run with `npm run bench -- bundle`.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { createDocumentBundle, writeDocumentBundle, type SigningKey } from '../../src-main/core/providers/posten/bundle';

const DOCUMENTS = 20;
/** The service's limit per document (posten-api.md). */
const DOCUMENT_BYTES = 10 * 1024 * 1024;
const ROUNDS = 5;
const READ_CHUNK = 1024 * 1024;
const MB = 1024 * 1024;

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../../shared');
const manifestXml = readFileSync(path.join(shared, 'spec/posten/examples/portal/manifest.xml'), 'utf8');

function throwawayKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ shortName: 'CN', value: 'Bench Sender' }, { shortName: 'O', value: 'Signing Desk Bench' }, { shortName: 'C', value: 'NO' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { privateKeyPem, certificateChainPems: [forge.pki.certificateToPem(cert)] };
}

/**
 * A small valid PDF header and trailer around random bytes: as incompressible as a real PDF's
 * streams. Written in 1 MB pieces so making the files does not raise the peak memory measured later.
 */
function writePdfLike(filePath: string): void {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const tail = Buffer.from('\n%%EOF\n');
  const piece = Buffer.alloc(MB);
  const fd = openSync(filePath, 'w');
  try {
    writeSync(fd, head);
    for (let left = DOCUMENT_BYTES - head.length - tail.length; left > 0; left -= MB) writeSync(fd, randomFillSync(piece), 0, Math.min(MB, left));
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

/** The floor: every file read once, in the same chunk size the bundle code uses, and hashed. */
async function readAndHash(paths: string[]): Promise<number> {
  let bytes = 0;
  for (const filePath of paths) {
    const file = await open(filePath, 'r');
    const hash = createHash('sha256');
    for await (const chunk of file.createReadStream({ highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    hash.digest();
  }
  return bytes;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rssMb = () => process.resourceUsage().maxRSS / 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const rssAtStart = rssMb();
const dir = mkdtempSync(path.join(tmpdir(), 'bench-bundle-'));
try {
  const key = throwawayKey();
  const paths: string[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const filePath = path.join(dir, `dokument-${String(i + 1).padStart(2, '0')}.pdf`);
    writePdfLike(filePath);
    paths.push(filePath);
  }
  gc();
  const documents = paths.map((filePath) => ({ fileName: path.basename(filePath), mimeType: 'application/pdf', path: filePath }));
  const bundlePath = path.join(dir, 'bundle.zip');
  const build = () => writeDocumentBundle({ documents, manifestXml, key, signingTime: new Date() }, bundlePath);
  const totalMb = (DOCUMENTS * DOCUMENT_BYTES) / MB;
  const rssBefore = rssMb();

  // One untimed round of each warms the page cache and the JIT alike.
  await readAndHash(paths);
  await build();
  const floors: number[] = [];
  const builds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floors.push(await timed(() => readAndHash(paths)));
    rmSync(bundlePath, { force: true });
    builds.push(await timed(build));
  }
  const rssStreaming = rssMb();

  const unzip = execFileSync('unzip', ['-t', bundlePath], { encoding: 'utf8' });
  const entries = (unzip.match(/^\s+testing: /gm) ?? []).length;
  const zipOk = /No errors detected/.test(unzip) && entries === DOCUMENTS + 2;

  const floor = median(floors);
  const built = median(builds);
  console.log(`documents: ${DOCUMENTS} x ${DOCUMENT_BYTES} bytes (${totalMb} MB), random PDF-like; ${ROUNDS} timed rounds, medians`);
  console.log(`floor (read once + SHA-256):          ${floor.toFixed(0)} ms  (${((totalMb / floor) * 1000).toFixed(0)} MB/s)  [${floors.map((v) => v.toFixed(0)).join(', ')}]`);
  console.log(`writeDocumentBundle (paths -> file):  ${built.toFixed(0)} ms  (${((totalMb / built) * 1000).toFixed(0)} MB/s)  [${builds.map((v) => v.toFixed(0)).join(', ')}]`);
  console.log(`ratio to floor:                       ${(built / floor).toFixed(2)}x  (target <= 2x)`);
  console.log(`peak RSS:                             ${rssStreaming.toFixed(0)} MB  (target < 300 MB; ${rssAtStart.toFixed(0)} MB at start, ${rssBefore.toFixed(0)} MB after making the files)`);
  console.log(`bundle: ${(statSync(bundlePath).size / MB).toFixed(1)} MB, unzip -t ${zipOk ? 'ok' : 'FAILED'} (${entries} entries)`);

  // For comparison, after the figures above are taken (peak RSS only grows): the in-memory API as
  // the outbox calls it today (every document read into a Buffer, the bundle returned as a Buffer).
  gc();
  let inMemoryBytes = 0;
  const inMemory = await timed(async () => {
    const inputs = paths.map((filePath) => ({ fileName: path.basename(filePath), mimeType: 'application/pdf', bytes: readFileSync(filePath) }));
    inMemoryBytes = (await createDocumentBundle({ documents: inputs, manifestXml, key, signingTime: new Date() })).length;
  });
  console.log(
    `for comparison, createDocumentBundle (readFileSync + Buffer result): ${inMemory.toFixed(0)} ms (${(inMemory / floor).toFixed(2)}x), peak RSS ${rssMb().toFixed(0)} MB, ${(inMemoryBytes / MB).toFixed(1)} MB`,
  );
  if (!zipOk) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

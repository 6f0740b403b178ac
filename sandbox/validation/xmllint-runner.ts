import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface XmllintFile {
  fileName: string;
  contents: string;
}

export interface XmllintRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs xmllint-wasm's xmllint in one long-lived worker that compiles the wasm once. The package's
 * own validateXML() starts a new worker and recompiles the 780 KB wasm on every call (0.4-0.8 s);
 * here each run only instantiates the compiled module with a fresh memory, which takes milliseconds.
 * The package's emscripten factory is reused unchanged; only its hosting is replaced.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const createXmllint = require(workerData.modulePath);
const compiled = new WebAssembly.Module(fs.readFileSync(workerData.wasmPath));
parentPort.on('message', (request) => {
  if (!request || request.kind !== 'signing-desk-xmllint') return;
  let stdout = '';
  let stderr = '';
  let finished = false;
  const finish = (exitCode) => {
    if (finished) return;
    finished = true;
    parentPort.postMessage({ kind: 'signing-desk-xmllint', id: request.id, exitCode, stdout, stderr });
  };
  Promise.resolve()
    .then(() => createXmllint({
      inputFiles: request.inputFiles,
      arguments: request.args,
      print: (text) => { stdout += text + '\\n'; },
      printErr: (text) => { stderr += text + '\\n'; },
      onExit: finish,
      onAbort: (reason) => { stderr += 'WASM Abort: ' + reason + '\\n'; finish(-1); },
      wasmMemory: new WebAssembly.Memory({ initial: request.initialPages, maximum: request.maximumPages }),
      instantiateWasm: (imports, receive) => {
        const instance = new WebAssembly.Instance(compiled, imports);
        receive(instance, compiled);
        return instance.exports;
      },
    }))
    .catch((error) => {
      if (error && error.name === 'ExitStatus') return finish(error.status);
      stderr += String(error && error.stack || error) + '\\n';
      finish(-1);
    });
});
`;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (run: XmllintRun) => void; reject: (error: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  const require = createRequire(import.meta.url);
  const modulePath = require.resolve('xmllint-wasm/xmllint-node.js');
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { modulePath, wasmPath: path.join(path.dirname(modulePath), 'xmllint.wasm') },
  });
  started.on('message', (message: { kind?: string; id: number } & XmllintRun) => {
    if (message?.kind !== 'signing-desk-xmllint') return;
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (pending.size === 0) started.unref();
    request.resolve({ exitCode: message.exitCode, stdout: message.stdout, stderr: message.stderr });
  });
  const fail = (error: Error) => {
    worker = undefined;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`The xmllint worker stopped (exit code ${code}).`)));
  // An idle worker must not keep the process alive; it is ref'd while a run is in flight.
  started.unref();
  worker = started;
  return started;
}

export function runXmllint(args: string[], inputFiles: XmllintFile[]): Promise<XmllintRun> {
  const target = getWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.ref();
    // 256 pages = 16 MiB initial memory; a manifest or response never needs more than the 256 MiB cap.
    target.postMessage({ kind: 'signing-desk-xmllint', id, args, inputFiles, initialPages: 256, maximumPages: 4096 });
  });
}

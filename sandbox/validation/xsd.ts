import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runXmllint, type XmllintFile } from './xmllint-runner';

export type PostenSchemaRoot = 'direct-and-portal.xsd';

const ROOT_SCHEMA: PostenSchemaRoot = 'direct-and-portal.xsd';
const DOCUMENT_NAME = 'document.xml';

/**
 * The official Posten XSDs ship inside the project (Apache-2.0, LICENSE and NOTICE beside them) in
 * `sandbox/schemas/posten`; the build copies them to `dist/schemas/posten`. Both sit one folder up
 * from the code that reads them (`sandbox/validation/xsd.ts`, or the bundle in `dist/<host>/`), so
 * one relative path serves the sources and every bundle. Nothing here reads outside the project.
 */
export function postenSchemaDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas/posten/xsd');
}

let schemaFiles: XmllintFile[] | undefined;

/** Every official XSD (the thirdparty ones too), read once; names keep their relative paths so includes resolve. */
function loadSchemaFiles(): XmllintFile[] {
  if (schemaFiles) return schemaFiles;
  const xsdDir = postenSchemaDir();
  const files = readdirSync(xsdDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.xsd'))
    .map((name) => ({ fileName: name.split(path.sep).join('/'), contents: readFileSync(path.join(xsdDir, name), 'utf8') }));
  if (!files.some((file) => file.fileName === ROOT_SCHEMA)) throw new Error(`${ROOT_SCHEMA} not found in ${xsdDir}`);
  schemaFiles = files;
  return files;
}

/**
 * Validates a request, response or manifest against the official Posten XSDs, in process with
 * xmllint-wasm (libxml2), so the sandbox judges XML exactly as `xmllint --schema` would.
 */
export async function validateAgainstPostenSchema(xml: string): Promise<{ valid: true } | { valid: false; errors: string[] }> {
  const run = await runXmllint(
    ['--nonet', '--noout', '--schema', ROOT_SCHEMA, DOCUMENT_NAME],
    [{ fileName: DOCUMENT_NAME, contents: xml }, ...loadSchemaFiles()],
  );
  if (run.exitCode === 0) return { valid: true };
  // xmllint exit code 5: the schema itself did not compile, which is our fault, not the document's.
  if (run.exitCode === 5 || run.exitCode < 0) throw new Error(`xmllint could not run the Posten schema: ${run.stderr.trim()}`);
  const errors = readableErrors(run.stderr);
  return { valid: false, errors: errors.length > 0 ? errors : ['The document does not validate against the Posten schema.'] };
}

/** Compiles and warms the validator (the first runs are slow while V8 tiers up the wasm); optional. */
export async function preloadPostenSchema(): Promise<void> {
  await validateAgainstPostenSchema('<preload/>');
}

/** `document.xml:34: Schemas validity error : ...` becomes `line 34: Schemas validity error : ...`. */
function readableErrors(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line && line !== `${DOCUMENT_NAME} fails to validate` && line !== `${DOCUMENT_NAME} validates`)
    .map((line) => {
      const located = new RegExp(`^${DOCUMENT_NAME.replace('.', '\\.')}:(\\d+): (.*)$`).exec(line);
      return located ? `line ${located[1]}: ${located[2]}` : line;
    });
}

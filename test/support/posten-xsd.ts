import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The official XSDs as the project ships them (the same files as ../shared/spec/posten/xsd). */
export const DIRECT_XSD = fileURLToPath(new URL('../../sandbox/schemas/posten/xsd/direct.xsd', import.meta.url));

/**
 * Validates with xmllint, an implementation independent of ours and of the sandbox's.
 * Returns xmllint's complaint, or '' when the document is valid.
 */
export function schemaErrors(xml: string, xsd = DIRECT_XSD): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-xsd-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postenSchemaDir, validateAgainstPostenSchema } from '../../sandbox/validation/xsd';

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../../shared');
const examplesDir = path.join(shared, 'spec/posten/examples');
const examples = readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.xml'))
  .sort();
const manifest = readFileSync(path.join(examplesDir, 'portal/manifest.xml'), 'utf8');

describe('validateAgainstPostenSchema', () => {
  test('the XSDs the product ships are the official ones, byte for byte, with their licence', () => {
    const officialDir = path.join(shared, 'spec/posten/xsd');
    const official = readdirSync(officialDir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(xsd|xml)$/.test(name)).sort();
    const shipped = readdirSync(postenSchemaDir(), { recursive: true, encoding: 'utf8' }).filter((name) => /\.(xsd|xml)$/.test(name)).sort();
    assert.deepEqual(shipped, official);
    for (const name of official) {
      assert.ok(readFileSync(path.join(postenSchemaDir(), name)).equals(readFileSync(path.join(officialDir, name))), name);
    }
    for (const name of ['LICENSE', 'NOTICE']) {
      assert.ok(readFileSync(path.join(postenSchemaDir(), '..', name)).equals(readFileSync(path.join(shared, 'spec/posten', name))), name);
    }
  });

  test('finds the official examples', () => {
    assert.ok(examples.length >= 12, `only ${examples.length} examples found`);
  });

  // The legacy manifest is still valid under direct-and-portal.xsd (it includes portal-legacy.xsd).
  for (const example of examples) {
    test(`official example ${example} validates`, async () => {
      const result = await validateAgainstPostenSchema(readFileSync(path.join(examplesDir, example), 'utf8'));
      assert.deepEqual(result, { valid: true });
    });
  }

  test('a manifest with an unknown element fails with a readable, located error', async () => {
    const broken = manifest.replace('<title>Required job title</title>', '<titel>Required job title</titel>');
    const result = await validateAgainstPostenSchema(broken);
    assert.equal(result.valid, false);
    const errors = result.valid ? [] : result.errors;
    assert.ok(errors.some((e) => /^line \d+: .*titel.*not expected/.test(e)), errors.join('\n'));
  });

  test('a manifest with a bad organisation number and a missing sender fails', async () => {
    const badNumber = await validateAgainstPostenSchema(manifest.replace('<organization-number>123456789<', '<organization-number>12345<'));
    assert.equal(badNumber.valid, false);
    const noSender = await validateAgainstPostenSchema(manifest.replace(/<sender>[\s\S]*?<\/sender>/, ''));
    assert.equal(noSender.valid, false);
  });

  test('malformed XML and a foreign root element fail', async () => {
    assert.equal((await validateAgainstPostenSchema('<portal-signature-job-manifest')).valid, false);
    const foreign = await validateAgainstPostenSchema('<something xmlns="urn:other"/>');
    assert.equal(foreign.valid, false);
    assert.match(foreign.valid ? '' : foreign.errors.join('\n'), /No matching global declaration/);
  });

  test('repeated calls are fast once warm', async () => {
    for (let i = 0; i < 5; i++) await validateAgainstPostenSchema(manifest);
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => validateAgainstPostenSchema(manifest)));
    const perCall = (performance.now() - started) / 20;
    assert.ok(results.every((r) => r.valid));
    // The package's own validateXML() takes ~400 ms a call (a new worker and wasm compile each time).
    assert.ok(perCall < 150, `${perCall.toFixed(0)} ms per call`);
  });
});

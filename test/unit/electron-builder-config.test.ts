// electron-builder cannot run offline, so its config is checked here: the structure the release
// pipeline relies on, electron-builder's own schema, and the icon files it points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { trayIconFileName } from '../../src-main/electron/tray-model';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; productName: string };

/** electron-builder's own helpers, reached through electron-builder so hoisting does not matter. */
function builderRequire(): NodeJS.Require | undefined {
  try {
    const fromBuilder = createRequire(createRequire(join(root, 'package.json')).resolve('electron-builder/package.json'));
    return createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
  } catch {
    return undefined;
  }
}
const requireFromBuilder = builderRequire();

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  return pngSizeOf(bytes, file);
}

function pngSizeOf(bytes: Buffer, label: string): { width: number; height: number } {
  assert.ok(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${label} is not a PNG`);
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR', `${label} has no IHDR chunk`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const targetsOf = (platform: string): string[] =>
  (config[platform]?.target ?? []).map((t: string | { target: string }) => (typeof t === 'string' ? t : t.target).toLowerCase());

test('identity', () => {
  assert.equal(config.appId, 'no.signingdesk.app');
  assert.equal(config.productName, 'Signing Desk');
  assert.equal(config.productName, pkg.productName);
});

test('targets: Windows NSIS, macOS dmg, Linux AppImage and deb', () => {
  assert.deepEqual(targetsOf('win'), ['nsis']);
  assert.deepEqual(targetsOf('mac'), ['dmg']);
  assert.deepEqual(targetsOf('linux').sort(), ['appimage', 'deb']);
});

test('release fuses', () => {
  assert.deepEqual(
    {
      runAsNode: config.electronFuses?.runAsNode,
      enableNodeOptionsEnvironmentVariable: config.electronFuses?.enableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: config.electronFuses?.enableNodeCliInspectArguments,
      enableEmbeddedAsarIntegrityValidation: config.electronFuses?.enableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: config.electronFuses?.onlyLoadAppFromAsar,
      enableCookieEncryption: config.electronFuses?.enableCookieEncryption,
      grantFileProtocolExtraPrivileges: config.electronFuses?.grantFileProtocolExtraPrivileges,
    },
    {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    },
  );
  assert.equal(config.asar, true, 'asar integrity and onlyLoadAppFromAsar need an asar');
});

test('files ship the build and package.json, and the entry point is inside them', () => {
  assert.ok(config.files.includes('dist/**'));
  assert.ok(config.files.includes('package.json'));
  assert.equal(pkg.main, 'dist/electron/main.cjs');
  assert.ok(!config.files.some((f: string) => /^(src-|test|sandbox)/.test(f)), 'sources and tests stay out of the package');
});

test('asarUnpack covers the better-sqlite3 native module (matched the way electron-builder does)', (t) => {
  if (!requireFromBuilder) return t.skip('electron-builder is not installed');
  const { minimatch } = requireFromBuilder('minimatch') as { minimatch: (path: string, pattern: string, options?: object) => boolean };
  const nativeFile = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  const patterns: string[] = config.asarUnpack;
  assert.ok(patterns.some((p) => minimatch(nativeFile, p, { dot: true, matchBase: false })), `no asarUnpack pattern matches ${nativeFile}`);
  assert.ok(!patterns.some((p) => minimatch('node_modules/zod/index.js', p, { dot: true })), 'asarUnpack should not unpack plain JS');
});

test("electron-builder's own schema accepts the config and would refuse a typo", async (t) => {
  if (!requireFromBuilder) return t.skip('electron-builder is not installed');
  const { validateConfiguration } = requireFromBuilder('./out/util/config/config.js') as {
    validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const logger = { isEnabled: false, add() {} };
  await validateConfiguration(structuredClone(config), logger);
  await assert.rejects(validateConfiguration({ ...structuredClone(config), electronFuse: {} }, logger), /electronFuse/);
});

test('app icons: 512 and 256 px PNGs, a Linux icon set, a Windows ICO with a 256 px image', () => {
  assert.deepEqual(pngSize(join(root, config.mac.icon)), { width: 512, height: 512 });
  assert.deepEqual(pngSize(join(root, 'resources/icon-256.png')), { width: 256, height: 256 });

  const linuxDir = join(root, config.linux.icon);
  const linuxIcons = readdirSync(linuxDir).filter((f) => f.endsWith('.png'));
  assert.ok(linuxIcons.length >= 5);
  for (const name of linuxIcons) {
    const [w, h] = name.replace('.png', '').split('x').map(Number);
    assert.deepEqual(pngSize(join(linuxDir, name)), { width: w, height: h }, name);
  }

  const ico = readFileSync(join(root, config.win.icon));
  assert.equal(ico.readUInt16LE(0), 0);
  assert.equal(ico.readUInt16LE(2), 1, 'type 1 = icon');
  const count = ico.readUInt16LE(4);
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + 16 * i;
    const declared = ico.readUInt8(entry) || 256;
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    assert.ok(offset + length <= ico.length, `entry ${i} points past the end`);
    const image = pngSizeOf(ico.subarray(offset, offset + length), `ico entry ${i}`);
    assert.deepEqual(image, { width: declared, height: ico.readUInt8(entry + 1) || 256 });
    sizes.push(declared);
  }
  assert.ok(sizes.includes(256) && sizes.includes(16) && sizes.includes(32), `ico sizes ${sizes.join(',')}`);
  assert.equal(config.nsis.installerIcon, config.win.icon);
});

test('every tray icon the app can ask for exists at 16 px and @2x 32 px, and ships as an extra resource', () => {
  const extra = config.extraResources.find((r: { from: string }) => r.from === 'resources/tray');
  assert.ok(extra, 'resources/tray must be an extraResource');
  assert.equal(extra.to, 'tray');
  const wanted = new Set<string>();
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    for (const darkPanel of [false, true]) {
      for (const attentionCount of [0, 2]) wanted.add(trayIconFileName({ darkPanel, attentionCount }, platform));
    }
  }
  assert.equal(wanted.size, 6);
  for (const name of wanted) {
    const base = join(root, 'resources/tray', name);
    assert.ok(existsSync(base), `${name} missing`);
    assert.deepEqual(pngSize(base), { width: 16, height: 16 }, name);
    assert.deepEqual(pngSize(base.replace(/\.png$/, '@2x.png')), { width: 32, height: 32 }, `${name} @2x`);
  }
});

test('the SVG sources are kept next to the renders', () => {
  for (const svg of ['resources/icon.svg', 'resources/tray-icon.svg']) assert.match(readFileSync(join(root, svg), 'utf8'), /<svg[\s>]/);
});

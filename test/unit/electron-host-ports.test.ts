import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEncryptedFileSecretStore, keychainWarning, type StringCipher } from '../../src-main/electron/encrypted-secret-store';
import { chooseDataDir, dataDirFlag } from '../../src-main/electron/launch-options';

test('--data-dir flag in both spellings; the last one wins', () => {
  assert.equal(dataDirFlag(['electron', '.', '--data-dir', '/tmp/a']), '/tmp/a');
  assert.equal(dataDirFlag(['electron', '.', '--data-dir=/tmp/b']), '/tmp/b');
  assert.equal(dataDirFlag(['--data-dir', '/tmp/a', '--data-dir=/tmp/b']), '/tmp/b');
  assert.equal(dataDirFlag(['--data-dir']), undefined);
  assert.equal(dataDirFlag(['--data-dir', '--inspect']), undefined);
  assert.equal(dataDirFlag(['--data-dir=']), undefined);
});

test('data dir: flag, then environment, then Electron userData; relative paths resolved', () => {
  const userDataDir = '/home/u/.config/Signing Desk';
  assert.equal(chooseDataDir({ argv: ['--data-dir', 'rel'], env: { SIGNING_DESK_DATA_DIR: '/env' }, userDataDir, cwd: '/work' }), resolve('/work/rel'));
  assert.equal(chooseDataDir({ argv: [], env: { SIGNING_DESK_DATA_DIR: '/env' }, userDataDir }), '/env');
  assert.equal(chooseDataDir({ argv: [], env: { SIGNING_DESK_DATA_DIR: '' }, userDataDir }), userDataDir);
  assert.equal(chooseDataDir({ argv: [], env: {}, userDataDir }), userDataDir);
});

/** A stand-in for safeStorage: reversible, but visibly not plain text. */
function fakeCipher(available = true): StringCipher & { calls: number } {
  const cipher = {
    calls: 0,
    isEncryptionAvailable: () => available,
    encryptString(text: string) {
      cipher.calls++;
      return Buffer.from(`enc:${Buffer.from(text).reverse().toString('hex')}`);
    },
    decryptString(blob: Buffer) {
      const hex = blob.toString().replace(/^enc:/, '');
      return Buffer.from(hex, 'hex').reverse().toString();
    },
  };
  return cipher;
}

test('secret store keeps only encrypted blobs on disk and round-trips bytes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'secrets.enc.json');
  const cipher = fakeCipher();
  const store = createEncryptedFileSecretStore(path, cipher);
  assert.equal(store.kind, 'os-keychain');

  const secret = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('pfx passphrase')]);
  await store.set('account:1:passphrase', secret);
  await store.set('account:2:passphrase', Buffer.from('other'));
  assert.deepEqual(await store.get('account:1:passphrase'), secret);
  assert.equal(await store.get('missing'), undefined);
  assert.equal(cipher.calls, 2);

  const onDisk = readFileSync(path, 'utf8');
  assert.doesNotMatch(onDisk, /pfx passphrase|other/);
  assert.doesNotMatch(onDisk, new RegExp(Buffer.from('pfx passphrase').toString('base64')));
  if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);

  await store.delete('account:1:passphrase');
  await store.delete('never-there');
  assert.equal(await store.get('account:1:passphrase'), undefined);
  assert.deepEqual(await createEncryptedFileSecretStore(path, cipher).get('account:2:passphrase'), Buffer.from('other'));
});

test('secret store refuses to write when the OS cannot encrypt', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = createEncryptedFileSecretStore(join(dir, 's.json'), fakeCipher(false));
  await assert.rejects(store.set('k', Buffer.from('v')), /keychain is not available/);
});

test('keychain warning only for Linux basic_text (or unknown)', () => {
  assert.match(keychainWarning('linux', 'basic_text')!, /basic_text/);
  assert.ok(keychainWarning('linux', 'unknown'));
  assert.equal(keychainWarning('linux', 'gnome_libsecret'), undefined);
  assert.equal(keychainWarning('linux', 'kwallet6'), undefined);
  assert.equal(keychainWarning('darwin', undefined), undefined);
  assert.equal(keychainWarning('win32', 'basic_text'), undefined);
});

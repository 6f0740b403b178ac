import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { APP_ENTRY_URL, contentTypeOf, resolveAppRequest } from '../../src-main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../../src-main/electron/csp';

const root = '/opt/signing-desk/dist/renderer';

test('serves files under the renderer folder with their content type', () => {
  assert.deepEqual(resolveAppRequest('app://signing-desk/assets/index-abc.js', root), {
    kind: 'file',
    path: `${root}/assets/index-abc.js`,
    contentType: 'text/javascript; charset=utf-8',
  });
  const entry = resolveAppRequest(APP_ENTRY_URL, root);
  assert.equal(entry.kind === 'file' && entry.path, `${root}/index.html`);
});

test('the root and client-side routes fall back to index.html', () => {
  for (const url of ['app://signing-desk/', 'app://signing-desk', 'app://signing-desk/jobs/123']) {
    const resolved = resolveAppRequest(url, root);
    assert.equal(resolved.kind === 'file' && resolved.path, `${root}/index.html`, url);
  }
});

test('decodes percent-encoded file names', () => {
  const resolved = resolveAppRequest('app://signing-desk/assets/my%20font.woff2', root);
  assert.equal(resolved.kind === 'file' && resolved.path, `${root}/assets/my font.woff2`);
});

test('refuses every way out of the renderer folder', () => {
  const attempts = [
    'app://signing-desk/..%2F..%2Fsecrets.enc.json',
    'app://signing-desk/assets/..%2F..%2F..%2Fpackage.json',
    'app://signing-desk/%2F..%2F..%2Fx.json',
    'app://signing-desk/a%00.js',
    'app://signing-desk/%E0%A4%A.js',
  ];
  for (const url of attempts) {
    const resolved = resolveAppRequest(url, root);
    assert.equal(resolved.kind, 'forbidden', `${url} -> ${JSON.stringify(resolved)}`);
  }
});

test('../ segments, plain or as %2e%2e, are folded by URL parsing and stay inside the root', () => {
  for (const url of ['app://signing-desk/../../etc/passwd.txt', 'app://signing-desk/%2e%2e/%2e%2e/etc/passwd.txt']) {
    const resolved = resolveAppRequest(url, root);
    assert.equal(resolved.kind === 'file' && resolved.path, `${root}/etc/passwd.txt`, url);
  }
});

test('refuses Windows-style escapes (backslashes, drive letters) with win32 path rules', () => {
  const winRoot = 'C:\\Program Files\\Signing Desk\\resources\\app.asar\\dist\\renderer';
  for (const url of ['app://signing-desk/..%5C..%5Csecrets.json', 'app://signing-desk/C:%5CWindows%5Cwin.ini', 'app://signing-desk/%5C%5Cserver%5Cshare%5Cx.js']) {
    assert.equal(resolveAppRequest(url, winRoot, path.win32).kind, 'forbidden', url);
  }
  const ok = resolveAppRequest('app://signing-desk/assets/x.css', winRoot, path.win32);
  assert.equal(ok.kind === 'file' && ok.path, `${winRoot}\\assets\\x.css`);
});

test('refuses other hosts and schemes', () => {
  assert.equal(resolveAppRequest('app://evil/index.html', root).kind, 'forbidden');
  assert.equal(resolveAppRequest('file:///etc/passwd', root).kind, 'forbidden');
  assert.equal(resolveAppRequest('not a url', root).kind, 'forbidden');
});

test('content types', () => {
  assert.equal(contentTypeOf('a.HTML'), 'text/html; charset=utf-8');
  assert.equal(contentTypeOf('a.svg'), 'image/svg+xml');
  assert.equal(contentTypeOf('a.unknown'), 'application/octet-stream');
});

test('app:// responses carry the shared CSP and the other security headers', () => {
  // What the policy allows is tested in content-security-policy.test.ts, once for every host.
  assert.equal(securityHeaders()['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.equal(securityHeaders()['x-content-type-options'], 'nosniff');
  assert.equal(securityHeaders()['x-frame-options'], 'DENY');
  assert.equal(securityHeaders()['referrer-policy'], 'no-referrer');
});

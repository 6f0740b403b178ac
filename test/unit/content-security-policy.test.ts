// One policy for the renderer, however it is served: the Electron app:// protocol's header, the
// web host's header, and the <meta> the build writes into index.html must be the same string.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_PLACEHOLDER, withContentSecurityPolicy } from '../../src-shared/content-security-policy';
import { securityHeaders } from '../../src-main/electron/csp';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { ok } from '../../src-shared/result';

const root = fileURLToPath(new URL('../..', import.meta.url));
const builtRenderer = join(root, 'dist', 'renderer');

function metaPolicyOf(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1]!);
}

let server: WebServer;
before(async () => {
  assert.ok(existsSync(join(builtRenderer, 'index.html')), 'dist/renderer is missing: run node scripts/build.mjs first');
  server = await startWebServer({ dispatcher: { dispatch: async () => ok({}), subscribe: () => () => {} }, rendererDir: builtRenderer });
});
after(async () => {
  await server?.close();
});

test('the policy allows only the app itself: no inline code, no eval, no frames, no plugins, no forms', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('style-src'), ["'self'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'"]);
  for (const name of ['frame-src', 'object-src', 'base-uri', 'form-action']) assert.deepEqual(directives.get(name), ["'none'"], name);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-|\*|http:|https:|ws:|blob:/);
  // A <meta> policy cannot carry frame-ancestors (Chromium logs an error), so it is a header of its own.
  assert.equal(directives.has('frame-ancestors'), false);
});

test('Electron, the web host and index.html carry the same policy', async () => {
  const electron = securityHeaders();
  const response = await fetch(`${server.origin}/`);
  const html = await response.text();
  assert.equal(response.status, 200);
  assert.equal(electron['content-security-policy'], CONTENT_SECURITY_POLICY, 'app:// protocol');
  assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, 'web host');
  assert.deepEqual(metaPolicyOf(html), [CONTENT_SECURITY_POLICY], 'the built index.html, as the web host serves it');
  assert.deepEqual(metaPolicyOf(readFileSync(join(builtRenderer, 'index.html'), 'utf8')), [CONTENT_SECURITY_POLICY], 'the built index.html, as app:// serves it');
  // Framing is refused by both hosts beside the policy.
  assert.equal(electron['x-frame-options'], 'DENY');
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
});

test('index.html holds no policy of its own, only the place the build writes it', () => {
  const source = readFileSync(join(root, 'src-renderer', 'index.html'), 'utf8');
  assert.deepEqual(metaPolicyOf(source), [CONTENT_SECURITY_POLICY_PLACEHOLDER]);
  assert.deepEqual(metaPolicyOf(withContentSecurityPolicy(source)), [CONTENT_SECURITY_POLICY]);
  assert.throws(() => withContentSecurityPolicy('<meta http-equiv="Content-Security-Policy" content="default-src *">'), /exactly once/);
  assert.throws(() => withContentSecurityPolicy(source + source), /exactly once/);
});

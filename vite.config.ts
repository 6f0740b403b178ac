import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { withContentSecurityPolicy } from './src-shared/content-security-policy.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** index.html gets the renderer's one CSP, the same string both hosts send as a header. */
const contentSecurityPolicy: Plugin = {
  name: 'signing-desk-content-security-policy',
  transformIndexHtml: { order: 'pre', handler: (html) => withContentSecurityPolicy(html) },
};

// No React plugin: Vite's own transformer (oxc) compiles TSX with the automatic JSX runtime, which is
// all the renderer needs (no fast refresh in this project).
export default defineConfig({
  root: `${repoRoot}src-renderer`,
  base: './',
  publicDir: false,
  plugins: [contentSecurityPolicy],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: `${repoRoot}dist/renderer`,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // Keep every asset a file: a data: URL would need a wider CSP, and the module preload polyfill
    // would need an inline script.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: false },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// No React plugin: Vite's own transformer (oxc) compiles TSX with the automatic JSX runtime, which is
// all the renderer needs (no fast refresh in this project).
export default defineConfig({
  root: `${repoRoot}src-renderer`,
  base: './',
  publicDir: false,
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

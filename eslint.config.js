// Layer rules live here (with the per-layer tsconfigs): breaking one fails `npm run lint`.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'tls', 'url', 'util', 'stream', 'stream/*', 'events', 'worker_threads', 'zlib', 'buffer', 'process'];
// `electron` is matched by exact name: as a gitignore-style pattern it would also match src-main/electron/*.
const electronPath = { name: 'electron', message: 'Only src-main/electron may import electron.' };
const restrict = (patterns, { allowElectron = false } = {}) => [
  'error',
  { paths: allowElectron ? [] : [electronPath], patterns },
];
const group = (names, message) => ({ group: names, message });

const noNode = group(nodeBuiltins, 'This layer runs outside Node: no Node built-ins.');
const noElectron = group(['electron/*'], 'Only src-main/electron may import electron.');
const noSandbox = group(['**/sandbox', '**/sandbox/**'], 'Only tests and the hosts (through src-main/demo) may import the sandbox.');
const noMain = group(['**/src-main', '**/src-main/**'], 'This layer may not import main-process code.');
const noRenderer = group(['**/src-renderer', '**/src-renderer/**'], 'Only the renderer imports renderer code.');
// Issue #10: a service's code is reached through the provider registry, never imported directly.
const noProviderInternals = group(
  ['**/providers/posten', '**/providers/posten/**', '**/providers/restpki', '**/providers/restpki/**', '**/providers/trident', '**/providers/trident/**'],
  "Only src-main/core/providers/registry.ts imports a service's folder: go through the registry.",
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'test-results/**', '**/*.cjs', 'scripts/**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict([noElectron]),
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': restrict([
        noNode,
        noElectron,
        noMain,
        noRenderer,
        noSandbox,
        group(['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'], 'src-shared is environment-free: no UI libraries.'),
      ]),
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': restrict([noNode, noElectron, noMain, noSandbox, group(['**/test/**'], 'The renderer imports only src-shared.')]),
    },
  },
  {
    files: ['src-main/core/**'],
    rules: { 'no-restricted-imports': restrict([noElectron, noRenderer, noSandbox, noProviderInternals]) },
  },
  {
    // A service's own files import each other (./client); the registry is the one way in from outside.
    files: ['src-main/core/providers/registry.ts', 'src-main/core/providers/*/**'],
    rules: { 'no-restricted-imports': restrict([noElectron, noRenderer, noSandbox]) },
  },
  {
    files: ['src-main/web/**', 'src-main/cli/**', 'src-main/demo/**'],
    rules: { 'no-restricted-imports': restrict([noElectron, noRenderer, noProviderInternals]) },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': restrict([noProviderInternals], { allowElectron: true }) },
  },
  {
    files: ['sandbox/**'],
    rules: {
      'no-restricted-imports': restrict([
        noElectron,
        noMain,
        noRenderer,
        group(['**/src-shared', '**/src-shared/**'], 'The sandbox is an independent implementation: it shares no code with the app.'),
      ]),
    },
  },
);

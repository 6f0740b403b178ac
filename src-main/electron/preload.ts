// Runs sandboxed before the page, in an isolated world: the page sees only `window.signingDesk`
// (one named function per contract method, and `on` for its events), never ipcRenderer, require
// or process. Bundled to dist/electron/preload.cjs (one CommonJS file) because sandboxed preloads
// cannot load ES modules or other files; it stays a few kilobytes, without zod
// (test/unit/electron-preload-bundle.test.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('signingDesk', createPreloadApi(ipcRenderer));

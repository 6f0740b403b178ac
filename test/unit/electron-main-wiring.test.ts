// Runs the real Electron entry point (bundled like scripts/build.mjs does) in plain Node against a
// fake `electron` module, to check main.ts's wiring: the order of security calls, the protocol
// handler, the sender-checked IPC, event forwarding and the window's web preferences. What only
// real Electron can prove (sandbox, contextBridge, real frames) is the smoke test's job.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import { channelOf, methodChannels } from '../../src-shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';
import { seedJobs } from '../support/seed';

const root = fileURLToPath(new URL('../..', import.meta.url));
type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface FakeWebContents {
  id: number;
  sent: [string, unknown][];
  listeners: Map<string, Fn>;
  windowOpenHandler?: Fn;
  mainFrame: { url: string; parent: null };
  on(event: string, fn: Fn): void;
  send(channel: string, payload: unknown): void;
  setWindowOpenHandler(fn: Fn): void;
}

function fakeElectron(paths: { appRoot: string; home: string }) {
  const record = {
    order: [] as string[],
    schemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocolHandlers: new Map<string, Fn>(),
    ipcHandlers: new Map<string, Fn>(),
    appListeners: new Map<string, Fn>(),
    windows: [] as { options: Record<string, any>; url?: string; webContents: FakeWebContents }[], // eslint-disable-line @typescript-eslint/no-explicit-any
    permissionRequest: undefined as Fn | undefined,
    permissionCheck: undefined as Fn | undefined,
    devicePermission: undefined as Fn | undefined,
    /** Arguments of every dialog.showOpenDialog call, and the answers it gives in turn. */
    folderDialogs: [] as unknown[][],
    folderDialogAnswers: [] as { canceled: boolean; filePaths: string[] }[],
    openedExternally: [] as string[],
    openedPaths: [] as string[],
    shownInFolder: [] as string[],
    menu: undefined as unknown,
    errors: [] as string[],
  };
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  let nextId = 1;
  const makeWebContents = (): FakeWebContents => {
    const contents: FakeWebContents = {
      id: nextId++,
      sent: [],
      listeners: new Map(),
      mainFrame: { url: 'app://signing-desk/index.html', parent: null },
      on: (event, fn) => void contents.listeners.set(event, fn),
      send: (channel, payload) => void contents.sent.push([channel, payload]),
      setWindowOpenHandler: (fn) => void (contents.windowOpenHandler = fn),
    };
    return contents;
  };

  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    webContents: FakeWebContents;
    entry: (typeof record.windows)[number];
    constructor(options: Record<string, unknown>) {
      record.order.push('new BrowserWindow');
      this.webContents = makeWebContents();
      this.entry = { options, webContents: this.webContents };
      record.windows.push(this.entry);
      BrowserWindow.all.push(this);
      // Electron fires web-contents-created for every new webContents.
      record.appListeners.get('web-contents-created')?.({}, this.webContents);
    }
    once() {}
    on() {}
    isDestroyed = () => false;
    isMinimized = () => false;
    isFullScreen = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
    async loadURL(url: string) {
      this.entry.url = url;
    }
  }

  const electron = {
    app: {
      isPackaged: false,
      setName: () => {},
      enableSandbox: () => void record.order.push('enableSandbox'),
      getPath: (name: string) => join(paths.home, name),
      setPath: () => {},
      getAppPath: () => paths.appRoot,
      requestSingleInstanceLock: () => (record.order.push('requestSingleInstanceLock'), true),
      on: (event: string, fn: Fn) => void record.appListeners.set(event, fn),
      whenReady: () => ready,
      quit: () => {},
      exit: (code: number) => void record.errors.push(`exit ${code}`),
      getVersion: () => '9.9.9-test',
      getPreferredSystemLanguages: () => ['en-US'],
      getLocale: () => 'en-US',
      setBadgeCount: () => true,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof record.schemes) => (record.order.push('registerSchemesAsPrivileged'), record.schemes.push(...schemes)),
      handle: (scheme: string, fn: Fn) => void record.protocolHandlers.set(scheme, fn),
    },
    ipcMain: { handle: (channel: string, fn: Fn) => void record.ipcHandlers.set(channel, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => void (record.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => void (record.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Fn) => void (record.devicePermission = fn),
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s).reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    },
    shell: {
      openExternal: async (url: string) => void record.openedExternally.push(url),
      openPath: async (path: string) => (record.openedPaths.push(path), ''),
      showItemInFolder: (path: string) => void record.shownInFolder.push(path),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    nativeTheme: { shouldUseDarkColors: false, themeSource: 'system', on: () => {} },
    nativeImage: { createFromPath: () => ({ setTemplateImage: () => {} }) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (record.menu = m) },
    Tray: class {
      on() {}
      setImage() {}
      setToolTip() {}
      setContextMenu() {}
      isDestroyed = () => false;
      destroy() {}
    },
    Notification: class {
      static isSupported = () => false;
    },
    dialog: {
      showErrorBox: (title: string, message: string) => void record.errors.push(`${title}: ${message}`),
      showOpenDialog: async (...args: unknown[]) => (record.folderDialogs.push(args), record.folderDialogAnswers.shift() ?? { canceled: true, filePaths: [] }),
    },
    BrowserWindow,
  };
  return { electron, record, resolveReady };
}

let temp: string;
let fake: ReturnType<typeof fakeElectron>;
const savedDataDirEnv = process.env.SIGNING_DESK_DATA_DIR;

before(async () => {
  temp = mkdtempSync(join(tmpdir(), 'sd-electron-main-'));
  const appRoot = join(temp, 'app');
  mkdirSync(join(appRoot, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Signing Desk</title>');
  writeFileSync(join(appRoot, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(temp, 'secret.txt'), 'top secret');
  process.env.SIGNING_DESK_DATA_DIR = join(temp, 'data');

  const bundle = await build({
    entryPoints: [join(root, 'src-main/electron/main.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['electron'],
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'silent',
  });
  fake = fakeElectron({ appRoot, home: join(temp, 'home') });
  const realRequire = createRequire(join(root, 'package.json'));
  const fakeRequire = (id: string) => (id === 'electron' ? fake.electron : realRequire(id));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__filename', '__dirname', bundle.outputFiles[0]!.text)(fakeRequire, module, module.exports, join(root, 'dist/electron/main.cjs'), join(root, 'dist/electron'));

  assert.deepEqual(fake.record.order, ['enableSandbox', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock'], 'security set up before ready');
  fake.resolveReady();
  for (let i = 0; i < 200 && fake.record.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(fake.record.errors, []);
});

after(() => {
  fake?.record.appListeners.get('will-quit')?.();
  if (savedDataDirEnv === undefined) delete process.env.SIGNING_DESK_DATA_DIR;
  else process.env.SIGNING_DESK_DATA_DIR = savedDataDirEnv;
  if (temp) rmSync(temp, { recursive: true, force: true });
});

test('app:// is registered as a privileged standard, secure scheme', () => {
  assert.deepEqual(fake.record.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
});

test('one locked-down window loading app://signing-desk/index.html with the preload', () => {
  assert.equal(fake.record.windows.length, 1);
  const [window] = fake.record.windows;
  assert.equal(window!.url, 'app://signing-desk/index.html');
  const prefs = window!.options.webPreferences;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal('enableBlinkFeatures' in prefs, false, 'no Blink features switched on');
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.navigateOnDragDrop, false);
  assert.equal(prefs.devTools, true, 'devTools only because this fake is not packaged');
  assert.equal(prefs.preload, join(temp, 'app', 'dist', 'electron', 'preload.cjs'));
});

test('the protocol serves the renderer with the CSP header and refuses escapes', async () => {
  const handler = fake.record.protocolHandlers.get('app')!;
  const index: Response = await handler(new Request('app://signing-desk/index.html'));
  assert.equal(index.status, 200);
  assert.match(await index.text(), /Signing Desk/);
  assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, 'the one policy the web host and index.html carry too');
  assert.equal(index.headers.get('x-frame-options'), 'DENY');
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  const escape: Response = await handler(new Request('app://signing-desk/..%2F..%2Fsecret.txt'));
  assert.equal(escape.status, 403);
  const missing: Response = await handler(new Request('app://signing-desk/assets/nope.js'));
  assert.equal(missing.status, 404);
  const post: Response = await handler(new Request('app://signing-desk/index.html', { method: 'POST', body: 'x' }));
  assert.equal(post.status, 405);
});

test('an IPC handler exists for every contract method, and only those', () => {
  assert.deepEqual([...fake.record.ipcHandlers.keys()].sort(), [...methodChannels].sort());
});

const eventFrom = (contents: FakeWebContents, frame: { url: string; parent: unknown } | null = contents.mainFrame) => ({ sender: contents, senderFrame: frame });

test('IPC calls from our window reach the core; others are refused', async () => {
  const contents = fake.record.windows[0]!.webContents;
  const appInfo = fake.record.ipcHandlers.get(channelOf('app.info'))!;
  const info = await appInfo(eventFrom(contents), {});
  assert.equal(info.ok, true, JSON.stringify(info));
  assert.equal(info.value.host, 'electron');
  assert.equal(info.value.version, '9.9.9-test');
  assert.equal(info.value.dataDir, join(temp, 'data'));
  assert.equal(info.value.secretStorage, 'os-keychain');

  const invalid = await fake.record.ipcHandlers.get(channelOf('jobs.list'))!(eventFrom(contents), { limit: -1 });
  assert.equal(invalid.error.code, 'VALIDATION');

  const subframe = await appInfo(eventFrom(contents, { url: 'app://signing-desk/index.html', parent: {} }), {});
  assert.equal(subframe.error.code, 'UNAVAILABLE');
  const foreign = await appInfo(eventFrom(contents, { url: 'https://evil.example/', parent: null }), {});
  assert.equal(foreign.error.code, 'UNAVAILABLE');
  const gone = await appInfo(eventFrom(contents, null), {});
  assert.equal(gone.error.code, 'UNAVAILABLE');
  const stranger = { ...contents, id: 999 };
  assert.equal((await appInfo(eventFrom(stranger), {})).error.code, 'UNAVAILABLE');
});

test('core events reach the window on their sd: channel', async () => {
  const contents = fake.record.windows[0]!.webContents;
  const update = fake.record.ipcHandlers.get(channelOf('settings.update'))!;
  const result = await update(eventFrom(contents), { theme: 'dark' });
  assert.equal(result.ok, true, JSON.stringify(result));
  const sent = contents.sent.find(([channel]) => channel === channelOf('settings.changed'));
  assert.ok(sent, 'settings.changed was forwarded');
  assert.equal((sent[1] as { theme: string }).theme, 'dark');
  assert.equal(fake.electron.nativeTheme.themeSource, 'dark', 'the theme setting drives nativeTheme');
});

test('navigation, redirects, webviews and new windows are refused; allowlisted links open externally', () => {
  const contents = fake.record.windows[0]!.webContents;
  const prevented: string[] = [];
  const event = (url: string) => ({ url, preventDefault: () => void prevented.push(url) });
  contents.listeners.get('will-navigate')!(event('https://example.com/'));
  contents.listeners.get('will-navigate')!(event('https://github.com/nav'));
  contents.listeners.get('will-redirect')!(event('https://redirect.example/'));
  contents.listeners.get('will-attach-webview')!(event('webview'));
  assert.deepEqual(prevented, ['https://example.com/', 'https://github.com/nav', 'https://redirect.example/', 'webview']);
  assert.deepEqual(contents.windowOpenHandler!({ url: 'https://github.com/x' }), { action: 'deny' });
  assert.deepEqual(contents.windowOpenHandler!({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.deepEqual(fake.record.openedExternally, ['https://github.com/nav', 'https://github.com/x']);
});

test('permission requests and checks are denied', () => {
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
    let granted: boolean | undefined;
    fake.record.permissionRequest!({}, permission, (answer: boolean) => (granted = answer));
    assert.equal(granted, false, permission);
  }
  assert.equal(fake.record.permissionCheck!({}, 'notifications', 'app://signing-desk', {}), false);
  assert.equal(fake.record.devicePermission!({ deviceType: 'usb', origin: 'app://signing-desk' }), false);
});

test('a window the page manages to open still gets every guard', () => {
  // Electron fires web-contents-created for every webContents, popups included.
  const popup = { id: 4242, listeners: new Map<string, Fn>(), on: (event: string, fn: Fn) => void popup.listeners.set(event, fn), windowOpenHandler: undefined as Fn | undefined, setWindowOpenHandler: (fn: Fn) => void (popup.windowOpenHandler = fn) };
  fake.record.appListeners.get('web-contents-created')!({}, popup);
  for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) assert.ok(popup.listeners.has(event), event);
  assert.deepEqual(popup.windowOpenHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
});

test('an application menu is installed', () => {
  assert.ok(Array.isArray(fake.record.menu) && (fake.record.menu as unknown[]).length >= 5);
});

let seeded = false;
/** A seeded job with an archived signed PDF, written the way the downloader leaves it; returns its path. */
function addSignedJob(jobId: string): string {
  const dataDir = join(temp, 'data');
  const archived = join(dataDir, 'archive', jobId, 'signed.pdf');
  mkdirSync(join(dataDir, 'archive', jobId), { recursive: true });
  writeFileSync(archived, `%PDF-1.7 signed ${jobId}`);
  const db = new BetterSqlite3(join(dataDir, 'signing-desk.sqlite'));
  try {
    if (!seeded) seedJobs(db, 3);
    seeded = true;
    const at = new Date().toISOString();
    db.prepare("INSERT INTO artifacts (id, job_id, format, origin, state, archive_path, created_at, updated_at) VALUES (?, ?, 'pades', 'https://x', 'archived', ?, ?, ?)").run(`dl-${jobId}`, jobId, archived, at, at);
  } finally {
    db.close();
  }
  return archived;
}

test('show in folder selects a signed file the core picked; a path from the window is refused', async () => {
  const contents = fake.record.windows[0]!.webContents;
  const showInFolder = fake.record.ipcHandlers.get(channelOf('host.showInFolder'))!;
  const byPath = await showInFolder(eventFrom(contents), { path: '/etc/passwd' });
  assert.equal(byPath.error.code, 'VALIDATION');

  const archived = addSignedJob('job-000000');
  const result = await showInFolder(eventFrom(contents), { jobId: 'job-000000' });
  assert.deepEqual(result, { ok: true, value: { shown: true } });
  assert.deepEqual(fake.record.shownInFolder, [realpathSync(archived)]);
  assert.deepEqual(fake.record.openedPaths, [], 'nothing is opened with its default application');
});

test('saving by hand: main asks for the folder in its own dialog; a folder named by the window is refused', async () => {
  const contents = fake.record.windows[0]!.webContents;
  const saveAgain = fake.record.ipcHandlers.get(channelOf('jobs.saveAgain'))!;
  const saveToChosen = fake.record.ipcHandlers.get(channelOf('jobs.saveToChosenFolder'))!;
  addSignedJob('job-000002');
  const named = join(temp, 'named-by-the-window');
  mkdirSync(named);
  const chosen = join(temp, 'chosen-in-the-dialog');
  mkdirSync(chosen);

  const refused = await saveAgain(eventFrom(contents), { id: 'job-000002', folder: named });
  assert.equal(refused.ok, false, JSON.stringify(refused));
  assert.equal(refused.error.code, 'UNAVAILABLE');
  assert.deepEqual(readdirSync(named), [], 'nothing written where the window said');
  assert.equal(fake.record.folderDialogs.length, 0);

  const smuggled = await saveToChosen(eventFrom(contents), { id: 'job-000002', folder: named });
  assert.equal(smuggled.error.code, 'VALIDATION', 'the dialog method takes no folder');

  fake.record.folderDialogAnswers.push({ canceled: true, filePaths: [] });
  assert.deepEqual(await saveToChosen(eventFrom(contents), { id: 'job-000002' }), { ok: true, value: { outcome: 'cancelled' } });

  fake.record.folderDialogAnswers.push({ canceled: false, filePaths: [chosen] });
  const saved = await saveToChosen(eventFrom(contents), { id: 'job-000002' });
  assert.equal(saved.ok, true, JSON.stringify(saved));
  assert.equal(saved.value.outcome, 'saved');
  assert.equal(saved.value.folder, chosen);
  assert.equal(saved.value.job.id, 'job-000002');
  const files = readdirSync(chosen, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.pdf'));
  assert.equal(files.length, 1, files.join(', '));
  assert.equal(readFileSync(join(chosen, files[0]!), 'utf8'), '%PDF-1.7 signed job-000002');

  assert.equal(fake.record.folderDialogs.length, 2);
  const [parent, options] = fake.record.folderDialogs[1]! as [unknown, { properties: string[] }];
  assert.equal((parent as { webContents?: unknown }).webContents, contents, 'the dialog belongs to the app window');
  assert.ok(options.properties.includes('openDirectory'));

  const stranger = { ...contents, id: 999 };
  assert.equal((await saveToChosen(eventFrom(stranger), { id: 'job-000002' })).error.code, 'UNAVAILABLE', 'only our window may ask');
  assert.equal(fake.record.folderDialogs.length, 2, 'and a refused sender opens no dialog');
  const nothingYet = await saveToChosen(eventFrom(contents), { id: 'job-000001' });
  assert.equal(nothingYet.error.reason, 'job.noSignedFile');
  assert.equal(fake.record.folderDialogs.length, 2, 'no dialog for a job with nothing to save');
});

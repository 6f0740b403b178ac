/** English lines the web host prints when it starts (`npm start` without Electron); merged in messages.en.ts. */
export const webHostEn = {
  'webHost.running': 'Signing Desk is running at {address}',
  'webHost.dataFolder': 'Data folder: {folder}',
  'webHost.openAddress': 'Open the address above in a browser.',
  'webHost.openLaunchPage':
    'To use it, open {page} in a browser. That page holds the key to this session, so only you can read it, and it is deleted once a window has opened the app. The key itself is never printed here, as this output may be kept in a log.',
  'webHost.noDisplay': 'No display found, so no window opens.',
  'webHost.noChromium': 'No Chromium found, so no window opens.',
  'webHost.chromiumFailed': 'Chromium could not be opened.',
  'webHost.couldNotStart': 'Signing Desk could not start: {reason}',
} as const;

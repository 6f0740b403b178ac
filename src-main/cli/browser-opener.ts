import { spawn } from 'node:child_process';
import type { BrowserOpener } from '../core/ports';

/** The system's own way of opening an address in the default browser. */
function openerCommand(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // `start` is a shell built-in; the empty title keeps a quoted URL from being taken for one.
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]];
  return ['xdg-open', [url]];
}

/** `--open`: hands an http(s) address to the system opener; anything else is refused. */
export const systemBrowserOpener: BrowserOpener = {
  open(url) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return Promise.reject(new Error(`Only web addresses are opened, not ${parsed.protocol}`));
    const [command, args] = openerCommand(parsed.href);
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  },
};

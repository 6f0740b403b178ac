// Renders the app and tray icons from the SVG sources in resources/ with Debian's Chromium:
//   npx tsx scripts/make-icons.ts
// Writes resources/icon.png (512), resources/icons/NxN.png (Linux set), resources/icon.ico
// (Windows) and resources/tray/*.png. The PNGs are committed, so only run this after editing an SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resources = join(root, 'resources');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function render(browser: Browser, svg: string, size: number): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  try {
    const sized = svg.replace(/<svg([^>]*?)\swidth="\d+"\s+height="\d+"/, `<svg$1 width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${sized}</body></html>`);
    return await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  } finally {
    await page.close();
  }
}

/**
 * An .ico that wraps PNG images (allowed since Windows Vista). No library here writes ICO, and the
 * format is just a 6-byte header plus one 16-byte directory entry per image:
 *   ICONDIR      reserved u16 = 0, type u16 = 1 (icon), count u16
 *   ICONDIRENTRY width u8, height u8 (0 means 256), colours u8 = 0, reserved u8 = 0,
 *                planes u16 = 1, bits per pixel u16 = 32, size u32, offset u32
 */
export function buildIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2);
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

function trayVariant(svg: string, color: string, attention: boolean): string {
  let out = svg.replace(/(<svg[^>]*\scolor=")[^"]*"/, `$1${color}"`);
  if (attention) out = out.replace('.attention { display: none; }', '.attention { display: inline; }');
  return out;
}

async function main(): Promise<void> {
  const appSvg = readFileSync(join(resources, 'icon.svg'), 'utf8');
  const traySvg = readFileSync(join(resources, 'tray-icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const write = (path: string, data: Buffer) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, data);
      console.log(`wrote ${path.slice(root.length + 1)} (${data.length} bytes)`);
    };

    const appSizes = [16, 24, 32, 48, 64, 128, 256, 512];
    const rendered = new Map<number, Buffer>();
    for (const size of appSizes) rendered.set(size, await render(browser, appSvg, size));
    write(join(resources, 'icon.png'), rendered.get(512)!);
    write(join(resources, 'icon-256.png'), rendered.get(256)!);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) write(join(resources, 'icons', `${size}x${size}.png`), rendered.get(size)!);
    write(join(resources, 'icon.ico'), buildIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: rendered.get(size)! }))));

    // Light panels get a dark glyph and dark panels a light one; macOS tints template images itself.
    const variants: { name: string; color: string; attention: boolean }[] = [
      { name: 'tray-light', color: '#1F2937', attention: false },
      { name: 'tray-light-attention', color: '#1F2937', attention: true },
      { name: 'tray-dark', color: '#F3F4F6', attention: false },
      { name: 'tray-dark-attention', color: '#F3F4F6', attention: true },
      { name: 'trayTemplate', color: '#000000', attention: false },
      { name: 'trayAttentionTemplate', color: '#000000', attention: true },
    ];
    for (const variant of variants) {
      const svg = trayVariant(traySvg, variant.color, variant.attention);
      write(join(resources, 'tray', `${variant.name}.png`), await render(browser, svg, 16));
      write(join(resources, 'tray', `${variant.name}@2x.png`), await render(browser, svg, 32));
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}

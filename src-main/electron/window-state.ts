/** Window geometry remembered between launches, and the maths that keeps it on a real screen. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface DisplayInfo {
  /** The display's work area (screen minus taskbar/dock/menu bar), as Electron's `Display.workArea`. */
  workArea: Rect;
}

export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
const DEFAULT_WIDTH = 1280;
const DEFAULT_HEIGHT = 820;
/** How much of the title bar must be on a display for the window to count as reachable. */
const MIN_VISIBLE = 120;

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Reads a stored state; anything malformed (hand-edited file, older format) counts as absent. */
export function parseWindowState(text: string | undefined): WindowState | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { bounds, maximized } = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(isFiniteNumber)) return undefined;
  return {
    bounds: { x: bounds.x!, y: bounds.y!, width: bounds.width!, height: bounds.height! },
    maximized: maximized === true,
  };
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centredIn(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: Math.round(area.x + (area.width - w) / 2),
    y: Math.round(area.y + (area.height - h) / 2),
    width: w,
    height: h,
  };
}

/** Shrinks `rect` to fit `area` and shifts it inside, keeping its size where it fits. */
function fitInto(rect: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(rect.width, Math.min(MIN_WIDTH, area.width)), area.width);
  const height = Math.min(Math.max(rect.height, Math.min(MIN_HEIGHT, area.height)), area.height);
  const x = Math.min(Math.max(rect.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(rect.y, area.y), area.y + area.height - height);
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

/**
 * Where to open the window. A saved position is kept when its title bar is still reachable on
 * the display it overlaps most (the monitor may since have been unplugged, or the resolution
 * lowered); the window is then fitted into that display. Otherwise it is centred on the primary
 * display (the first in `displays`) at the saved or default size.
 */
export function clampWindowState(saved: WindowState | undefined, displays: readonly DisplayInfo[]): WindowState {
  const primary = displays[0]?.workArea ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  if (!saved) return { bounds: centredIn(primary, DEFAULT_WIDTH, DEFAULT_HEIGHT), maximized: false };

  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width: saved.bounds.width, height: 32 };
  let best: { area: Rect; score: number } | undefined;
  for (const display of displays) {
    const seen = overlap(titleBar, display.workArea);
    const score = seen.width >= Math.min(MIN_VISIBLE, saved.bounds.width) && seen.height > 0 ? seen.width * seen.height : 0;
    if (score > 0 && (!best || score > best.score)) best = { area: display.workArea, score };
  }
  if (!best) {
    const width = Math.max(saved.bounds.width, MIN_WIDTH);
    const height = Math.max(saved.bounds.height, MIN_HEIGHT);
    return { bounds: centredIn(primary, width, height), maximized: saved.maximized };
  }
  return { bounds: fitInto(saved.bounds, best.area), maximized: saved.maximized };
}

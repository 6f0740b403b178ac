import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampWindowState, MIN_HEIGHT, MIN_WIDTH, parseWindowState, serializeWindowState, type DisplayInfo, type Rect, type WindowState } from '../../src-main/electron/window-state';

const laptop: DisplayInfo = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const rightMonitor: DisplayInfo = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const leftMonitor: DisplayInfo = { workArea: { x: -1920, y: 0, width: 1920, height: 1040 } };

const state = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });
const inside = (r: Rect, area: Rect) => r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;

test('no saved state: default size centred on the primary display', () => {
  const result = clampWindowState(undefined, [laptop, rightMonitor]);
  assert.equal(result.maximized, false);
  assert.ok(inside(result.bounds, laptop.workArea));
  assert.equal(result.bounds.width, 1280);
  assert.equal(result.bounds.x, Math.round((1440 - 1280) / 2));
});

test('a position fully on a display is kept as it is', () => {
  const saved = state({ x: 1600, y: 100, width: 1200, height: 900 }, true);
  assert.deepEqual(clampWindowState(saved, [laptop, rightMonitor]), saved);
});

test('negative coordinates on a monitor left of the primary are valid', () => {
  const saved = state({ x: -1800, y: 50, width: 1000, height: 700 });
  assert.deepEqual(clampWindowState(saved, [laptop, leftMonitor]), saved);
});

test('a window on a monitor that has been unplugged comes back centred on the primary display', () => {
  const saved = state({ x: 2000, y: 200, width: 1200, height: 800 }, true);
  const result = clampWindowState(saved, [laptop]);
  assert.ok(inside(result.bounds, laptop.workArea), JSON.stringify(result.bounds));
  assert.equal(result.bounds.width, 1200);
  assert.equal(result.maximized, true, 'the maximized flag survives');
});

test('a window hanging off the edge is pulled back in, keeping its size', () => {
  const result = clampWindowState(state({ x: 1000, y: 300, width: 1000, height: 700 }), [laptop]);
  assert.deepEqual(result.bounds, { x: 440, y: 200, width: 1000, height: 700 });
});

test('a window whose title bar is above the screen is brought down', () => {
  const result = clampWindowState(state({ x: 100, y: -500, width: 1000, height: 700 }), [laptop]);
  assert.ok(inside(result.bounds, laptop.workArea), JSON.stringify(result.bounds));
});

test('a window larger than the display (resolution lowered) is shrunk to fit', () => {
  const result = clampWindowState(state({ x: 0, y: 25, width: 3000, height: 2000 }), [laptop]);
  assert.deepEqual(result.bounds, laptop.workArea);
});

test('a tiny saved size is raised to the minimum', () => {
  const result = clampWindowState(state({ x: 100, y: 100, width: 200, height: 100 }), [laptop]);
  assert.equal(result.bounds.width, MIN_WIDTH);
  assert.equal(result.bounds.height, MIN_HEIGHT);
});

test('with the title bar barely visible the window is treated as lost', () => {
  // Only 40 px of the title bar peek out on the laptop: not enough to grab it.
  const result = clampWindowState(state({ x: 1400, y: 100, width: 1000, height: 700 }), [laptop]);
  assert.ok(inside(result.bounds, laptop.workArea), JSON.stringify(result.bounds));
});

test('picks the display the window overlaps most', () => {
  const result = clampWindowState(state({ x: 1300, y: 100, width: 1000, height: 700 }), [laptop, rightMonitor]);
  assert.ok(inside(result.bounds, rightMonitor.workArea), JSON.stringify(result.bounds));
});

test('parse/serialize round trip, and malformed files count as absent', () => {
  const saved = state({ x: 10, y: 20, width: 900, height: 600 }, true);
  assert.deepEqual(parseWindowState(serializeWindowState(saved)), saved);
  for (const text of [undefined, '', '{', 'null', '[]', '{"bounds":{"x":1,"y":2,"width":"wide","height":3}}', '{"bounds":{"x":1,"y":2,"width":1e999,"height":3}}']) {
    assert.equal(parseWindowState(text), undefined, String(text));
  }
  assert.deepEqual(parseWindowState('{"bounds":{"x":1,"y":2,"width":900,"height":700},"maximized":"yes"}'), state({ x: 1, y: 2, width: 900, height: 700 }));
});

test('no displays reported: still a sane window', () => {
  const result = clampWindowState(state({ x: 5000, y: 5000, width: 900, height: 700 }), []);
  assert.ok(result.bounds.width >= MIN_WIDTH && result.bounds.x >= 0 && result.bounds.y >= 0);
});

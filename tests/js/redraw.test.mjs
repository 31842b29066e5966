// userlayer/redraw.js: after any run of date steps, the kept buffer redrawn from the changes only has exactly the
// pixels of a full redraw in first-day order; a forward step redraws only the squares of the features that left.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { blit, makeStamp } from '../../geo/static/src/userlayer/raster.js';
import { OFF, applyChanges, drawAll, placeStamps, ranksOf } from '../../geo/static/src/userlayer/redraw.js';

/** Seeded pseudo-random numbers (xorshift32). */
function rng(seed) {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

/** A w × h sprite: an opaque core, a half-transparent ring, transparent corners (blends where stamps overlap). */
function sprite(w, h) {
  const rgba = new Uint8ClampedArray(4 * w * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const edge = Math.min(x, y, w - 1 - x, h - 1 - y);
      const a = edge === 0 ? ((x + y) % 3 === 0 ? 0 : 60) : edge === 1 ? 128 : 255;
      rgba.set([200, 30 + 20 * edge, 120, a], 4 * (y * w + x));
    }
  }
  return rgba;
}

const W = 90; const H = 60; const SIDE = 7;
const stamp = makeStamp(sprite(SIDE, SIDE), SIDE, SIDE);

/** n features: corners partly off the buffer (and some out of view), days, and the order by first day. */
function layer(n, seed) {
  const rand = rng(seed);
  const fx = Int32Array.from({ length: n }, () => Math.floor(rand() * (W + 2 * SIDE)) - SIDE);
  const fy = Int32Array.from({ length: n }, () => Math.floor(rand() * (H + 2 * SIDE)) - SIDE);
  const out = Uint8Array.from({ length: n }, () => (rand() < 0.05 ? 1 : 0)); // out of view: never drawn
  const start = Int32Array.from({ length: n }, () => Math.floor(rand() * 100));
  const end = Int32Array.from(start, (s) => (rand() < 0.2 ? 2 ** 31 - 1 : s + Math.floor(rand() * 30)));
  // by first day, ties by index: the time index's by_start (feature indices are not in that order here)
  const order = Uint32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => start[a] - start[b] || a - b));
  const field = placeStamps(order, (f, at) => { at[0] = fx[f]; at[1] = fy[f]; return !out[f]; }, SIDE, W, H);
  const onAt = (day) => Uint8Array.from(start, (s, f) => (s <= day && day <= end[f] ? 1 : 0));
  return { n, fx, fy, out, order, field, onAt };
}

/** The reference: a fresh buffer, every feature on the map stamped in first-day order. */
function fullOf(L, on) {
  const buf = new Uint32Array(W * H);
  for (const f of L.order) if (on[f] && !L.out[f]) blit(buf, W, H, stamp, L.fx[f], L.fy[f]);
  return buf;
}

describe('ranksOf', () => {
  test('inverts the order', () => {
    assert.deepEqual(Array.from(ranksOf(Uint32Array.from([2, 0, 3, 1]))), [1, 3, 0, 2]);
  });
});

describe('a redraw of the changes gives the pixels of a full redraw', () => {
  test('over runs of steps forward and back, several steps between paints, repeats and unchanged ones listed', () => {
    const L = layer(500, 14);
    const rank = ranksOf(L.order);
    const rand = rng(5);
    let day = 40;
    let on = L.onAt(day);
    const buf = new Uint32Array(W * H);
    const shown = new Uint8Array(L.n);
    drawAll(buf, L.field, stamp, L.order, on, shown);
    assert.deepEqual(buf, fullOf(L, on));
    const scratch = {};
    for (let paint = 0; paint < 40; paint += 1) {
      const painted = day;
      const changed = [];
      // one to three steps before the paint (a slider dragged faster than frames), each of -12 .. +12 days
      for (let s = 1 + Math.floor(rand() * 3); s > 0; s -= 1) {
        day = Math.max(0, day + Math.floor(rand() * 25) - 12);
        const next = L.onAt(day);
        for (let f = 0; f < L.n; f += 1) if (next[f] !== on[f]) changed.push(rank[f]);
        on = next;
      }
      if (changed.length) changed.push(changed[0]); // the same feature twice
      changed.push(rank[Math.floor(rand() * L.n)]); // and one that may not have changed at all
      const box = applyChanges(buf, L.field, stamp, L.order, on, shown, Int32Array.from(changed), day > painted,
        scratch);
      assert.deepEqual(buf, fullOf(L, on), `paint ${paint}: day ${painted} → ${day}`);
      assert.deepEqual(shown, Uint8Array.from(L.order, (f) => on[f]));
      if (box) assert.ok(box.x0 >= 0 && box.y0 >= 0 && box.x1 <= W && box.y1 <= H && box.x0 < box.x1);
    }
  });

  test('a forward step stamps the features that entered and redraws only the squares of those that left', () => {
    const L = layer(400, 3);
    const rank = ranksOf(L.order);
    const buf = new Uint32Array(W * H);
    const shown = new Uint8Array(L.n);
    const before = L.onAt(30);
    drawAll(buf, L.field, stamp, L.order, before, shown);
    const after = L.onAt(45);
    const changed = [];
    let left = 0;
    let entered = 0;
    for (let f = 0; f < L.n; f += 1) {
      if (after[f] === before[f]) continue;
      changed.push(rank[f]);
      if (after[f]) entered += 1; else left += 1;
    }
    assert.ok(entered > 10 && left > 10, `a step with both kinds (${entered} in, ${left} out)`);
    const scratch = {};
    applyChanges(buf, L.field, stamp, L.order, after, shown, Int32Array.from(changed), true, scratch);
    assert.deepEqual(buf, fullOf(L, after));
    assert.equal(scratch.squares.subarray(0, scratch.redrawn).length, left);
    // the same change backwards needs every square
    const back = {};
    applyChanges(buf, L.field, stamp, L.order, before, shown, Int32Array.from(changed), false, back);
    assert.deepEqual(buf, fullOf(L, before));
    assert.equal(back.redrawn, left + entered);
  });

  test('a pile of stamps on one spot (more than the scratch array holds) and features out of view', () => {
    const n = 300;
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    const place = (f) => (f % 50 === 7 ? null : [40 + (f % 3), 20 + (f % 2)]);
    const field = placeStamps(order, (f, at) => { const p = place(f); if (p) { at[0] = p[0]; at[1] = p[1]; } return !!p; },
      SIDE, W, H);
    assert.equal(field.cx[7], OFF);
    const on = new Uint8Array(n).fill(1);
    const buf = new Uint32Array(W * H);
    const shown = new Uint8Array(n);
    drawAll(buf, field, stamp, order, on, shown);
    const ref = (flags) => {
      const b = new Uint32Array(W * H);
      for (let f = 0; f < n; f += 1) if (flags[f] && place(f)) blit(b, W, H, stamp, ...place(f));
      return b;
    };
    const changed = [];
    for (let f = 0; f < n; f += 3) { on[f] = 0; changed.push(f); }
    applyChanges(buf, field, stamp, order, on, shown, Int32Array.from(changed), false, {});
    assert.deepEqual(buf, ref(on));
  });
});

// userlayer/raster.js: the straight-alpha blend, stamps, clipped blits, clipping and clearing, cropping a sprite.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  blit, clearRect, clipRect, cropToInk, makeStamp, over,
} from '../../geo/static/src/userlayer/raster.js';

/** 0xAABBGGRR from straight-alpha components (the little-endian RGBA a Uint32Array view of ImageData gives). */
const px = (r, g, b, a) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
const parts = (p) => [p & 255, (p >>> 8) & 255, (p >>> 16) & 255, p >>> 24];

/** A w × h sprite: an opaque core, a half-transparent ring, transparent corners. */
function sprite(w, h, color = [200, 30, 120]) {
  const rgba = new Uint8ClampedArray(4 * w * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const edge = Math.min(x, y, w - 1 - x, h - 1 - y);
      const a = edge === 0 ? ((x + y) % 3 === 0 ? 0 : 60) : edge === 1 ? 128 : 255;
      rgba.set([...color, a], 4 * (y * w + x));
    }
  }
  return rgba;
}

/** The reference: every sprite pixel, one by one, inside the buffer and the clip. */
function refBlit(buf, width, height, stamp, x0, y0, clip = { x0: 0, y0: 0, x1: width, y1: height }) {
  for (let dy = 0; dy < stamp.h; dy += 1) {
    for (let dx = 0; dx < stamp.w; dx += 1) {
      const x = x0 + dx; const y = y0 + dy;
      if (x < Math.max(0, clip.x0) || y < Math.max(0, clip.y0) || x >= Math.min(width, clip.x1) ||
        y >= Math.min(height, clip.y1)) continue;
      buf[y * width + x] = over(stamp.pixels[dy * stamp.w + dx], buf[y * width + x]);
    }
  }
}

describe('over: straight-alpha source over', () => {
  test('an opaque source replaces, a transparent one leaves the pixel', () => {
    assert.equal(over(px(1, 2, 3, 255), px(9, 9, 9, 255)), px(1, 2, 3, 255));
    assert.equal(over(px(1, 2, 3, 0), px(9, 8, 7, 100)), px(9, 8, 7, 100));
  });
  test('onto a transparent pixel the source stays as it is', () => {
    assert.equal(over(px(200, 100, 50, 77), 0), px(200, 100, 50, 77));
  });
  test('known blends', () => {
    // half red over opaque blue: alpha 255, 128/255 red and 127/255 blue
    assert.deepEqual(parts(over(px(255, 0, 0, 128), px(0, 0, 255, 255))), [128, 0, 127, 255]);
    // half white over half black: alpha 128 + 128·127/255 = 192, colour 128·255 / 192 = 170
    assert.deepEqual(parts(over(px(255, 255, 255, 128), px(0, 0, 0, 128))), [170, 170, 170, 192]);
  });
  test('agrees with the float formula within one step on a sweep', () => {
    for (let a = 0; a <= 255; a += 15) {
      for (let da = 0; da <= 255; da += 17) {
        const s = px(240, 20, 130, a); const d = px(10, 200, 90, da);
        const fa = a / 255; const fda = da / 255; const outA = fa + fda * (1 - fa);
        const got = parts(over(s, d));
        assert.ok(Math.abs(got[3] - outA * 255) <= 1, `alpha ${a} over ${da}`);
        if (outA === 0) continue;
        [[240, 10], [20, 200], [130, 90]].forEach(([sc, dc], k) => {
          const want = (sc * fa + dc * fda * (1 - fa)) / outA;
          assert.ok(Math.abs(got[k] - want) <= 1, `channel ${k}: ${a} over ${da}: ${got[k]} vs ${want}`);
        });
      }
    }
  });
});

describe('makeStamp', () => {
  test('splits the opaque pixels (copied) from the partly transparent ones (blended); transparent ones are left out', () => {
    const stamp = makeStamp(sprite(6, 6), 6, 6);
    assert.equal(stamp.opaque.color.length, 4); // the 2 × 2 core
    assert.equal(stamp.partial.color.length + stamp.opaque.color.length,
      Array.from(stamp.pixels).filter((p) => p >>> 24).length);
    for (let k = 0; k < stamp.opaque.color.length; k += 1) {
      assert.equal(stamp.opaque.color[k] >>> 24, 255);
      assert.equal(stamp.pixels[stamp.opaque.dy[k] * 6 + stamp.opaque.dx[k]], stamp.opaque.color[k]);
    }
    assert.equal(stamp.pixels[0], px(200, 30, 120, 0));
  });
});

describe('blit', () => {
  const stamp = makeStamp(sprite(7, 5), 7, 5);
  test('inside the buffer: the opaque pixels are copied exactly, the rest blended', () => {
    const buf = new Uint32Array(20 * 10).fill(px(0, 0, 255, 255));
    const ref = buf.slice();
    blit(buf, 20, 10, stamp, 3, 2);
    refBlit(ref, 20, 10, stamp, 3, 2);
    assert.deepEqual(buf, ref);
    assert.equal(buf[(2 + 2) * 20 + 3 + 3], px(200, 30, 120, 255)); // the core
    assert.equal(buf[0], px(0, 0, 255, 255)); // untouched
  });
  test('at every edge and corner: clipped to the buffer, no wrap to the next row', () => {
    for (const [x0, y0] of [[-3, 2], [16, 2], [5, -2], [5, 8], [-6, -4], [19, 9], [-4, 7], [0, 0], [13, 5]]) {
      const buf = new Uint32Array(20 * 10);
      const ref = new Uint32Array(20 * 10);
      blit(buf, 20, 10, stamp, x0, y0);
      refBlit(ref, 20, 10, stamp, x0, y0);
      assert.deepEqual(buf, ref, `at ${x0}, ${y0}`);
    }
  });
  test('wholly outside: nothing changes', () => {
    for (const [x0, y0] of [[-7, 0], [20, 0], [0, -5], [0, 10]]) {
      const buf = new Uint32Array(20 * 10);
      blit(buf, 20, 10, stamp, x0, y0);
      assert.ok(buf.every((p) => p === 0), `at ${x0}, ${y0}`);
    }
  });
  test('clipped to a rectangle: only its pixels change', () => {
    const clip = clipRect(20, 10, 4, 3, 8, 6);
    const buf = new Uint32Array(20 * 10);
    const ref = new Uint32Array(20 * 10);
    blit(buf, 20, 10, stamp, 2, 1, clip);
    refBlit(ref, 20, 10, stamp, 2, 1, clip);
    assert.deepEqual(buf, ref);
    buf.forEach((p, k) => {
      const x = k % 20; const y = Math.floor(k / 20);
      if (x < 4 || x >= 8 || y < 3 || y >= 6) assert.equal(p, 0, `${x}, ${y}`);
    });
  });
});

describe('clipRect and clearRect', () => {
  test('clipRect keeps the part inside the buffer, or none', () => {
    assert.deepEqual(clipRect(20, 10, -3, 8, 4, 14), { x0: 0, y0: 8, x1: 4, y1: 10 });
    assert.equal(clipRect(20, 10, 20, 0, 25, 5), null);
    assert.equal(clipRect(20, 10, -5, -5, 0, 3), null);
  });
  test('clearRect clears exactly the rectangle', () => {
    const buf = new Uint32Array(20 * 10).fill(7);
    clearRect(buf, 20, clipRect(20, 10, 18, 8, 25, 12));
    assert.equal(buf.filter((p) => p === 0).length, 4);
    assert.equal(buf[8 * 20 + 18], 0);
    assert.equal(buf[8 * 20 + 17], 7);
    assert.equal(buf[7 * 20 + 19], 7);
  });
});

describe('cropToInk', () => {
  test('keeps the smallest box with every pixel that has some alpha, and says where it lay', () => {
    const w = 7; const h = 6;
    const rgba = new Uint8ClampedArray(4 * w * h);
    const ink = [[2, 1, 255], [4, 1, 30], [3, 4, 128]];
    for (const [x, y, a] of ink) rgba.set([10, 20, 30, a], 4 * (y * w + x));
    const c = cropToInk(rgba, w, h);
    assert.deepEqual([c.w, c.h, c.dx, c.dy], [3, 4, 2, 1]);
    for (const [x, y, a] of ink) assert.equal(c.rgba[4 * ((y - c.dy) * c.w + (x - c.dx)) + 3], a);
    // the same pixels land in the same places when the cropped stamp is drawn at the offset
    const full = new Uint32Array(w * h); const cropped = new Uint32Array(w * h);
    blit(full, w, h, makeStamp(rgba, w, h), 0, 0);
    blit(cropped, w, h, makeStamp(c.rgba, c.w, c.h), c.dx, c.dy);
    assert.deepEqual(cropped, full);
  });
  test('an empty sprite gives one transparent pixel', () => {
    const c = cropToInk(new Uint8ClampedArray(4 * 9), 3, 3);
    assert.deepEqual([c.w, c.h, c.rgba[3]], [1, 1, 0]);
  });
});

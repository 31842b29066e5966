// framing.js: the free part of the map (the largest rectangle no panel covers) and the union area the coverage
// test and the fitting rely on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { freeInsets, unionArea } from '../../geo/static/src/framing.js';

const box = (left, top, right, bottom) => ({ left, top, right, bottom });

describe('the free part of the map', () => {
  test('no panels: the whole map', () => {
    assert.deepEqual(freeInsets(700, 500, []), { top: 0, right: 0, bottom: 0, left: 0 });
  });
  test('a panel at the right and a bar at the bottom are cleared by the right and bottom insets', () => {
    const ins = freeInsets(1280, 800, [box(940, 10, 1270, 500), box(10, 740, 1270, 796)]);
    assert.deepEqual(ins, { top: 0, right: 340, bottom: 60, left: 0 });
  });
  test('a headline top left and a bar at the bottom: the free part is under the headline', () => {
    const ins = freeInsets(700, 500, [box(10, 10, 420, 120), box(10, 385, 690, 498)]);
    // under the headline (700 x 265) beats right of it (280 x 375)
    assert.deepEqual(ins, { top: 120, right: 0, bottom: 115, left: 0 });
  });
  test('buttons smaller than 2 % of the map are left out', () => {
    const ins = freeInsets(700, 500, [box(10, 10, 44, 75), box(50, 10, 84, 74)]);
    assert.deepEqual(ins, { top: 0, right: 0, bottom: 0, left: 0 });
  });
  test('boxes beyond the map are clipped; the result never covers a box', () => {
    const boxes = [box(-50, -50, 300, 200), box(500, 100, 900, 450), box(0, 420, 700, 600)];
    const ins = freeInsets(700, 500, boxes);
    const free = box(ins.left, ins.top, 700 - ins.right, 500 - ins.bottom);
    for (const b of boxes) {
      const overlap = Math.max(0, Math.min(free.right, b.right) - Math.max(free.left, b.left)) *
        Math.max(0, Math.min(free.bottom, b.bottom) - Math.max(free.top, b.top));
      assert.equal(overlap, 0, JSON.stringify(b));
    }
  });
});

describe('union area of boxes', () => {
  test('overlaps count once; parts outside the map do not count', () => {
    assert.equal(unionArea(100, 100, [box(0, 0, 50, 50), box(25, 25, 75, 75)]), 2500 + 2500 - 625);
    assert.equal(unionArea(100, 100, [box(-10, -10, 10, 10)]), 100);
    assert.equal(unionArea(100, 100, [box(0, 0, 100, 100), box(10, 10, 20, 20)]), 10000);
    assert.equal(unionArea(100, 100, []), 0);
  });
});

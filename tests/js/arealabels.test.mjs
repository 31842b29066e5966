// placer.js and directlabels.js: an area label kept on its area (alts, `within`, the grid of centres, claims over
// weaker reserved dots), and the payload helpers for it (areaAlts, areaBounds, pixelBox, onArea, isStoryRegion).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { areaAlts, areaBounds, isStoryRegion, onArea, pixelBox } from '../../geo/static/src/directlabels.js';
import { centredIn, placeLabels, spread, WITHIN_STEPS } from '../../geo/static/src/placer.js';

const MAP = { width: 400, height: 300 };
const centre = (b) => [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
const area = (extra) => Object.assign({ id: 'region', x: 200, y: 150, w: 80, h: 14, dot: 0, area: true,
  anchors: ['C', 'CU', 'CD', 'CU2', 'CD2'] }, extra);

describe('area labels on their area', () => {
  test('spread: (n + 1)² points over the box, edges included, the centre first', () => {
    const pts = spread({ x0: 0, y0: 0, x1: 40, y1: 20 }, 4);
    assert.equal(pts.length, 25);
    assert.deepEqual(pts[0], { x: 20, y: 10 });
    assert.ok(pts.some((p) => p.x === 0 && p.y === 0) && pts.some((p) => p.x === 40 && p.y === 20));
    assert.equal(WITHIN_STEPS, 4);
  });

  test('centredIn: the centre of a box inside another (edges included)', () => {
    assert.ok(centredIn({ x0: -10, y0: -10, x1: 10, y1: 10 }, { x0: 0, y0: 0, x1: 5, y1: 5 }));
    assert.ok(!centredIn({ x0: 0, y0: 0, x1: 30, y1: 10 }, { x0: 0, y0: 0, x1: 5, y1: 5 }));
  });

  test('a blocked own point: the label goes to an alt inside the area', () => {
    const block = { x0: 150, y0: 130, x1: 250, y1: 170 };
    const r = placeLabels([area({ alts: [{ x: 200, y: 230 }] })], Object.assign({ obstacles: [block] }, MAP));
    assert.deepEqual(centre(r.placed[0].box), [200, 230]);
  });

  test('within: no candidate whose centre leaves the box; the grid finds the free part of it', () => {
    const within = { x0: 180, y0: 120, x1: 220, y1: 200 };
    // the own point and the upper half are covered: CD2 would put the centre below the box, the grid does not
    const block = { x0: 100, y0: 100, x1: 300, y1: 178 };
    const r = placeLabels([area({ y: 130, within })], Object.assign({ obstacles: [block] }, MAP));
    assert.equal(r.placed.length, 1);
    const [cx, cy] = centre(r.placed[0].box);
    assert.ok(cx >= 180 && cx <= 220 && cy >= 120 && cy <= 200, [cx, cy]);
    assert.ok(r.placed[0].box.y0 >= 180, r.placed[0].box); // clear of the block and its padding
  });

  test('within: hidden rather than carried off its area', () => {
    const within = { x0: 190, y0: 140, x1: 210, y1: 160 };
    const block = { x0: 100, y0: 100, x1: 300, y1: 200 };
    const r = placeLabels([area({ within, alts: [{ x: 200, y: 150 }] })], Object.assign({ obstacles: [block] }, MAP));
    assert.deepEqual(r.hidden, ['region']);
  });

  test('a claiming label may cover a weaker reserved dot, never a key one; that place then hides', () => {
    const town = { id: 'town', x: 200, y: 150, w: 40, h: 14, dot: 2, reserve: true };
    const key = { id: 'key', x: 200, y: 150, w: 40, h: 14, dot: 2, reserve: 'key' };
    const only = { anchors: ['C'], within: { x0: 199, y0: 149, x1: 201, y1: 151 } };
    const claimed = placeLabels([area(Object.assign({ claim: true }, only)), town], MAP);
    assert.deepEqual(claimed.placed.map((p) => p.id), ['region']);
    assert.deepEqual(claimed.hidden, ['town']);
    const polite = placeLabels([area(only), town], MAP);
    assert.deepEqual(polite.hidden, ['region']);
    const keyed = placeLabels([area(Object.assign({ claim: true }, only)), key], MAP);
    assert.deepEqual(keyed.hidden, ['region']);
  });
});

describe('area label payload helpers', () => {
  test('areaAlts keeps the valid [lon, lat] pairs in order', () => {
    assert.deepEqual(areaAlts({ alts: [[41, 43], ['x', 1], [42, 42.5], null] }), [[41, 43], [42, 42.5]]);
    assert.deepEqual(areaAlts({}), []);
  });

  test('areaBounds: [[w, s], [e, n]] or null', () => {
    assert.deepEqual(areaBounds({ area_bounds: [[40, 42], [42, 43.5]] }), [[40, 42], [42, 43.5]]);
    assert.equal(areaBounds({ area_bounds: [[42, 42], [40, 43.5]] }), null);
    assert.equal(areaBounds({ area_bounds: [[40, 42]] }), null);
    assert.equal(areaBounds({}), null);
  });

  test('pixelBox spans the projected corners; onArea grows it by one line above and below only', () => {
    const b = pixelBox([{ x: 50, y: 10 }, { x: 10, y: 40 }]);
    assert.deepEqual(b, { x0: 10, y0: 10, x1: 50, y1: 40 });
    assert.deepEqual(onArea(b, 15), { x0: 10, y0: -5, x1: 50, y1: 55 });
    assert.deepEqual(onArea(b, NaN), b);
  });

  test('isStoryRegion: regions of story 3 only', () => {
    assert.ok(isStoryRegion({ kind: 'region', story: 3 }));
    assert.ok(!isStoryRegion({ kind: 'region', story: 2 }));
    assert.ok(!isStoryRegion({ kind: 'town', story: 3 }));
  });
});

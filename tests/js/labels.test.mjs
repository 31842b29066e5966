// placer.js (the greedy label placer) and directlabels.js (direct labels, label points, place styles): pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  alongLine, contrast, directKey, fillPlaces, fitsOnScreen, inkOf, labelPoint, labelPoints, lonLatBounds, placeStyle,
  placeText,
} from '../../geo/static/src/directlabels.js';
import {
  ANCHORS, AREA_ANCHORS, LEADER_STEPS, candidateBox, createIndex, densityCell, intersects, leaderLine, placeLabels,
  sameBox, visibleAt,
} from '../../geo/static/src/placer.js';
import { composeForms } from '../../geo/static/src/labeltext.js';
import { alignFor } from '../../geo/static/src/labels.js';
import { readJson } from './helpers.mjs';

const MAP = { width: 400, height: 300 };
const label = (id, x, y, extra) => Object.assign({ id, x, y, w: 60, h: 14, dot: 2 }, extra);
const ids = (result) => result.placed.map((p) => p.id);
const boxOf = (result, id) => result.placed.find((p) => p.id === id).box;

function noOverlap(result, pad = 0) {
  const boxes = result.placed.map((p) => p.box);
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i];
      const b = boxes[j];
      const grown = { x0: a.x0 - pad, y0: a.y0 - pad, x1: a.x1 + pad, y1: a.y1 + pad };
      assert.ok(!intersects(grown, b), result.placed[i].id + ' overlaps ' + result.placed[j].id);
    }
  }
}

describe('placer: candidates', () => {
  test('eight point positions in the cartographic order, then area positions centred', () => {
    assert.deepEqual(ANCHORS, ['UR', 'LR', 'UL', 'LL', 'UC', 'LC', 'CR', 'CL']);
    assert.equal(AREA_ANCHORS[0], 'C');
  });
  test('each position is `gap` px from the anchor box, on its side', () => {
    const a = { x0: 98, y0: 98, x1: 102, y1: 102 };
    const ur = candidateBox('UR', a, 50, 10, 4);
    assert.equal(ur.x0, 106);
    assert.ok(ur.y1 < 100 && ur.y1 > 98); // raised: bottom edge just above the dot's centre
    const ll = candidateBox('LL', a, 50, 10, 4);
    assert.equal(ll.x1, 94);
    assert.ok(ll.y0 > 100);
    assert.equal(candidateBox('UC', a, 50, 10, 4).y1, 94);
    assert.equal(candidateBox('LC', a, 50, 10, 4).y0, 106);
    const c = candidateBox('C', a, 50, 10, 0);
    assert.deepEqual([c.x0 + c.x1, c.y0 + c.y1], [200, 200]);
    assert.throws(() => candidateBox('NNE', a, 1, 1, 1), /unknown anchor/);
  });
  test('the first free candidate wins: UR when nothing is in the way', () => {
    const r = placeLabels([label('a', 200, 150)], MAP);
    assert.equal(r.placed[0].anchor, 'UR');
  });
  test('an obstacle on UR moves the label to LR, then UL, and so on', () => {
    const ur = candidateBox('UR', { x0: 198, y0: 148, x1: 202, y1: 152 }, 60, 14, 4);
    const r1 = placeLabels([label('a', 200, 150)], Object.assign({ obstacles: [ur] }, MAP));
    assert.equal(r1.placed[0].anchor, 'LR');
    const right = { x0: 203, y0: 100, x1: 400, y1: 200 };
    const r2 = placeLabels([label('a', 200, 150)], Object.assign({ obstacles: [right] }, MAP));
    assert.equal(r2.placed[0].anchor, 'UL');
  });
});

describe('placer: collisions and priorities', () => {
  test('no two placed labels overlap, padding included, however crowded', () => {
    const items = [];
    for (let i = 0; i < 120; i += 1) items.push(label('p' + i, 20 + ((i * 37) % 360), 20 + ((i * 53) % 260)));
    const r = placeLabels(items, MAP);
    assert.ok(r.placed.length > 10 && r.hidden.length > 10);
    assert.equal(r.placed.length + r.hidden.length, items.length);
    noOverlap(r, 2 * 2 - 0.001);
  });
  test('earlier items win: the second of two labels on one spot is moved or hidden, never the first', () => {
    const r = placeLabels([label('first', 200, 150), label('second', 200, 150)], MAP);
    assert.equal(r.placed[0].id, 'first');
    assert.equal(r.placed[0].anchor, 'UR');
    // the second's dot is the first's dot: it cannot be shown
    assert.deepEqual(r.hidden, ['second']);
  });
  test('a lower-ranked neighbour takes the next free position', () => {
    const r = placeLabels([label('big', 200, 150), label('near', 200, 175)], MAP);
    assert.deepEqual(ids(r), ['big', 'near']);
    noOverlap(r, 4);
  });
  test('deterministic: the same input gives the same output', () => {
    const items = [];
    for (let i = 0; i < 80; i += 1) items.push(label('p' + i, (i * 71) % 400, (i * 29) % 300, { w: 30 + (i % 5) * 10 }));
    const opts = Object.assign({ obstacles: [{ x0: 0, y0: 0, x1: 80, y1: 40 }], cell: 0 }, MAP);
    assert.deepEqual(placeLabels(items, opts), placeLabels(items.map((x) => Object.assign({}, x)), opts));
  });
  test('labels stay inside the map, off its edge by the margin', () => {
    const r = placeLabels([label('edge', 395, 5), label('corner', 5, 295)], MAP);
    for (const p of r.placed) {
      assert.ok(p.box.x0 >= 3 && p.box.y0 >= 3 && p.box.x1 <= 397 && p.box.y1 <= 297, p.id);
    }
    assert.equal(r.placed.find((p) => p.id === 'edge').anchor, 'LL');
  });
  test('a label that fits nowhere is hidden (its dot with it)', () => {
    const wall = { x0: 0, y0: 0, x1: 400, y1: 146 };
    const floor = { x0: 0, y0: 154, x1: 400, y1: 300 };
    const r = placeLabels([label('a', 200, 150)], Object.assign({ obstacles: [wall, floor] }, MAP));
    assert.deepEqual(r.hidden, ['a']);
  });
});

describe('placer: obstacles', () => {
  test('controls and panels are never covered; a dot under a panel hides its label', () => {
    const panel = { x0: 250, y0: 0, x1: 400, y1: 300 };
    const r = placeLabels([label('left', 230, 150), label('under', 300, 150)], Object.assign({ obstacles: [panel] }, MAP));
    assert.deepEqual(ids(r), ['left']);
    assert.ok(!intersects(boxOf(r, 'left'), panel));
    assert.equal(r.placed[0].anchor, 'UL');
  });
  test('a presence symbol is never covered; a place on it is labelled around it', () => {
    const symbol = { x0: 189, y0: 139, x1: 211, y1: 161, symbol: true };
    const r = placeLabels([label('gyumri', 200, 150)], Object.assign({ obstacles: [symbol] }, MAP));
    assert.equal(r.placed.length, 1);
    const b = boxOf(r, 'gyumri');
    assert.ok(!intersects(b, symbol));
    assert.equal(b.x0, 211 + 4); // beside the symbol, not beside the hidden dot
  });
  test("a direct label is not pushed away by its own symbol measured a few pixels off its anchor box", () => {
    // the Hakari checkpoint at zoom 11: the icon's obstacle box lies 2 px right and 3 px up of the marker box
    const own = { x0: 650.2, y0: 387.3, x1: 676.2, y1: 413.3, symbol: true, tag: 'symbol' };
    const anchorBox = { x0: 648, y0: 390.2, x1: 674, y1: 416.2 };
    const item = { id: 'f:checkpoint', x: 661, y: 403, w: 133, h: 15, dot: 0, anchorBox, anchors: ANCHORS, keep: true };
    const r = placeLabels([item], Object.assign({ obstacles: [own] }, { width: 1280, height: 800 }));
    assert.equal(r.placed.length, 1);
    assert.equal(r.placed[0].anchor, 'UR');
    // another symbol there still blocks it
    const other = { x0: 676, y0: 380, x1: 700, y1: 404, symbol: true, tag: 'symbol' };
    const r2 = placeLabels([item], Object.assign({ obstacles: [own, other] }, { width: 1280, height: 800 }));
    assert.ok(r2.placed.every((p) => !intersects(p.box, other)));
  });
  test('sameBox: the same box give or take a few pixels, not a neighbour', () => {
    assert.ok(sameBox({ x0: 0, y0: 0, x1: 26, y1: 26 }, { x0: 2, y0: -3, x1: 28, y1: 23 }));
    assert.ok(!sameBox({ x0: 0, y0: 0, x1: 26, y1: 26 }, { x0: 20, y0: 0, x1: 46, y1: 26 }));
    assert.ok(!sameBox({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 10, y0: 0, x1: 20, y1: 10 }));
  });
  test('a symbol cluster touching the dot is labelled around as a whole', () => {
    const a = { x0: 189, y0: 139, x1: 211, y1: 161, symbol: true };
    const b = { x0: 212, y0: 140, x1: 230, y1: 158, symbol: true }; // 1 px from a
    const r = placeLabels([label('town', 200, 150)], Object.assign({ obstacles: [a, b] }, MAP));
    assert.equal(boxOf(r, 'town').x0, 230 + 4);
  });
  test('soft obstacles (presence lines) are avoided where a free position exists, else accepted', () => {
    const ur = candidateBox('UR', { x0: 198, y0: 148, x1: 202, y1: 152 }, 60, 14, 4);
    const soft = Object.assign({ soft: true }, ur);
    const r1 = placeLabels([label('a', 200, 150)], Object.assign({ obstacles: [soft] }, MAP));
    assert.equal(r1.placed[0].anchor, 'LR');
    const everywhere = { x0: 0, y0: 0, x1: 400, y1: 300, soft: true };
    const r2 = placeLabels([label('a', 200, 150)], Object.assign({ obstacles: [everywhere] }, MAP));
    assert.equal(r2.placed[0].anchor, 'UR');
  });
  test('a reserved dot keeps earlier labels off an important place', () => {
    const items = [label('direct', 170, 150, { w: 80 }), label('city', 215, 140, { reserve: true })];
    const free = placeLabels([items[0]], MAP);
    assert.ok(intersects(boxOf(free, 'direct'), { x0: 213, y0: 138, x1: 217, y1: 142 })); // UR covers the city's dot
    const r = placeLabels(items, MAP);
    assert.deepEqual(ids(r), ['direct', 'city']);
    assert.notEqual(r.placed[0].anchor, 'UR');
  });
  test('the obstacle index finds what overlaps, hard and soft apart', () => {
    const index = createIndex(32);
    index.add({ x0: 0, y0: 0, x1: 10, y1: 10 }, false, 'ui');
    index.add({ x0: 100, y0: 100, x1: 140, y1: 140 }, true);
    assert.ok(index.hits({ x0: 5, y0: 5, x1: 6, y1: 6 }, false));
    assert.ok(!index.hits({ x0: 5, y0: 5, x1: 6, y1: 6 }, true));
    assert.ok(index.hits({ x0: 139, y0: 139, x1: 200, y1: 200 }, true));
    assert.ok(!index.hits({ x0: 10, y0: 10, x1: 99, y1: 99 }, false)); // touching edges do not overlap
    assert.equal(index.size(), 2);
  });
});

describe('placer: leader lines', () => {
  // a small feature (a corridor at a country-wide zoom) with symbols close on every side, a gap above it
  const feature = { x0: 190, y0: 140, x1: 210, y1: 160 };
  const ring = [
    { x0: 150, y0: 100, x1: 186, y1: 200, symbol: true }, { x0: 214, y0: 100, x1: 250, y1: 200, symbol: true },
    { x0: 150, y0: 118, x1: 196, y1: 136, symbol: true }, { x0: 204, y0: 118, x1: 250, y1: 136, symbol: true },
    { x0: 150, y0: 164, x1: 250, y1: 200, symbol: true },
  ];
  const item = (extra) => Object.assign({ id: 'f:corridor', x: 200, y: 150, w: 90, h: 14, dot: 0, anchorBox: feature,
    anchors: ANCHORS, keep: true }, extra);

  test('with nothing free beside its feature a direct label goes farther out, joined to it by a leader', () => {
    const target = { x: 200, y: 147 };
    const r = placeLabels([item({ leader: true, target })], Object.assign({ obstacles: ring }, MAP));
    assert.equal(r.placed.length, 1);
    const p = r.placed[0];
    for (const ob of ring) assert.ok(!intersects(p.box, ob));
    assert.ok(Array.isArray(p.leader));
    const [x0, y0, x1, y1] = p.leader;
    // from the edge of the label to the point of the feature
    assert.ok(x0 >= p.box.x0 && x0 <= p.box.x1 && y0 >= p.box.y0 && y0 <= p.box.y1);
    assert.ok(x0 === p.box.x0 || x0 === p.box.x1 || y0 === p.box.y0 || y0 === p.box.y1);
    assert.deepEqual([x1, y1], [target.x, target.y]);
    const far = Math.max(feature.x0 - p.box.x1, p.box.x0 - feature.x1, feature.y0 - p.box.y1, p.box.y0 - feature.y1);
    assert.ok(far > 4 && far <= 4 + LEADER_STEPS[LEADER_STEPS.length - 1], `at ${far} px`);
  });
  test('without leave to go farther, the same label is hidden; with room beside it, no leader', () => {
    assert.deepEqual(placeLabels([item()], Object.assign({ obstacles: ring }, MAP)).placed, []);
    const free = placeLabels([item({ leader: true })], MAP);
    assert.equal(free.placed[0].leader, null);
    assert.equal(free.placed[0].anchor, 'UR');
  });
  test('a later label does not cross the leader', () => {
    const first = placeLabels([item({ leader: true, target: { x: 200, y: 150 } })], Object.assign({ obstacles: ring }, MAP));
    assert.ok(first.placed[0].leader);
    const [x0, y0, x1, y1] = first.placed[0].leader;
    const mid = { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
    const r = placeLabels([item({ leader: true, target: { x: 200, y: 150 } }),
      { id: 'town', x: mid.x, y: mid.y, w: 2, h: 2, dot: 0, anchors: ['C'], keep: true }], Object.assign({ obstacles: ring }, MAP));
    assert.deepEqual(ids(r), ['f:corridor']);
  });
  test('leaderLine: to the target, or to the nearest point of the box', () => {
    const lab = { x0: 300, y0: 100, x1: 360, y1: 114 };
    assert.deepEqual(leaderLine(lab, feature, { x: 205, y: 150 }), [300, 114, 205, 150]);
    assert.deepEqual(leaderLine(lab, feature), [300, 114, 210, 140]);
  });
});

describe('placer: zooms, areas, forms', () => {
  test('min_zoom and max_zoom (either may be missing)', () => {
    assert.ok(visibleAt({ min_zoom: 9 }, 9));
    assert.ok(!visibleAt({ min_zoom: 9.5 }, 9));
    assert.ok(visibleAt({ min_zoom: 0, max_zoom: 8 }, 8));
    assert.ok(!visibleAt({ min_zoom: 0, max_zoom: 8 }, 8.5));
    assert.ok(visibleAt({}, 3));
  });
  test('density cap: one point label per 64 px cell at the lowest zooms, except the kept ones', () => {
    assert.equal(densityCell(6.5), 64);
    assert.equal(densityCell(9), 0);
    const items = [label('a', 10, 200, { w: 20 }), label('b', 40, 230, { w: 20 }), label('c', 50, 210, { w: 20, keep: true })];
    const capped = placeLabels(items, Object.assign({ cell: 64 }, MAP));
    assert.deepEqual(ids(capped), ['a', 'c']);
    const free = placeLabels(items, Object.assign({ cell: 0 }, MAP));
    assert.deepEqual(ids(free), ['a', 'b', 'c']);
  });
  test('area labels are centred on their point, with no dot, and are not capped', () => {
    const r = placeLabels([{ id: 'sea', x: 200, y: 150, w: 90, h: 16, area: true }], Object.assign({ cell: 64 }, MAP));
    const b = boxOf(r, 'sea');
    assert.deepEqual([b.x0 + b.x1, b.y0 + b.y1], [400, 300]);
    assert.equal(r.placed[0].dotBox, null);
  });
  test('a label without room at its own size takes its first shorter form that fits', () => {
    const wall = { x0: 0, y0: 0, x1: 400, y1: 120 };
    const right = { x0: 280, y0: 0, x1: 400, y1: 300 };
    const left = { x0: 0, y0: 0, x1: 120, y1: 300 };
    const item = label('pair', 200, 150, { w: 160, h: 14, forms: [{ w: 70, h: 28 }] });
    const r = placeLabels([item], Object.assign({ obstacles: [wall, right, left] }, MAP));
    assert.equal(r.placed[0].form, 1);
    assert.equal(r.placed[0].box.x1 - r.placed[0].box.x0, 70);
    assert.equal(placeLabels([item], MAP).placed[0].form, 0);
  });
  test('a line label tries its other points in order when the first has no room', () => {
    const block = { x0: 150, y0: 100, x1: 250, y1: 200 };
    const item = { id: 'route', x: 200, y: 150, w: 40, h: 12, dot: 0, alts: [{ x: 320, y: 150 }] };
    const r = placeLabels([item], Object.assign({ obstacles: [block] }, MAP));
    assert.ok(r.placed[0].box.x0 > 250);
  });
});

describe('the shipped places: placement is stable and the order is the payload order', () => {
  const places = readJson('layers', 'places.json').places;
  test('a whole-region layout at zoom 6.5 keeps the capitals and never overlaps', () => {
    // an equirectangular stand-in for the projection: enough for a collision test
    const items = places.filter((p) => visibleAt(p, 6.5)).map((p) => {
      const st = placeStyle(p);
      const name = p.names ? p.names.en : p.id;
      return { id: p.id, x: (p.lon - 37) * 90, y: (44.5 - p.lat) * 110, w: name.length * 7.5, h: 16, dot: st.dot,
        area: st.area, anchors: st.anchors, keep: p.rank === 0 || p.story >= 3 };
    });
    const r = placeLabels(items, { width: 1280, height: 800, cell: densityCell(6.5) });
    for (const cap of ['yerevan', 'tbilisi', 'baku']) assert.ok(ids(r).includes(cap), cap);
    noOverlap(r, 3.99);
    assert.deepEqual(r, placeLabels(items, { width: 1280, height: 800, cell: densityCell(6.5) }));
  });
});

describe('direct labels', () => {
  const has = (k) => ['direct.gyumri_base.military-base', 'direct.tripp-route'].includes(k);
  test('a feature id string first, then its layer and kind; none without a string', () => {
    assert.equal(directKey({ id: 'tripp-route', layer: 'zangezur_route', kind: 'route' }, has), 'direct.tripp-route');
    assert.equal(directKey({ id: 'x', layer: 'gyumri_base', kind: 'military-base' }, has), 'direct.gyumri_base.military-base');
    assert.equal(directKey({ id: 'y', layer: 'gyumri_base', kind: 'air-base' }, has), null);
  });
  test('{place_id} names a place in the reader\'s language and order; unknown ones are kept', () => {
    const names = { lachin: 'Lachin / Berdzor', 'hakari-bridge': 'Hakari bridge' };
    const fillIn = (t) => fillPlaces(t, (id) => names[id] ?? null);
    assert.equal(fillIn('{lachin} corridor'), 'Lachin / Berdzor corridor');
    assert.equal(fillIn('{hakari_bridge}'), 'Hakari bridge');
    assert.equal(fillIn('{nowhere} x'), '{nowhere} x');
  });
  test('every direct-label string exists in all five languages with the same place placeholders', () => {
    const en = readJson('geo', 'locales', 'en.json');
    const keys = Object.keys(en).filter((k) => k.startsWith('direct.'));
    assert.ok(keys.length >= 8);
    for (const lang of ['ru', 'hy', 'az', 'ka']) {
      const table = readJson('geo', 'locales', lang + '.json');
      for (const k of keys) {
        assert.ok(table[k], lang + ' ' + k);
        assert.deepEqual(table[k].match(/\{[a-z_]+\}/g), en[k].match(/\{[a-z_]+\}/g), lang + ' ' + k);
      }
    }
    const ids = new Set(readJson('layers', 'places.json').places.map((p) => p.id));
    for (const k of keys) for (const m of en[k].match(/\{[a-z_]+\}/g) || []) assert.ok(ids.has(m.slice(1, -1).replace(/_/g, '-')), k);
  });
  test('label points: a point, halfway along a line, inside a concave area', () => {
    assert.deepEqual(labelPoint({ type: 'Point', coordinates: [46.5, 39.6] }), [46.5, 39.6]);
    assert.deepEqual(labelPoint({ type: 'LineString', coordinates: [[0, 0], [4, 0], [4, 2]] }), [3, 0]);
    const c = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 1], [1, 1], [1, 9], [10, 9], [10, 10], [0, 10], [0, 0]]] };
    assert.deepEqual(labelPoint(c), [0.5, 5]); // the bbox centre (5, 5) is outside the C
    assert.equal(labelPoint({ type: 'Polygon', coordinates: [] }), null);
    assert.deepEqual(labelPoints({ type: 'LineString', coordinates: [[0, 0], [10, 0]] }), [[5, 0], [3.5, 0], [6.5, 0], [2, 0], [8, 0]]);
    assert.deepEqual(alongLine([[0, 0], [10, 0]], 10, 1), [10, 0]);
    assert.deepEqual(lonLatBounds(c), [[0, 0], [10, 10]]);
  });
  test('an area or line carries its label only when it is large enough on screen', () => {
    assert.ok(fitsOnScreen(100, 120));
    assert.ok(!fitsOnScreen(90, 120));
  });
  test('the label colour is the layer colour, darkened to 4.5:1 on the land; hostile input gives the neutral ink', () => {
    for (const c of ['#E69F00', '#D55E00', '#56B4E9', '#F0E442', '#ffffff']) {
      assert.ok(contrast(inkOf(c), '#fbfaf7') >= 4.5, c);
    }
    assert.equal(inkOf('#0072B2'), '#0072b2'); // already dark enough: unchanged
    assert.equal(inkOf('red;background:url(x)'), '#333333');
  });
});

describe('place texts and styles', () => {
  const item = { id: 'lachin', kind: 'town', rank: 3, contested: true, name: { en: 'Lachin / Berdzor', hy: 'Լաչին / Բերձոր' },
    name_swapped: { en: 'Berdzor / Lachin' } };
  test('the reader\'s language and name order; English, then the id, as fallbacks', () => {
    assert.equal(placeText(item, 'hy', false), 'Լաչին / Բերձոր');
    assert.equal(placeText(item, 'en', true), 'Berdzor / Lachin');
    assert.equal(placeText(item, 'ka', false), 'Lachin / Berdzor');
    assert.equal(placeText({ id: 'x', name: { en: 'X' }, name_swapped: { en: 'Y' } }, 'en', true), 'X'); // not contested
    assert.equal(placeText({ id: 'bare' }, 'en', false), 'bare');
  });
  test('every kind of the shipped places has a style: dots for settlements, centred area labels for the rest', () => {
    const kinds = new Set(readJson('layers', 'places.json').places.map((p) => p.kind));
    for (const kind of kinds) {
      const st = placeStyle({ kind, rank: 2 });
      assert.ok(st.cls, kind);
      assert.equal(st.area, st.dot === 0, kind);
    }
    assert.ok(placeStyle({ kind: 'capital', rank: 0 }).dot > placeStyle({ kind: 'village', rank: 4 }).dot);
    assert.equal(placeStyle({ kind: 'town', rank: 1 }).cls, 'city');
  });
});

describe('label forms (labeltext.js) and alignment (labels.js)', () => {
  const pair = { w: 180, h: 16, part: 95 };
  const sub = { w: 70, h: 14 };
  test('a place with a second line: full, then the pair on two lines with it, the name alone, the pair alone', () => {
    const f = composeForms(pair, sub);
    assert.deepEqual([f.w, f.h], [180, 30]);
    assert.deepEqual(f.forms.map((x) => [x.w, x.h, x.wrap, x.subs]), [[96, 46, true, true], [180, 16, false, false],
      [96, 32, true, false]]);
  });
  test('a plain name has no shorter form; a wide second line sets the width', () => {
    assert.deepEqual(composeForms({ w: 60, h: 16, part: 0 }, null), { w: 60, h: 16, forms: [] });
    assert.equal(composeForms({ w: 60, h: 16, part: 0 }, { w: 90, h: 14 }).w, 90);
  });
  test('multi-line labels align towards their dot', () => {
    assert.equal(alignFor('UL'), 'right');
    assert.equal(alignFor('CR'), 'left');
    assert.equal(alignFor('UC'), 'center');
  });
});

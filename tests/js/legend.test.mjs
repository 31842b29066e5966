// controls/legend.js and patterns.js: the legend lists what is on the map now (date, layers, view), most important
// first, and the areas are told apart by fill patterns, not only colour.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { KIND_ORDER, legendLines, presentKinds } from '../../geo/static/src/controls/legend.js';
import { bboxOf } from '../../geo/static/src/geometry.js';
import { patternId, patternMarkup, patternName, withPattern } from '../../geo/static/src/patterns.js';
import { legendSvg } from '../../geo/static/src/symbols.js';
import { readJson } from './helpers.mjs';

const SCHEMA_KINDS = readJson('layers', 'schema', 'feature.schema.json').$defs.properties.properties.kind.enum;

function entry(id, kind, layer, g, { on = true, approximate = false } = {}) {
  return { on, f: { id, kind, layer, g, approximate } };
}

const pt = (lon, lat) => ({ type: 'Point', coordinates: [lon, lat] });

describe('the legend lines', () => {
  test('every kind of the schema has its place in the importance order', () => {
    assert.deepEqual([...SCHEMA_KINDS].sort(), [...KIND_ORDER].sort());
  });
  test('lines come most important first; kinds with one sample share a line', () => {
    const kinds = [...SCHEMA_KINDS].reverse().map((id) => ({ id }));
    const lines = legendLines(kinds);
    const ids = lines.map(([, ks]) => ks.map((k) => k.id));
    assert.deepEqual(ids[0], ['military-base']);
    assert.deepEqual(ids.at(-1), ['incident']);
    // symbols.js draws the three area kinds with one box: one line, in importance order
    assert.deepEqual(ids.find((ks) => ks.length === 3), ['peacekeeping-force', 'peacekeeping-zone', 'corridor']);
    assert.equal(lines.reduce((n, [, ks]) => n + ks.length, 0), kinds.length);
  });
  test('a sample function that tells the areas apart gives each its own line', () => {
    const sample = (id) => (patternName(id) ? 'pattern:' + patternName(id) : legendSvg(id));
    const lines = legendLines(SCHEMA_KINDS.map((id) => ({ id })), sample);
    for (const kind of ['peacekeeping-zone', 'corridor', 'peacekeeping-force']) {
      assert.ok(lines.some(([, ks]) => ks.length === 1 && ks[0].id === kind), kind);
    }
  });
  test('unknown kinds go last, by id', () => {
    const lines = legendLines([{ id: 'zz-new' }, { id: 'aa-new' }, { id: 'event' }], (id) => id);
    assert.deepEqual(lines.map(([, ks]) => ks[0].id), ['event', 'aa-new', 'zz-new']);
  });
});

describe('what the legend shows', () => {
  const entries = [
    entry('a', 'military-base', 'gyumri', pt(43.85, 40.79)),
    entry('b', 'corridor', 'lachin', { type: 'Polygon', coordinates: [[[46.3, 39.5], [46.8, 39.6], [46.8, 39.8], [46.3, 39.5]]] },
      { approximate: true }),
    entry('c', 'naval-point', 'abkhazia', pt(41.4, 42.7), { on: false }),
  ];
  test('only the features on the map now count, and any approximate one brings the key', () => {
    const now = presentKinds(entries);
    assert.deepEqual([...now.kinds].sort(), ['corridor', 'military-base']);
    assert.deepEqual([...now.layers].sort(), ['gyumri', 'lachin']);
    assert.equal(now.approx, true);
  });
  test('with a view, only what meets it (a box that crosses the edge counts)', () => {
    const karabakh = [46.5, 39.0, 47.5, 40.3];
    const now = presentKinds(entries, karabakh);
    assert.deepEqual([...now.kinds], ['corridor']);
    assert.equal(now.approx, true);
    const gyumri = presentKinds(entries, [43.5, 40.5, 44.2, 41.0]);
    assert.deepEqual([...gyumri.kinds], ['military-base']);
    assert.equal(gyumri.approx, false);
  });
  test('nothing on the map: nothing listed', () => {
    const now = presentKinds(entries.map((e) => ({ ...e, on: false })));
    assert.equal(now.kinds.size, 0);
    assert.equal(now.approx, false);
  });
  test('bounding boxes of every geometry type', () => {
    assert.deepEqual(bboxOf(pt(1, 2)), [1, 2, 1, 2]);
    assert.deepEqual(bboxOf({ type: 'MultiLineString', coordinates: [[[0, 0], [2, 1]], [[-1, 3], [0, 0]]] }), [-1, 0, 2, 3]);
    assert.deepEqual(bboxOf({ type: 'GeometryCollection', geometries: [pt(5, 5), pt(-5, 1)] }), [-5, 1, 5, 5]);
    assert.equal(bboxOf({ type: 'Point', coordinates: [] }), null);
    assert.equal(bboxOf(null), null);
  });
});

describe('fill patterns for the areas', () => {
  test('the zone, the corridor and a force area each have their own pattern; other kinds a plain tint', () => {
    const names = ['peacekeeping-zone', 'corridor', 'peacekeeping-force'].map(patternName);
    assert.equal(new Set(names).size, 3);
    assert.equal(patternName('military-base'), null);
    assert.equal(patternName('constructor'), null);
  });
  test('markup is constants and a checked colour: a hostile colour cannot add markup or attributes', () => {
    const id = patternId(3, 'dots', 'red" onload="alert(1)');
    assert.match(id, /^pm3-pat-dots-[0-9a-f]*$/);
    const markup = patternMarkup(id, 'dots', 'red" onload="alert(1)');
    assert.doesNotMatch(markup, /onload|alert/);
    assert.match(markup, /^<pattern id="pm3-pat-dots-[0-9a-f]*" patternUnits="userSpaceOnUse"/);
  });
  test('an area style takes the pattern as its fill', () => {
    const patterns = { fill: (kind, color) => (patternName(kind) ? 'url(#p-' + kind + ')' : null) };
    const base = { fillColor: '#e07b39', fillOpacity: 0.25, color: '#e07b39' };
    assert.deepEqual(withPattern(base, 'corridor', '#e07b39', patterns),
      { fillColor: 'url(#p-corridor)', fillOpacity: 1, color: '#e07b39' });
    assert.equal(withPattern(base, 'former-base', '#e07b39', patterns), base);
    assert.equal(withPattern(base, 'corridor', '#e07b39', null), base);
  });
});

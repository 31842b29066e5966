// symbols.js: the symbol, the line/area style and the legend sample for every kind in the feature schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AREA_KINDS, LINE_KINDS, SYMBOL_SIZE, approxLegendSvg, areaStyle, legendSvg, legendSvgColored, lineStyle, symbolKey,
  symbolSvg,
} from '../../geo/static/src/symbols.js';
import { readJson } from './helpers.mjs';

const SCHEMA_KINDS = readJson('layers', 'schema', 'feature.schema.json').$defs.properties.properties.kind.enum;

describe('a symbol for every kind', () => {
  test('the schema lists the kinds we draw', () => assert.ok(SCHEMA_KINDS.length >= 18));
  test('every kind is a point symbol of its own, an area or a line: none falls back to the plain circle', () => {
    for (const kind of SCHEMA_KINDS) {
      if (LINE_KINDS.has(kind)) assert.match(legendSvg(kind), /<path d="M2 10 H26"/, kind); // drawn as a line
      else if (AREA_KINDS.has(kind)) assert.equal(symbolKey(kind), 'zone', kind);
      else assert.equal(symbolKey(kind), kind, kind);
    }
    assert.equal(symbolKey('no-such-kind'), 'fallback');
  });
  test('each point kind has a distinct symbol; major sites are drawn larger', () => {
    const points = SCHEMA_KINDS.filter((k) => !AREA_KINDS.has(k) && !LINE_KINDS.has(k) && k !== 'monitoring-mission');
    const svgs = points.map((k) => symbolSvg(k, '#336699', false, 20));
    assert.equal(new Set(svgs).size, points.length);
    for (const k of ['military-base', 'air-base', 'naval-point', 'headquarters']) assert.equal(SYMBOL_SIZE[k], 22, k);
    for (const k of ['observation-post', 'checkpoint', 'incident', 'event']) assert.ok(SYMBOL_SIZE[k] < 20, k);
  });
  test('the symbol carries the layer colour, dashed and lighter when approximate', () => {
    const exact = symbolSvg('military-base', '#c0392b', false, 22);
    const approx = symbolSvg('military-base', '#c0392b', true, 22);
    assert.match(exact, /fill="#c0392b"/);
    assert.match(exact, /width="22" height="22"/);
    assert.doesNotMatch(exact, /stroke-dasharray/);
    assert.match(approx, /stroke-dasharray="2.6 1.8"/);
    assert.match(approx, /fill-opacity="0.55"/);
  });
  test('a hostile colour never reaches the markup', () => {
    const svg = symbolSvg('event', '"/><script>alert(1)</script>', false, 16);
    assert.doesNotMatch(svg, /script|alert/);
    assert.match(svg, /#555555/);
    const legend = legendSvgColored('corridor', 'red" onload="x');
    assert.doesNotMatch(legend, /onload/);
  });
});

describe('line and area styles', () => {
  test('routes dotted, blockades thick and dashed, events and incidents thin', () => {
    assert.deepEqual(lineStyle('road', '#111111', false),
      { color: '#111111', weight: 4, opacity: 0.95, lineCap: 'round', lineJoin: 'round' });
    assert.equal(lineStyle('route', '#111111', false).dashArray, '0.1 8');
    const blockade = lineStyle('blockade', '#111111', false);
    assert.deepEqual([blockade.weight, blockade.dashArray, blockade.lineCap, blockade.opacity], [9, '10 7', 'butt', 0.85]);
    assert.equal(lineStyle('incident', '#111111', false).weight, 3);
    assert.equal(lineStyle('event', '#111111', false).weight, 3);
  });
  test('approximate lines are dashed and fainter, keeping a route\'s or blockade\'s own dash', () => {
    assert.deepEqual([lineStyle('road', '#111111', true).dashArray, lineStyle('road', '#111111', true).opacity], ['8 6', 0.7]);
    assert.equal(lineStyle('route', '#111111', true).dashArray, '0.1 8');
    assert.equal(lineStyle('blockade', '#111111', true).dashArray, '10 7');
  });
  test('areas: filled zones, nearly hollow mission and former-base areas, dashed when approximate', () => {
    const zone = areaStyle('peacekeeping-zone', '#2266aa', false);
    assert.deepEqual([zone.weight, zone.fillOpacity, zone.dashArray, zone.fillColor], [2, 0.25, null, '#2266aa']);
    for (const k of ['monitoring-mission', 'monitoring-centre', 'former-base']) {
      assert.deepEqual([areaStyle(k, '#2266aa', false).weight, areaStyle(k, '#2266aa', false).fillOpacity], [2.5, 0.06], k);
    }
    const approx = areaStyle('corridor', '#2266aa', true);
    assert.deepEqual([approx.dashArray, approx.fillOpacity, approx.opacity], ['7 5', 0.16, 0.75]);
  });
});

describe('the legend', () => {
  test('samples: a stroke for line kinds, a box for area kinds, the symbol otherwise', () => {
    assert.match(legendSvg('road'), /<path d="M2 10 H26"/);
    assert.match(legendSvg('blockade'), /stroke-width="7"/);
    assert.match(legendSvg('route'), /stroke-dasharray="0.1 8"/);
    assert.match(legendSvg('corridor'), /<rect x="2" y="3" width="24" height="14"/);
    assert.match(legendSvg('air-base'), /<g transform="translate\(4 0\)"><path d="M10 2 L18.5 17/);
    assert.match(approxLegendSvg(), /stroke-dasharray="5 3.5"/);
  });
});

// User layers: the payload reader, the time index and the model against the fixtures the Python reference writes
// (tests/fixtures/userlayers/), the projection, the hit test, the symbols.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';

import { OPEN_END, base64ToBytes, decodeBlob, decodePayload, featureId, undoDelta } from '../../geo/static/src/userlayer/decode.js';
import { buildGrid, featureBoxes, hitTest, queryGrid } from '../../geo/static/src/userlayer/hit.js';
import { createModel, partialRange } from '../../geo/static/src/userlayer/model.js';
import { projectScaled, worldX, worldY } from '../../geo/static/src/userlayer/project.js';
import { USER_SYMBOLS, paintSymbol, safeSymbol, userSymbolSvg } from '../../geo/static/src/userlayer/symbols.js';
import { activeOn, forEachChange, makeTimeIndex, step } from '../../geo/static/src/userlayer/timeindex.js';
import { isoToDay } from '../../geo/static/src/days.js';
import { fixture } from './helpers.mjs';

const PAYLOAD = fixture('userlayers/shapes.payload.json');
const EXPECTED = fixture('userlayers/shapes.expected.json');
const TIME = fixture('userlayers/timeindex.json');

describe('the payload reader (shapes.payload.json → shapes.expected.json)', () => {
  test('every column decodes to the values the Python reference gives', async () => {
    const decoded = await decodePayload(PAYLOAD);
    assert.equal(decoded.count, EXPECTED.ids.length);
    assert.deepEqual(Object.keys(decoded.columns).sort(), Object.keys(EXPECTED.columns).sort());
    for (const [name, values] of Object.entries(EXPECTED.columns)) {
      assert.deepEqual(Array.from(decoded.columns[name]), values, name);
    }
    assert.deepEqual(decoded.text, EXPECTED.text);
    assert.deepEqual(Array.from({ length: decoded.count }, (_, i) => featureId(decoded, i)), EXPECTED.ids);
  });
  test('the model shows the features the Python reference lists as active, day by day, in any order of days', async () => {
    const decoded = await decodePayload(PAYLOAD);
    const model = createModel(decoded);
    const days = Object.keys(EXPECTED.active).map(Number);
    for (const day of [...days, ...days.slice().reverse(), 18687, 18262, 20000, 18688]) {
      model.setDay(day);
      assert.deepEqual(model.activeIds().sort(), EXPECTED.active[String(day)].slice().sort(), 'day ' + day);
      assert.equal(model.active(), EXPECTED.active[String(day)].length);
    }
  });
  test('texts are read per feature from the tables, -1 = none', async () => {
    const model = createModel(await decodePayload(PAYLOAD));
    assert.equal(model.textOf('name', 0), 'Zone with a hole');
    assert.equal(model.textOf('url', 0), null);
    assert.equal(model.textOf('url', 1), 'https://example.org/l1');
    assert.equal(model.textOf('description', 0), null);
    assert.equal(model.hasText('description'), false);
  });
  test('ids "rows" are <layer>-<row>', () => {
    const decoded = { header: { ids: 'rows', layer: { id: 'shelling' } }, columns: { row: new Uint32Array([2, 17]) } };
    assert.equal(featureId(decoded, 1), 'shelling-17');
  });
  test('delta decoding wraps in 32 bits like the writer', () => {
    assert.deepEqual(Array.from(undoDelta(new Int32Array([5, -3, 2147483647, 2]))), [5, 2, -2147483647, -2147483645]);
    assert.deepEqual(Array.from(undoDelta(new Uint32Array([4294967295, 2]))), [4294967295, 1]);
  });
  test('a malformed payload is refused with a clear error, never half-read', async () => {
    const bad = (patch) => Object.assign(JSON.parse(JSON.stringify(PAYLOAD)), patch);
    await assert.rejects(decodePayload(bad({ version: 2 })), /version 1/);
    await assert.rejects(decodePayload(bad({ format: 'x' })), /expected format/);
    await assert.rejects(decodePayload(bad({ count: 7 })), /wrong size|must hold/);
    await assert.rejects(decodePayload(bad({ columns: PAYLOAD.columns.filter((c) => c.name !== 'end') })), /"end" is missing/);
    await assert.rejects(decodePayload(bad({ columns: PAYLOAD.columns.map((c) => (c.name === 'x' ? { ...c, offset: 1e6 } : c)) })),
      /outside the data/);
    await assert.rejects(decodePayload(bad({ data: Buffer.from('not gzip').toString('base64') })));
  });
  test('a blob whose geometry offsets do not add up is refused', () => {
    const header = JSON.parse(JSON.stringify(PAYLOAD));
    const blob = new Uint8Array(header.raw_bytes);
    assert.throws(() => decodeBlob(header, blob), /user layer payload/);
  });
});

describe('the time index (timeindex.json, written by the Python reference)', () => {
  const index = makeTimeIndex(TIME.start, TIME.end, TIME.by_start, TIME.by_end);
  test('every step of the fixture enters and leaves exactly what Python says', () => {
    assert.ok(TIME.steps.length > 50);
    for (const c of TIME.steps) {
      const got = step(index, c.from, c.to);
      assert.deepEqual(got.entered, c.entered, JSON.stringify(c));
      assert.deepEqual(got.left, c.left, JSON.stringify(c));
    }
  });
  test('active sets match', () => {
    for (const c of TIME.active) assert.deepEqual(activeOn(index, c.day), c.features);
  });
  test('the open end is the largest Int32', () => assert.equal(TIME.open_end, OPEN_END));
  test('orders that do not sort their days are refused', () => {
    assert.throws(() => makeTimeIndex(TIME.start, TIME.end, TIME.by_end, TIME.by_end), /does not sort|permutation/);
    assert.throws(() => makeTimeIndex([1, 2], [3, 4], [0, 0], [0, 1]), /permutation/);
  });
  test('random layers: stepping equals the brute-force difference, and a step only looks at features that change', () => {
    let seed = 7;
    const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
    for (let round = 0; round < 20; round += 1) {
      const n = 300;
      const start = Array.from({ length: n }, () => rnd(100));
      const end = start.map((s) => (rnd(10) === 0 ? OPEN_END : s + rnd(30)));
      const order = (days) => days.map((d, i) => [d, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
      const idx = makeTimeIndex(start, end, order(start), order(end));
      const brute = (d) => new Set(start.flatMap((s, i) => (s <= d && d <= end[i] ? [i] : [])));
      let day = rnd(130) - 10;
      let on = brute(day);
      for (let k = 0; k < 40; k += 1) {
        const next = rnd(130) - 10;
        const want = brute(next);
        const got = step(idx, day, next);
        assert.deepEqual(got.entered, [...want].filter((i) => !on.has(i)).sort((a, b) => a - b));
        assert.deepEqual(got.left, [...on].filter((i) => !want.has(i)).sort((a, b) => a - b));
        const lo = Math.min(day, next); const hi = Math.max(day, next);
        const between = start.filter((s) => lo < s && s <= hi).length + end.filter((e) => lo <= e && e < hi).length;
        assert.equal(got.examined, between);
        day = next; on = want;
      }
    }
  });
  test('a one-day step on 100,000 features looks at a few hundred of them, not at all of them', () => {
    const n = 100000;
    const start = new Int32Array(n); const end = new Int32Array(n);
    for (let i = 0; i < n; i += 1) { start[i] = Math.floor(i / 10); end[i] = start[i] + (i % 7) * 30; }
    const byStart = Uint32Array.from({ length: n }, (_, i) => i);
    const byEnd = Uint32Array.from(byStart).sort((a, b) => end[a] - end[b] || a - b);
    const idx = makeTimeIndex(start, end, byStart, byEnd);
    let examined = 0;
    examined = forEachChange(idx, 5000, 5001, () => {}, () => {});
    assert.ok(examined > 0 && examined < 100, String(examined));
  });
});

describe('dates of a feature written back for the popup', () => {
  const d = (iso) => isoToDay(iso);
  test('whole years, whole months, days, open ends', () => {
    assert.deepEqual(partialRange(d('2020-01-01'), d('2020-12-31')), { start: '2020', end: '2020' });
    assert.deepEqual(partialRange(d('2020-01-01'), d('2022-12-31')), { start: '2020', end: '2022' });
    assert.deepEqual(partialRange(d('2024-02-01'), d('2024-02-29')), { start: '2024-02', end: '2024-02' });
    assert.deepEqual(partialRange(d('2023-05-01'), d('2023-05-03')), { start: '2023-05-01', end: '2023-05-03' });
    assert.deepEqual(partialRange(d('2023-05-04'), d('2023-05-04')), { start: '2023-05-04', end: '2023-05-04' });
    assert.deepEqual(partialRange(d('2020-01-01'), OPEN_END), { start: '2020-01-01', end: null });
  });
});

describe('projection', () => {
  test('Web Mercator world pixels at zoom 0, as Leaflet computes them', () => {
    assert.equal(worldX(0), 128);
    assert.equal(worldY(0), 128);
    assert.ok(Math.abs(worldY(85.0511287798)) < 1e-9);
    // Leaflet 1.9's own form: SphericalMercator.project (sin form) + the EPSG:3857 transformation, times 256
    const R = 6378137; const sin = Math.sin((40 * Math.PI) / 180);
    const leafletY = 256 * (-(0.5 / (Math.PI * R)) * ((R * Math.log((1 + sin) / (1 - sin))) / 2) + 0.5);
    assert.ok(Math.abs(worldX(45) - 160) < 1e-12);
    assert.ok(Math.abs(worldY(40) - leafletY) < 1e-9);
    const { u, v } = projectScaled(new Int32Array([4500000]), new Int32Array([4000000]));
    assert.ok(Math.abs(u[0] - 160) < 1e-12 && Math.abs(v[0] - worldY(40)) < 1e-12);
  });
});

describe('hit test', () => {
  // three points, a line and a square polygon with a hole, in world pixels
  const geo = {
    u: new Float64Array([10, 10.5, 30, 50, 70]), v: new Float64Array([10, 10, 30, 50, 70]),
    geometry: new Uint8Array([0, 0, 0, 2, 3]),
    paths: new Uint32Array([0, 0, 0, 0, 1, 3]),
    vertices: new Uint32Array([0, 2, 7, 12]),
    vu: new Float64Array([40, 60, 60, 80, 80, 60, 60, 66, 74, 74, 66, 66]),
    vv: new Float64Array([50, 50, 60, 60, 80, 80, 60, 66, 66, 74, 74, 66]),
  };
  const grid = buildGrid(featureBoxes(geo), 1);
  const all = new Uint8Array([1, 1, 1, 1, 1]);
  test('the nearest point within the tolerance; of two at the same distance, the one drawn on top', () => {
    assert.equal(hitTest(geo, grid, all, 10.25, 10, 1), 1);
    assert.equal(hitTest(geo, grid, all, 10.1, 10, 1), 0);
    assert.equal(hitTest(geo, grid, all, 30.5, 30.5, 1), 2);
    assert.equal(hitTest(geo, grid, all, 20, 20, 1), -1);
  });
  test('features not on the map are never hit', () => {
    assert.equal(hitTest(geo, grid, new Uint8Array([0, 0, 1, 1, 1]), 10.2, 10, 1), -1);
  });
  test('a line within the tolerance; a polygon inside, not in its hole', () => {
    assert.equal(hitTest(geo, grid, all, 45, 50.5, 1), 3);
    assert.equal(hitTest(geo, grid, all, 62, 78, 1), 4);
    assert.equal(hitTest(geo, grid, all, 70, 70, 1), -1);
  });
  test('the grid hands out every feature in the box once', () => {
    const seen = [];
    queryGrid(grid, 0, 0, 100, 100, (i) => seen.push(i));
    assert.deepEqual(seen.sort(), [0, 1, 2, 3, 4]);
  });
  test('100,000 points: a hit is found among the few in its cells', () => {
    const n = 100000;
    const u = new Float64Array(n); const v = new Float64Array(n);
    for (let i = 0; i < n; i += 1) { u[i] = 150 + (i % 400) * 0.01; v[i] = 90 + Math.floor(i / 400) * 0.01; }
    const big = { u, v };
    const g = buildGrid(featureBoxes(big));
    const on = new Uint8Array(n).fill(1);
    let visits = 0;
    queryGrid(g, u[54321] - 0.001, v[54321] - 0.001, u[54321] + 0.001, v[54321] + 0.001, () => { visits += 1; });
    assert.ok(visits < 50, String(visits));
    assert.equal(hitTest(big, g, on, u[54321] + 0.0005, v[54321], 0.003), 54321);
  });
});

describe('symbols', () => {
  test('only known symbols and safe colours reach markup', () => {
    assert.deepEqual(USER_SYMBOLS, ['circle', 'square', 'triangle', 'diamond', 'cross']);
    assert.equal(safeSymbol('<script>'), 'circle');
    const svg = userSymbolSvg('triangle', '"/><script>alert(1)</script>', 14);
    assert.doesNotMatch(svg, /script|alert/);
    assert.match(svg, /#555555/);
    assert.match(userSymbolSvg('cross', '#12ab34', 14), /stroke="#12ab34"/);
  });
  test('painting a symbol fills and strokes a path on the context it is given', () => {
    const calls = [];
    const g = new Proxy({}, {
      get: (t, k) => (k in t ? t[k] : (...a) => calls.push([k, ...a])),
      set: (t, k, v) => { calls.push(['set', k, v]); return true; },
    });
    for (const s of USER_SYMBOLS) paintSymbol(g, s, '#123456', 0, 0, 10);
    assert.ok(calls.some((c) => c[0] === 'fill'));
    assert.ok(calls.some((c) => c[0] === 'arc'));
    assert.ok(calls.some((c) => c[0] === 'set' && c[2] === '#123456'));
  });
});

describe('decoding a blob written here the way Python writes it', () => {
  test('points only, ids from rows', async () => {
    const n = 3;
    const cols = [['x', 'int32', 'raw', [4400000, 4500000, 4600000]], ['y', 'int32', 'raw', [4000000, 4100000, 4200000]],
      ['start', 'int32', 'delta', [10, 10, 12]], ['end', 'int32', 'delta', [10, OPEN_END, 12]],
      ['by_start', 'uint32', 'delta', [0, 1, 2]], ['by_end', 'uint32', 'delta', [0, 2, 1]], ['row', 'uint32', 'delta', [2, 3, 5]]];
    const parts = []; const columns = []; let offset = 0;
    for (const [name, type, codec, values] of cols) {
      const stored = codec === 'delta' ? values.map((v, i) => (v - (i ? values[i - 1] : 0)) | 0) : values;
      const arr = type === 'int32' ? Int32Array.from(stored) : Uint32Array.from(stored.map((v) => v >>> 0));
      parts.push(Buffer.from(arr.buffer));
      columns.push({ name, type, codec, offset, length: n });
      offset += arr.byteLength;
    }
    const text = Buffer.from('{}');
    const blob = Buffer.concat([...parts, text]);
    const header = { format: 'presence-map/user-layer', version: 1, layer: { id: 'ev' }, count: n, scale: 100000,
      geometry: 'points', ids: 'rows', columns, text: { offset, length: text.length }, encoding: 'gzip-base64',
      raw_bytes: blob.length, data: gzipSync(blob).toString('base64') };
    const decoded = await decodePayload(header);
    assert.deepEqual(Array.from(decoded.columns.end), [10, OPEN_END, 12]);
    const model = createModel(decoded);
    model.setDay(12);
    assert.deepEqual(model.activeIds(), ['ev-3', 'ev-5']);
    assert.equal(base64ToBytes('AAE=').length, 2);
  });
});

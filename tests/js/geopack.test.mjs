// geopack.js: unpacking the transport's delta-coded 1e-4° integer geometry (geo/geopack.py packs it) exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { unpackGeometry, unpackPayload } from '../../geo/static/src/geopack.js';
import { fixture } from './helpers.mjs';

/** Every number of two nested arrays is the same double (Object.is: -0 and 0 differ, NaN equals NaN). */
function sameDoubles(a, b, where = '') {
  if (Array.isArray(a)) {
    assert.ok(Array.isArray(b), where + ': not an array');
    assert.equal(a.length, b.length, where + ': length');
    a.forEach((x, i) => sameDoubles(x, b[i], where + '/' + i));
    return;
  }
  assert.ok(Object.is(a, b), `${where}: ${a} !== ${b}`);
}

describe('geopack (the fixture geo/geopack.py writes, tests/fixtures/geopack.json)', () => {
  // unpackPayload works in place: every test gets its own copy
  const fresh = () => fixture('geopack.json');
  const { plain, packed } = fresh();

  test('the packed collection unpacks to the plain one, every coordinate the same double', () => {
    const payload = { schema: 1, packed: { scale: 10000, collections: ['reference'] }, reference: fresh().packed };
    unpackPayload(payload);
    assert.equal('packed' in payload, false);
    assert.equal(payload.reference.features.length, plain.features.length);
    payload.reference.features.forEach((f, i) => {
      const want = plain.features[i];
      assert.deepEqual(f.properties, want.properties);
      if (want.geometry === null) return assert.equal(f.geometry, null);
      assert.equal(f.geometry.type, want.geometry.type);
      assert.equal('packed' in f.geometry, false, want.properties.id);
      if (want.geometry.type === 'GeometryCollection') return assert.deepEqual(f.geometry, want.geometry);
      sameDoubles(f.geometry.coordinates, want.geometry.coordinates, want.properties.id);
    });
  });

  test('geometries Python could not pack exactly arrive unchanged', () => {
    const byId = Object.fromEntries(packed.features.map((f) => [f.properties.id, f.geometry]));
    for (const id of ['lossy-5-decimals', 'three-d', 'collection']) {
      assert.equal(unpackGeometry(byId[id], 10000), byId[id], id);
    }
  });

  test('a payload without the marker is left alone; so are collections it does not name', () => {
    const plainPayload = { schema: 1, basemap: fresh().packed };
    assert.equal(unpackPayload(plainPayload), plainPayload);
    assert.ok('packed' in plainPayload.basemap.features[0].geometry);
  });

  test('a bad marker or a corrupt geometry is a clear error', () => {
    assert.throws(() => unpackPayload({ packed: { scale: 1000, collections: [] } }), /scale 1000/);
    assert.throws(() => unpackGeometry({ type: 'LineString', packed: [1, 2, 3] }, 10000), /odd length/);
    assert.throws(() => unpackGeometry({ type: 'GeometryCollection', packed: [] }, 10000), /unknown type/);
  });
});

describe('q / 1e4 is the double a 4-decimal literal parses to', () => {
  test('for 200,000 pseudo-random integers over the whole lon/lat range, and the edges', () => {
    let seed = 20260101;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
    const qs = [0, 1, -1, 5, 9999, 10000, 10001, 1800000, -1800000, 900000, -900000, 10005, 450050];
    for (let i = 0; i < 200000; i += 1) qs.push((next() % 3600001) - 1800000);
    for (const q of qs) {
      const abs = Math.abs(q);
      const literal = (q < 0 ? '-' : '') + Math.floor(abs / 10000) + '.' + String(abs % 10000).padStart(4, '0');
      const want = Number(literal);
      const got = unpackGeometry({ type: 'Point', packed: [q, 0] }, 10000).coordinates[0];
      if (got !== want) assert.fail(`${q}: ${got} vs ${literal}`);
    }
  });
});

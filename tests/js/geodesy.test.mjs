// geodesy.js and geometry.js: distances on the WGS84 ellipsoid against pyproj (tests/fixtures/geodesic.json,
// generated and checked by Python), the great-circle path, representative points. Points are (lat, lon) degrees.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { geodesicKm, greatCircle, haversineKm, vincentyKm } from '../../geo/static/src/geodesy.js';
import { isAreaGeometry, isLineGeometry, representativePoint } from '../../geo/static/src/geometry.js';
import { fixture } from './helpers.mjs';

const { pairs } = fixture('geodesic.json');
const byName = new Map(pairs.map((p) => [p.name, p]));

describe('distances against pyproj (Geod WGS84)', () => {
  test('the known values: Goris–Stepanakert 49.02 km, Gyumri–Akhurian 16.59 km', () => {
    const goris = byName.get('Goris - Stepanakert');
    const gyumri = byName.get('Gyumri - the Turkish border on the Akhurian');
    assert.equal(geodesicKm(...goris.a, ...goris.b).toFixed(2), '49.02');
    assert.equal(geodesicKm(...gyumri.a, ...gyumri.b).toFixed(2), '16.59');
  });
  for (const p of pairs.filter((x) => !x.name.includes('antimeridian'))) {
    test(p.name + ': Vincenty within 1 mm of pyproj, both directions', () => {
      assert.ok(Math.abs(vincentyKm(...p.a, ...p.b) - p.km) < 1e-6, `${vincentyKm(...p.a, ...p.b)} vs ${p.km}`);
      assert.ok(Math.abs(geodesicKm(...p.b, ...p.a) - p.km) < 1e-6);
    });
  }
  test('across the antimeridian Vincenty gives up (longitudes are not wrapped) and the haversine stands in', () => {
    const p = byName.get('across the antimeridian');
    assert.equal(vincentyKm(...p.a, ...p.b), null);
    assert.equal(geodesicKm(...p.a, ...p.b), haversineKm(...p.a, ...p.b));
    assert.ok(Math.abs(geodesicKm(...p.a, ...p.b) - p.km) / p.km < 0.006);
  });
  test('the sphere (haversine) is within 0.6 % of the ellipsoid here', () => {
    for (const p of pairs) {
      const rel = Math.abs(haversineKm(...p.a, ...p.b) - p.km) / p.km;
      assert.ok(rel < 0.006, `${p.name}: ${(rel * 100).toFixed(2)} %`);
    }
  });
  test('the same point is 0 km; nearly antipodal points fall back to the haversine', () => {
    assert.equal(geodesicKm(40.18, 44.5, 40.18, 44.5), 0);
    assert.equal(vincentyKm(0, 0, 0.5, 179.7), null);
    const km = geodesicKm(0, 0, 0.5, 179.7);
    assert.equal(km, haversineKm(0, 0, 0.5, 179.7));
    assert.ok(km > 19900 && km < 20100, String(km));
  });
});

describe('the measured line', () => {
  const ll = (lat, lng) => ({ lat, lng });
  test('a great circle from p to q: segments + 1 points, ends exact', () => {
    const p = ll(39.51111, 46.34168);
    const q = ll(39.8177, 46.7528);
    const path = greatCircle(p, q, 8, ll);
    assert.equal(path.length, 9);
    assert.ok(Math.abs(path[0].lat - p.lat) < 1e-9 && Math.abs(path[0].lng - p.lng) < 1e-9);
    assert.ok(Math.abs(path[8].lat - q.lat) < 1e-9 && Math.abs(path[8].lng - q.lng) < 1e-9);
    let sum = 0;
    for (let i = 1; i < path.length; i += 1) sum += geodesicKm(path[i - 1].lat, path[i - 1].lng, path[i].lat, path[i].lng);
    assert.ok(Math.abs(sum - geodesicKm(p.lat, p.lng, q.lat, q.lng)) < 0.05);
  });
  test('a great circle across the antimeridian keeps going east (no jump back across the map)', () => {
    const path = greatCircle(ll(10, 179.5), ll(10.5, -179.5), 4, ll);
    for (let i = 1; i < path.length; i += 1) assert.ok(path[i].lng > path[i - 1].lng);
    assert.ok(Math.abs(path.at(-1).lng - 180.5) < 1e-9);
  });
  test('fewer than 2 segments: just the two ends; the same point twice stays on it', () => {
    const p = ll(40, 44);
    const q = ll(41, 45);
    assert.deepEqual(greatCircle(p, q, 1, ll), [p, q]);
    for (const x of greatCircle(p, ll(40, 44), 10, ll)) assert.ok(Math.abs(x.lat - 40) < 1e-9 && Math.abs(x.lng - 44) < 1e-9);
  });
});

describe('geometry', () => {
  test('representative points in [lat, lon]: point, first vertex, bounding-box centre', () => {
    assert.deepEqual(representativePoint({ type: 'Point', coordinates: [43.85, 40.79] }), [40.79, 43.85]);
    assert.deepEqual(representativePoint({ type: 'LineString', coordinates: [[46.3, 39.5], [46.7, 39.8]] }), [39.5, 46.3]);
    assert.deepEqual(representativePoint({ type: 'MultiLineString', coordinates: [[[45, 40], [46, 41]]] }), [40, 45]);
    assert.deepEqual(representativePoint({ type: 'MultiPoint', coordinates: [[44, 41]] }), [41, 44]);
    assert.deepEqual(representativePoint({ type: 'Polygon', coordinates: [[[44, 40], [46, 40], [46, 42], [44, 40]]] }), [41, 45]);
    assert.deepEqual(representativePoint({ type: 'MultiPolygon', coordinates: [[[[40, 40], [41, 40], [41, 41], [40, 40]]],
      [[[45, 43], [46, 43], [46, 44], [45, 43]]]] }), [42, 43]);
  });
  test('no point for empty or unknown geometries', () => {
    assert.equal(representativePoint(null), null);
    assert.equal(representativePoint({ type: 'LineString', coordinates: [] }), null);
    assert.equal(representativePoint({ type: 'Polygon', coordinates: [] }), null);
    assert.equal(representativePoint({ type: 'GeometryCollection', geometries: [] }), null);
  });
  test('lines and areas', () => {
    assert.deepEqual(['LineString', 'MultiLineString', 'Polygon', 'Point'].map(isLineGeometry), [true, true, false, false]);
    assert.deepEqual(['Polygon', 'MultiPolygon', 'LineString', 'Point'].map(isAreaGeometry), [true, true, false, false]);
  });
});

/**
 * geopack.js — unpacks the geometry geo/geopack.py packed for the document's transport, back to plain GeoJSON.
 *
 * payload.packed = {scale: 10000, collections: ['basemap', 'reference']} names the FeatureCollections whose
 * geometries MAY be packed. A packed geometry is {type, packed} instead of {type, coordinates}: every line or ring
 * is one flat list of integers in 1e-4 degree, (lon, lat) order, the first position absolute and every further one
 * the difference from the one before: [x0, y0, dx1, dy1, ...]; a Point is [x, y]. A geometry without `packed` is
 * plain GeoJSON and left as it is (the Python side leaves any geometry it cannot pack exactly).
 *
 * Exact: the integers are divided by the scale (never multiplied by its inverse), so every coordinate is the same
 * double that JSON.parse gives for the original 4-decimal literal. Pure functions of the payload; no DOM.
 */

/** Nesting of lines per geometry type (0: a position, 1: a list of positions, ...). */
const DEPTH = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

function unpackLine(flat, scale) {
  if (flat.length % 2) throw new Error('geopack: packed line of odd length ' + flat.length);
  const out = new Array(flat.length / 2);
  let x = 0;
  let y = 0;
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i];
    y += flat[i + 1];
    out[i / 2] = [x / scale, y / scale];
  }
  return out;
}

function unpackNested(packed, depth, scale) {
  if (depth === 0) return [packed[0] / scale, packed[1] / scale];
  if (depth === 1) return unpackLine(packed, scale);
  return packed.map((part) => unpackNested(part, depth - 1, scale));
}

/**
 * A packed geometry as plain GeoJSON (a new object); any other value is returned unchanged.
 * @param {Object|null} geometry
 * @param {number} scale  integers per degree (10000)
 * @returns {Object|null}
 */
export function unpackGeometry(geometry, scale) {
  if (!geometry || typeof geometry !== 'object' || !('packed' in geometry)) return geometry;
  const depth = DEPTH[geometry.type];
  if (depth === undefined) throw new Error('geopack: packed geometry of unknown type ' + geometry.type);
  const { packed, ...rest } = geometry;
  return { ...rest, coordinates: unpackNested(packed, depth, scale) };
}

/**
 * Unpacks, in place, the collections payload.packed names and removes payload.packed, so every other module sees
 * plain GeoJSON. A payload without payload.packed (e.g. one passed to PresenceMap.mount directly) is untouched.
 * @param {Object} payload  the map document payload
 * @returns {Object} the same payload
 */
export function unpackPayload(payload) {
  const marker = payload && payload.packed;
  if (!marker) return payload;
  if (marker.scale !== 10000) throw new Error('geopack: unsupported scale ' + marker.scale + ' (expected 10000)');
  for (const key of marker.collections || []) {
    const collection = payload[key];
    if (!collection || !Array.isArray(collection.features)) continue;
    for (const feature of collection.features) {
      if (feature && feature.geometry) feature.geometry = unpackGeometry(feature.geometry, marker.scale);
    }
  }
  delete payload.packed;
  return payload;
}

/**
 * geometry.js — small facts about GeoJSON geometries ((lon, lat) order, EPSG:4326): line or area, and a
 * representative point ([lat, lon], Leaflet's order) for the measure tool's keyboard alternative, a bounding box. Pure.
 */

export function isLineGeometry(type) {
  return type === 'LineString' || type === 'MultiLineString';
}

export function isAreaGeometry(type) {
  return type === 'Polygon' || type === 'MultiPolygon';
}

/** A representative point [lat, lon] of a geometry: the point, a line's first vertex, a polygon's bbox centre. */
export function representativePoint(g) {
  if (!g || !g.coordinates) return null;
  const c = g.coordinates;
  if (g.type === 'Point') return [c[1], c[0]];
  if (g.type === 'MultiPoint' || g.type === 'LineString') return c.length ? [c[0][1], c[0][0]] : null;
  if (g.type === 'MultiLineString') return c.length && c[0].length ? [c[0][0][1], c[0][0][0]] : null;
  if (isAreaGeometry(g.type)) {
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    const rings = g.type === 'Polygon' ? c : c.flat();
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
      }
    }
    return Number.isFinite(x0) ? [(y0 + y1) / 2, (x0 + x1) / 2] : null;
  }
  return null;
}

/** The bounding box [west, south, east, north] (degrees) of any GeoJSON geometry, or null when it has no point. */
export function bboxOf(g) {
  let w = Infinity; let s = Infinity; let e = -Infinity; let n = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      if (c[0] < w) w = c[0]; if (c[0] > e) e = c[0]; if (c[1] < s) s = c[1]; if (c[1] > n) n = c[1];
    } else for (const x of c) walk(x);
  };
  if (g && g.type === 'GeometryCollection') for (const part of g.geometries || []) { const b = bboxOf(part); if (b) walk([[b[0], b[1]], [b[2], b[3]]]); }
  else if (g && Array.isArray(g.coordinates)) walk(g.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

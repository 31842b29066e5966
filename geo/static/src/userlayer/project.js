/**
 * userlayer/project.js — the payload's scaled coordinates (lon/lat × 1e5, EPSG:4326) projected once into Web
 * Mercator "world pixels at zoom 0" (the 256-pixel world square Leaflet's EPSG:3857 uses: x right, y down), so a
 * redraw at zoom z only multiplies by 2^z and subtracts the pixel origin. The same formula as Leaflet's
 * L.Projection.SphericalMercator + the EPSG:3857 transformation. Pure.
 */

const MAX_LAT = 85.0511287798;
const D = Math.PI / 180;
const SCALE = 100000;

/** Longitude in degrees → world x at zoom 0 (0..256). */
export function worldX(lon) {
  return 256 * (lon / 360 + 0.5);
}

/** Latitude in degrees → world y at zoom 0 (0 at the top, 256 at the bottom). */
export function worldY(lat) {
  const phi = Math.max(Math.min(MAX_LAT, lat), -MAX_LAT) * D;
  return 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI));
}

/** Scaled integer coordinates (Int32Array x, y; lon/lat × 1e5) → {u, v}: Float64Array world pixels at zoom 0. */
export function projectScaled(x, y) {
  const n = x.length;
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    u[i] = worldX(x[i] / SCALE);
    v[i] = worldY(y[i] / SCALE);
  }
  return { u, v };
}

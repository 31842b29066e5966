/**
 * geodesy.js — distances on the WGS84 ellipsoid for the measure tool: Vincenty's inverse formula (metres), the
 * haversine on the mean-radius sphere as its fallback, and points along a great circle for drawing a measured
 * segment. Points are (lat, lon) in degrees, EPSG:4326. Pure: no DOM, no Leaflet.
 */

import { clamp } from './util.js';

const RAD = Math.PI / 180;
const WGS84_A = 6378137;
const WGS84_F = 1 / 298.257223563;
const MEAN_RADIUS_M = 6371008.8; // IUGG mean radius R1 = (2a + b) / 3

/** Great-circle distance on the mean-radius sphere, in metres (the fallback for Vincenty). */
export function haversineM(lat1, lon1, lat2, lon2) {
  const dPhi = (lat2 - lat1) * RAD;
  const dLambda = (lon2 - lon1) * RAD;
  const h = Math.sin(dPhi / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLambda / 2) ** 2;
  return 2 * MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Vincenty's inverse formula on the WGS84 ellipsoid: the geodesic distance in metres, or null when the iteration
 * does not converge (nearly antipodal points).
 */
export function vincentyM(lat1, lon1, lat2, lon2) {
  const a = WGS84_A;
  const f = WGS84_F;
  const b = a * (1 - f);
  const L = (lon2 - lon1) * RAD;
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * RAD));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  let prev;
  let sinSigma;
  let cosSigma;
  let sigma;
  let cosSqAlpha;
  let cos2SigmaM;
  let iterations = 0;
  do {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    sinSigma = Math.sqrt((cosU2 * sinLambda) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2);
    if (sinSigma === 0) return 0; // the same point
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
    cosSqAlpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0; // 0 on the equator
    const C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
    prev = lambda;
    lambda = L + (1 - C) * f * sinAlpha *
      (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    iterations += 1;
    if (Math.abs(lambda) > Math.PI) return null; // diverging (antipodal case)
  } while (Math.abs(lambda - prev) > 1e-12 && iterations < 200);
  if (iterations >= 200) return null;
  const uSq = cosSqAlpha * (a * a - b * b) / (b * b);
  const A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const dSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
    B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return b * A * (sigma - dSigma);
}

/** Geodesic distance in km between two points given as (lat, lon) degrees: Vincenty, else the haversine. */
export function geodesicKm(lat1, lon1, lat2, lon2) {
  const v = vincentyM(lat1, lon1, lat2, lon2);
  return (v === null || !Number.isFinite(v) ? haversineM(lat1, lon1, lat2, lon2) : v) / 1000;
}

/** Vincenty's distance in km, or null where it does not converge (PresenceMap.vincentyKm). */
export function vincentyKm(lat1, lon1, lat2, lon2) {
  const m = vincentyM(lat1, lon1, lat2, lon2);
  return m === null ? null : m / 1000;
}

/** The haversine distance in km (PresenceMap.haversineKm). */
export function haversineKm(lat1, lon1, lat2, lon2) {
  return haversineM(lat1, lon1, lat2, lon2) / 1000;
}

/**
 * Points along the great circle from p to q ({lat, lng} degrees), `segments` + 1 of them, each made by
 * `latLng(lat, lng)` (the measure tool passes Leaflet's L.latLng). [p, q] when the points coincide or segments < 2.
 * Longitudes are unwrapped from p's, so a segment never jumps across the antimeridian.
 */
export function greatCircle(p, q, segments, latLng) {
  const toVec = (ll) => [Math.cos(ll.lat * RAD) * Math.cos(ll.lng * RAD), Math.cos(ll.lat * RAD) * Math.sin(ll.lng * RAD),
    Math.sin(ll.lat * RAD)];
  const u = toVec(p);
  const v = toVec(q);
  const d = Math.acos(clamp(u[0] * v[0] + u[1] * v[1] + u[2] * v[2], -1, 1));
  if (!(d > 1e-9) || segments < 2) return [p, q];
  const out = [];
  for (let i = 0; i <= segments; i += 1) {
    const t = i / segments;
    const A = Math.sin((1 - t) * d) / Math.sin(d);
    const B = Math.sin(t * d) / Math.sin(d);
    const x = A * u[0] + B * v[0];
    const y = A * u[1] + B * v[1];
    const z = A * u[2] + B * v[2];
    out.push(latLng(Math.atan2(z, Math.hypot(x, y)) / RAD, p.lng + (((Math.atan2(y, x) / RAD - p.lng) + 540) % 360) - 180));
  }
  return out;
}

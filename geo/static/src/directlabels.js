/**
 * directlabels.js — which presence features carry a short label on the map ("102nd base", "Hakari checkpoint",
 * "Lachin / Berdzor corridor"), its words, the point it is placed at, and how each place label is styled. Pure: the
 * words come from the payload's UI strings ("direct.<feature id>", else "direct.<layer>.<kind>", in every language;
 * a feature without such a string has no direct label), so adding one is a locale change, not code.
 * A string may name a place of payload.places as {place_id} (the place id with "_" for "-"): it is written in
 * the reader's language and name order, contested places side by side.
 */

import { isAreaGeometry, isLineGeometry } from './geometry.js';
import { AREA_ANCHORS } from './placer.js';

/** The strings key of a feature's direct label, or null (`has(key)`: whether the strings define it). */
export function directKey(f, has) {
  const own = 'direct.' + f.id;
  if (has(own)) return own;
  const byKind = 'direct.' + f.layer + '.' + f.kind;
  return has(byKind) ? byKind : null;
}

/** Fills {place_id} placeholders with `placeName(id)` (null: kept as written). */
export function fillPlaces(template, placeName) {
  return String(template).replace(/\{([a-z0-9_]+)\}/g, (m, key) => {
    const name = placeName(key.replace(/_/g, '-'));
    return name === null || name === undefined ? m : name;
  });
}

/** The place label's text in `lang`: its contested names in the reader's order (`swap`), else its name. */
export function placeText(item, lang, swap) {
  const names = swap && item.contested && item.name_swapped ? item.name_swapped : item.name;
  if (!names) return item.id;
  return names[lang] || names.en || item.id;
}

/**
 * The style of a place label: its CSS class, the radius of its dot in px (0: none) and whether it is an area
 * label (centred, no dot) with the positions it tries. Type scale: geo/data/README.md "Typography plan".
 */
export function placeStyle(item) {
  switch (item.kind) {
    case 'capital': return { cls: 'capital', dot: 3.5, area: false };
    case 'town': return item.rank <= 1 ? { cls: 'city', dot: 2.5, area: false } : { cls: 'town', dot: 2, area: false };
    case 'village': return { cls: 'village', dot: 2, area: false };
    case 'site': return { cls: 'site', dot: 1.5, area: false };
    case 'country': return { cls: 'country', dot: 0, area: true, anchors: AREA_ANCHORS };
    case 'region': return { cls: 'region', dot: 0, area: true, anchors: AREA_ANCHORS };
    case 'sea': return { cls: 'sea', dot: 0, area: true, anchors: AREA_ANCHORS };
    case 'river': return { cls: 'river', dot: 0, area: true, anchors: ['CU', 'CD', 'C'] };
    case 'lake': return { cls: 'lake', dot: 0, area: true, anchors: ['C', 'CU', 'CD'] };
    case 'railway': return { cls: 'rail', dot: 0, area: true, anchors: ['CU', 'CD'] };
    default: return { cls: 'town', dot: 2, area: false };
  }
}

/** A region of the story (story >= 3): named right after the capitals, before the direct labels and towns. */
export function isStoryRegion(item) {
  return item.kind === 'region' && item.story >= 3;
}

/** An area label's other points [lon, lat] inside its area (payload `alts`), the valid ones, in order. */
export function areaAlts(item) {
  if (!Array.isArray(item.alts)) return [];
  return item.alts.filter((c) => Array.isArray(c) && Number.isFinite(c[0]) && Number.isFinite(c[1]));
}

/** An area label's area bounds [[w, s], [e, n]] (payload `area_bounds`, EPSG:4326) or null when missing or bad. */
export function areaBounds(item) {
  const b = item.area_bounds;
  const ok = Array.isArray(b) && b.length === 2 && b.every((c) => Array.isArray(c) && Number.isFinite(c[0]) && Number.isFinite(c[1]));
  return ok && b[0][0] <= b[1][0] && b[0][1] <= b[1][1] ? b : null;
}

/** The pixel box {x0, y0, x1, y1} spanned by points [{x, y}] (projected corners: y grows down). */
export function pixelBox(points) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * Where an area label's centre may be (px box): the area's projected bounds, grown by one line height `line`
 * above and below (the label may sit just beside a small area, never off to the side of it).
 */
export function onArea(bounds, line) {
  const d = Number.isFinite(line) && line > 0 ? line : 0;
  return { x0: bounds.x0, y0: bounds.y0 - d, x1: bounds.x1, y1: bounds.y1 + d };
}

function ringsOf(g) {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

function inRings(x, y, rings) {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The longest part of a line geometry (its coordinate list) and its planar length in degrees. */
function longestLine(g) {
  const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
  let best = null;
  for (const line of lines) {
    let len = 0;
    for (let i = 1; i < line.length; i += 1) len += Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
    if (line.length && (!best || len > best.len)) best = { line, len };
  }
  return best;
}

/** The point [lon, lat] at `frac` (0..1) of a line's length (planar degrees: enough to pick a spot). */
export function alongLine(line, len, frac) {
  const goal = len * frac;
  let walked = 0;
  for (let i = 1; i < line.length; i += 1) {
    const d = Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
    if (walked + d >= goal && d > 0) {
      const t = (goal - walked) / d;
      return [line[i - 1][0] + t * (line[i][0] - line[i - 1][0]), line[i - 1][1] + t * (line[i][1] - line[i - 1][1])];
    }
    walked += d;
  }
  const last = line[line.length - 1];
  return [last[0], last[1]];
}

/** Where along a line its label is tried, in order (fractions of its length). */
export const LINE_SPOTS = Object.freeze([0.5, 0.35, 0.65, 0.2, 0.8]);

/**
 * The points [lon, lat] to label a geometry at, best first (GeoJSON order, EPSG:4326): a line's LINE_SPOTS along
 * its longest part; otherwise the one labelPoint.
 */
export function labelPoints(g) {
  if (g && g.coordinates && isLineGeometry(g.type)) {
    const best = longestLine(g);
    return best ? LINE_SPOTS.map((f) => alongLine(best.line, best.len, f)) : [];
  }
  const p = labelPoint(g);
  return p ? [p] : [];
}

/**
 * A point [lon, lat] to label a geometry at (GeoJSON order, EPSG:4326): a point itself (a MultiPoint's first);
 * a line's point halfway along its longest part; an area's bbox centre when it lies inside, else the middle of the
 * widest stretch of the area along the centre's parallel. Null for an empty geometry.
 */
export function labelPoint(g) {
  if (!g || !g.coordinates) return null;
  const c = g.coordinates;
  if (g.type === 'Point') return [c[0], c[1]];
  if (g.type === 'MultiPoint') return c.length ? [c[0][0], c[0][1]] : null;
  if (isLineGeometry(g.type)) {
    const best = longestLine(g);
    return best ? alongLine(best.line, best.len, 0.5) : null;
  }
  if (!isAreaGeometry(g.type)) return null;
  const rings = ringsOf(g);
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  if (!Number.isFinite(x0)) return null;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  if (inRings(cx, cy, rings)) return [cx, cy];
  // the crossings of the parallel through the centre with every edge, in order: inside stretches alternate
  const xs = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > cy) !== (yj > cy)) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((a, b) => a - b);
  let pick = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (!pick || xs[i + 1] - xs[i] > pick[1] - pick[0]) pick = [xs[i], xs[i + 1]];
  }
  return pick ? [(pick[0] + pick[1]) / 2, cy] : [cx, cy];
}

/** The [lon, lat] bounds [[w, s], [e, n]] of a geometry's coordinates (for the "does it fit" test). */
export function lonLatBounds(g) {
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  const walk = (a) => {
    if (typeof a[0] === 'number') {
      if (a[0] < x0) x0 = a[0]; if (a[0] > x1) x1 = a[0]; if (a[1] < y0) y0 = a[1]; if (a[1] > y1) y1 = a[1];
    } else for (const b of a) walk(b);
  };
  if (g && g.coordinates) walk(g.coordinates);
  return Number.isFinite(x0) ? [[x0, y0], [x1, y1]] : null;
}

/**
 * Whether an area or line is big enough on screen to carry its label: the larger side of its projected bounds
 * (px) at least 0.8 of the label's width. Points always try (their symbol is there to label).
 */
export function fitsOnScreen(sidePx, labelWidth) {
  return sidePx >= 0.8 * labelWidth;
}

function luminance(hex) {
  const v = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a, b) {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The text colour of a direct label: the layer's colour (#rrggbb; anything else gives the neutral ink), darkened
 * in steps until it reads at `min` : 1 (WCAG AA for text, 4.5) on the land colour `ground`.
 */
export function inkOf(color, ground = '#fbfaf7', min = 4.5) {
  if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color)) return '#333333';
  let rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  const hex = () => '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
  for (let i = 0; i < 40 && contrast(hex(), ground) < min; i += 1) rgb = rgb.map((c) => c * 0.92);
  return hex();
}

/**
 * placer.js — the greedy label placer: which labels show at a zoom, and where. Pure (boxes in CSS pixels of the
 * map container, x to the right, y down; no DOM), so the screen, the PNG and the PDF agree and Node tests it.
 *
 * The caller gives the labels in priority order (direct labels of the key features first, then the places in the
 * payload's order: rank, story, id) and the obstacles (controls and panels, presence symbols, soft ones such as the
 * presence lines). Each label tries its candidate positions in the cartographic order (UR, LR, UL, LL, UC, LC, CR,
 * CL around its dot or symbol; centred for area labels, at their other points too, the centre kept on the area) and takes the first whose padded box stays inside the map
 * and hits nothing placed before it; a position that only crosses soft obstacles is kept as a fallback; a label
 * with no free position is hidden (with its dot). At the lowest zooms a density cap keeps one point label per cell.
 */

/** Point-label positions in the order they are tried (Slocum et al., after Yoeli). */
export const ANCHORS = Object.freeze(['UR', 'LR', 'UL', 'LL', 'UC', 'LC', 'CR', 'CL']);
/** Area labels (seas, countries, regions): centred on their point, then nudged up or down by one or two lines. */
export const AREA_ANCHORS = Object.freeze(['C', 'CU', 'CD', 'CU2', 'CD2']);

/** Defaults, in CSS pixels: gap between dot/symbol and label, collision padding, map-edge margin, grid cell. */
export const DEFAULTS = Object.freeze({ gap: 4, pad: 2, margin: 3, cell: 0, gridSize: 48 });
/** A dot within this many px of a presence symbol is labelled around the symbol (and its cluster). */
const SNAP = 3;
/** The largest symbol cluster (px, each side) a place's label is placed around; a label stays this close to its dot. */
export const CLUSTER_PX = 48;

/** True when an item with `min_zoom` / `max_zoom` (Leaflet zoom, either may be missing) shows at `zoom`. */
export function visibleAt(item, zoom) {
  const lo = Number.isFinite(item.min_zoom) ? item.min_zoom : -Infinity;
  const hi = Number.isFinite(item.max_zoom) ? item.max_zoom : Infinity;
  return lo <= zoom + 1e-9 && zoom <= hi + 1e-9;
}

/** The density-cap cell in pixels at a zoom: one point label per 64 px cell up to zoom 7, none above. */
export function densityCell(zoom) {
  return zoom <= 7 ? 64 : 0;
}

export function box(x0, y0, x1, y1) {
  return { x0, y0, x1, y1 };
}

export function intersects(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function grow(b, d) {
  return { x0: b.x0 - d, y0: b.y0 - d, x1: b.x1 + d, y1: b.y1 + d };
}

function union(a, b) {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * The box of a w×h label at `anchor` around the anchor box `a` (a dot, a symbol, or a point: x0 = x1, y0 = y1),
 * `gap` px from it. Corner positions sit beside the anchor, raised (UR, UL: bottom edge 1 px above the centre)
 * or lowered (LR, LL); UC/LC are centred above/below; CR/CL beside, centred; C centred on it, CU/CD (CU2/CD2)
 * one (two) lines above/below the centre (area labels).
 */
export function candidateBox(anchor, a, w, h, gap) {
  const cx = (a.x0 + a.x1) / 2;
  const cy = (a.y0 + a.y1) / 2;
  const right = a.x1 + gap;
  const left = a.x0 - gap - w;
  let x;
  let y;
  switch (anchor) {
    case 'UR': x = right; y = cy - 1 - h; break;
    case 'LR': x = right; y = cy + 1; break;
    case 'UL': x = left; y = cy - 1 - h; break;
    case 'LL': x = left; y = cy + 1; break;
    case 'UC': x = cx - w / 2; y = a.y0 - gap - h; break;
    case 'LC': x = cx - w / 2; y = a.y1 + gap; break;
    case 'CR': x = right; y = cy - h / 2; break;
    case 'CL': x = left; y = cy - h / 2; break;
    case 'C': x = cx - w / 2; y = cy - h / 2; break;
    case 'CU': x = cx - w / 2; y = cy - h * 1.5; break;
    case 'CD': x = cx - w / 2; y = cy + h / 2; break;
    case 'CU2': x = cx - w / 2; y = cy - h * 2.5; break;
    case 'CD2': x = cx - w / 2; y = cy + h * 1.5; break;
    default: throw new Error('placer: unknown anchor ' + anchor);
  }
  return { x0: x, y0: y, x1: x + w, y1: y + h };
}

/**
 * An obstacle index: a uniform grid of `size` px cells over boxes (dynamic: boxes are added as labels are placed).
 * `hits(b, soft)` says whether b overlaps a hard box (soft = false) or a soft one (soft = true).
 */
export function createIndex(size) {
  const cells = new Map();
  const boxes = [];
  let stamp = 0;
  const seen = [];
  function each(b, fn) {
    const i0 = Math.floor(b.x0 / size); const i1 = Math.floor(b.x1 / size);
    const j0 = Math.floor(b.y0 / size); const j1 = Math.floor(b.y1 / size);
    for (let i = i0; i <= i1; i += 1) {
      for (let j = j0; j <= j1; j += 1) if (fn(i + ',' + j) === true) return true;
    }
    return false;
  }
  function add(b, soft, tag) {
    const entry = { b, soft: !!soft, tag: tag || null, n: boxes.length };
    boxes.push(entry);
    seen.push(0);
    each(b, (key) => {
      let list = cells.get(key);
      if (!list) cells.set(key, (list = []));
      list.push(entry);
    });
    return entry;
  }
  /** The first entry overlapping b whose softness is `soft` and that `accept` (optional) lets through, or null. */
  function find(b, soft, accept) {
    stamp += 1;
    let found = null;
    each(b, (key) => {
      const list = cells.get(key);
      if (!list) return false;
      for (const e of list) {
        if (seen[e.n] === stamp) continue;
        seen[e.n] = stamp;
        if (e.soft === soft && intersects(e.b, b) && (!accept || accept(e))) {
          found = e;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  function hits(b, soft) {
    return find(b, !!soft) !== null;
  }
  /** Every hard entry tagged 'symbol' overlapping b. */
  function symbolsAt(b) {
    const out = [];
    stamp += 1;
    each(b, (key) => {
      const list = cells.get(key);
      if (!list) return false;
      for (const e of list) {
        if (seen[e.n] === stamp) continue;
        seen[e.n] = stamp;
        if (!e.soft && e.tag === 'symbol' && intersects(e.b, b)) out.push(e);
      }
      return false;
    });
    return out;
  }
  return { add, hits, find, symbolsAt, size: () => boxes.length };
}

/**
 * Places labels greedily, in the order given.
 *
 * items: [{id, x, y, w, h, dot, area, anchors, anchorBox, keep, reserve, alts}] — x, y: the point (px); w, h: the
 *   measured label size (px); dot: the radius of the place's dot (0: none); area: centred label (AREA_ANCHORS) with no dot;
 *   anchors: the positions to try (default by `area`); anchorBox: a box to place around instead of the dot (a
 *   presence symbol, for direct labels); keep: exempt from the density cap; reserve: the dot is an obstacle from
 *   the start, so labels placed before it (direct labels, area labels) leave the place free ('key': even a label
 *   that claims its spot); claim: may cover the reserved dots of places that are not key ones; alts: [{x, y}] more
 *   points to try, in order, when the first has no free position (a line's label along it, an area's label at
 *   other points inside it; no dot, no anchorBox);
 *   forms: [{w, h}] shorter forms of the label tried, in order, when no position is free at its own size;
 *   leader: (with anchorBox) when nothing beside the box is free, try LEADER_STEPS px farther out, with a line back
 *   (to `target` {x, y} when given: a point of the feature);
 *   within: a box {x0, y0, x1, y1} the label's centre must stay in (an area label on its area's bounds; a grid of
 *   centres over it is tried after the alts, at each form).
 * opts: {width, height} of the map (px), obstacles [{x0, y0, x1, y1, soft, symbol}] (symbol: a presence symbol; a
 *   dot on or touching one is labelled around the symbol), gap, pad, margin, cell (density cap, 0 = none).
 *
 * Returns {placed: [{id, anchor, box, dotBox, form, leader}] in placement order (form: 0 = its own size, i = forms[i - 1];
 * leader: [x0, y0, x1, y1] from the label to its feature, or null),
 * hidden: [id]}. Deterministic: same input, same
 * output. Boxes are unpadded (what is drawn); collisions use boxes grown by `pad` on both sides.
 */
export function placeLabels(items, opts) {
  const o = Object.assign({}, DEFAULTS, opts);
  const index = createIndex(o.gridSize);
  for (const ob of o.obstacles || []) index.add(ob, !!ob.soft, ob.symbol ? 'symbol' : 'ui');
  for (const it of items) {
    const r = it.reserve && !it.area ? Math.max(0, it.dot || 0) : 0;
    if (r > 0 && Number.isFinite(it.x) && Number.isFinite(it.y)) {
      index.add(box(it.x - r, it.y - r, it.x + r, it.y + r), false, it.reserve === 'key' ? 'reserved-key' : 'reserved');
    }
  }
  const inner = { x0: o.margin, y0: o.margin, x1: o.width - o.margin, y1: o.height - o.margin };
  const cellsTaken = new Set();
  const placed = [];
  const hidden = [];
  for (const it of items) {
    const pos = tryItem(it, o, index, inner, cellsTaken);
    if (!pos) {
      hidden.push(it.id);
      continue;
    }
    // the label, and the dot drawn with it, become obstacles for every later label
    index.add(grow(pos.box, o.pad), false, 'label');
    if (pos.dotBox) index.add(pos.dotBox, false, 'dot');
    if (pos.cell) cellsTaken.add(pos.cell);
    if (pos.leader) index.add(lineBox(pos.leader), false, 'label');
    placed.push({ id: it.id, anchor: pos.anchor, box: pos.box, dotBox: pos.dotBox, form: pos.form,
      leader: pos.leader || null });
  }
  return { placed, hidden };
}

/** True when boxes a and b are the same box give or take a few pixels (they overlap by over half the smaller one). */
export function sameBox(a, b) {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return false;
  const smaller = Math.min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0));
  return w * h > 0.5 * smaller;
}

function inside(b, inner) {
  return b.x0 >= inner.x0 && b.y0 >= inner.y0 && b.x1 <= inner.x1 && b.y1 <= inner.y1;
}

/** Steps of the grid of centres tried over a `within` box (WITHIN_STEPS + 1 points a side, edges included). */
export const WITHIN_STEPS = 4;

/**
 * The points of an (n + 1) × (n + 1) grid over box w, edges included, nearest its centre first (ties: top to
 * bottom, then left to right), so the label goes to the middle of its area when it can.
 */
export function spread(w, n) {
  const cx = (w.x0 + w.x1) / 2;
  const cy = (w.y0 + w.y1) / 2;
  const out = [];
  for (let j = 0; j <= n; j += 1) {
    for (let i = 0; i <= n; i += 1) out.push({ x: w.x0 + ((w.x1 - w.x0) * i) / n, y: w.y0 + ((w.y1 - w.y0) * j) / n, j, i });
  }
  const d = (p) => Math.hypot(p.x - cx, p.y - cy);
  out.sort((a, b) => d(a) - d(b) || a.j - b.j || a.i - b.i);
  return out.map((p) => ({ x: p.x, y: p.y }));
}

/** True when the centre of box b lies in box w (edges included). */
export function centredIn(b, w) {
  const x = (b.x0 + b.x1) / 2;
  const y = (b.y0 + b.y1) / 2;
  const e = 1e-6;
  return x >= w.x0 - e && x <= w.x1 + e && y >= w.y0 - e && y <= w.y1 + e;
}

function tryItem(it, o, index, inner, cellsTaken) {
  if (!(it.w > 0 && it.h > 0) || !Number.isFinite(it.x) || !Number.isFinite(it.y)) return null;
  const isArea = !!it.area;
  let cell = null;
  if (o.cell > 0 && !isArea) {
    cell = Math.floor(it.x / o.cell) + ',' + Math.floor(it.y / o.cell);
    if (!it.keep && cellsTaken.has(cell)) return null;
  }
  const r = isArea ? 0 : Math.max(0, it.dot || 0);
  const dotBox = r > 0 ? box(it.x - r, it.y - r, it.x + r, it.y + r) : null;
  let around = it.anchorBox || dotBox || box(it.x, it.y, it.x, it.y);
  if (dotBox) {
    // a dot under a control or a label placed before it: the place cannot be shown (its label would point at
    // nothing visible); a dot on a presence symbol is labelled around the symbol
    const blocker = index.find(dotBox, false, (e) => e.tag !== 'symbol' && e.tag !== 'reserved' && e.tag !== 'reserved-key');
    if (blocker) return null;
    // ... and around the symbols of its cluster: those within SNAP px of the dot and their neighbours (two rounds),
    // as long as the cluster stays small (CLUSTER_PX a side): in a dense field of symbols (the peacekeepers' posts)
    // a box grown over all of them would put the label beside another place's symbol
    for (let k = 0, n = -1; k < 2 && n !== 0; k += 1) {
      n = 0;
      for (const e of index.symbolsAt(grow(around, SNAP))) {
        const u = union(around, e.b);
        if (u.x1 - u.x0 > CLUSTER_PX || u.y1 - u.y0 > CLUSTER_PX) continue;
        if (u.x0 < around.x0 || u.y0 < around.y0 || u.x1 > around.x1 || u.y1 > around.y1) n += 1;
        around = u;
      }
    }
  }
  // a direct label is placed around its symbol's box: that symbol, as an obstacle measured from the marker's icon,
  // may lie a pixel or two off that box and must not push its own label away
  // a label that `claims` its spot (a story region) may cover the reserved dot of a place that is not a key one
  const notOwn = it.anchorBox ? (e) => !(e.tag === 'symbol' && sameBox(e.b, it.anchorBox))
    : it.claim ? (e) => e.tag !== 'reserved' : undefined;
  const anchors = it.anchors || (isArea ? AREA_ANCHORS : ANCHORS);
  // the point itself, then (labels of lines and areas without a dot) the other points it may be labelled at
  const arounds = [around];
  if (!dotBox && !it.anchorBox && Array.isArray(it.alts)) {
    for (const a of it.alts) if (Number.isFinite(a.x) && Number.isFinite(a.y)) arounds.push(box(a.x, a.y, a.x, a.y));
  }
  // ... and, for a label kept on its area, a grid of centres over the box it must stay in (a small area at a low
  // zoom, full of symbols: its name where there is room on it, or just above or below it)
  const grid = !dotBox && !it.anchorBox && it.within ? spread(it.within, WITHIN_STEPS) : [];
  // the label's own size first, then its shorter forms (e.g. without its second line)
  const forms = [{ w: it.w, h: it.h }].concat(Array.isArray(it.forms) ? it.forms.filter((f) => f.w > 0 && f.h > 0) : []);
  let fallback = null;
  for (let form = 0; form < forms.length; form += 1) {
    const { w, h } = forms[form];
    for (const ab of arounds) {
      for (const anchor of anchors) {
        const b = candidateBox(anchor, ab, w, h, isArea ? 0 : o.gap);
        if (!inside(b, inner) || (it.within && !centredIn(b, it.within))) continue;
        const padded = grow(b, o.pad);
        if (index.find(padded, false, notOwn) !== null) continue;
        if (dotBox && intersects(padded, dotBox)) continue;
        if (!index.hits(padded, true)) return { anchor, box: b, dotBox, cell, form };
        if (!fallback) fallback = { anchor, box: b, dotBox, cell, form };
      }
    }
    for (const p of grid) {
      const b = candidateBox('C', box(p.x, p.y, p.x, p.y), w, h, 0);
      if (!inside(b, inner)) continue;
      const padded = grow(b, o.pad);
      if (index.find(padded, false, notOwn) !== null) continue;
      if (!index.hits(padded, true)) return { anchor: 'C', box: b, dotBox, cell, form };
      if (!fallback) fallback = { anchor: 'C', box: b, dotBox, cell, form };
    }
  }
  if (fallback || !it.leader || !it.anchorBox) return fallback;
  // a direct label with no room beside its feature: a little farther out, with a leader line back to it
  for (const d of LEADER_STEPS) {
    for (const anchor of anchors.concat(DIAGONALS)) {
      const b = diagonalBox(anchor, grow(around, d), it.w, it.h, o.gap) || candidateBox(anchor, grow(around, d), it.w, it.h, o.gap);
      if (!inside(b, inner)) continue;
      const padded = grow(b, o.pad);
      const line = leaderLine(b, around, it.target);
      if (index.find(padded, false, notOwn) !== null || index.find(lineBox(line), false, notOwn) !== null) continue;
      const pos = { anchor, box: b, dotBox, cell, form: 0, leader: line };
      if (!index.hits(padded, true)) return pos;
      if (!fallback) fallback = pos;
    }
  }
  return fallback;
}

/** Corner positions tried with a leader: the label off a corner of the (grown) box, diagonally. */
export const DIAGONALS = Object.freeze(['SE', 'SW', 'NE', 'NW']);

/** The box of a w×h label off a corner of box `a` (SE: below right), `gap` px from it; null for another anchor. */
export function diagonalBox(anchor, a, w, h, gap) {
  switch (anchor) {
    case 'SE': return box(a.x1 + gap, a.y1 + gap, a.x1 + gap + w, a.y1 + gap + h);
    case 'SW': return box(a.x0 - gap - w, a.y1 + gap, a.x0 - gap, a.y1 + gap + h);
    case 'NE': return box(a.x1 + gap, a.y0 - gap - h, a.x1 + gap + w, a.y0 - gap);
    case 'NW': return box(a.x0 - gap - w, a.y0 - gap - h, a.x0 - gap, a.y0 - gap);
    default: return null;
  }
}

/** How far (px) beyond its feature's box a direct label may go, with a leader line, when nothing beside it is free. */
export const LEADER_STEPS = Object.freeze([12, 24, 36, 52]);

/**
 * The leader from a label's box to its feature: [x0, y0, x1, y1] (CSS px, y down), from the point of the label
 * nearest the feature to `target` ({x, y}: a point of the feature, e.g. inside an area or on a line) or, without
 * one, to the point of the feature's box (a symbol) nearest the label's centre.
 */
export function leaderLine(label, feature, target) {
  const clampTo = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const lx = (label.x0 + label.x1) / 2; const ly = (label.y0 + label.y1) / 2;
  const end = target && Number.isFinite(target.x) && Number.isFinite(target.y) ? [target.x, target.y]
    : [clampTo(lx, feature.x0, feature.x1), clampTo(ly, feature.y0, feature.y1)];
  return [clampTo(end[0], label.x0, label.x1), clampTo(end[1], label.y0, label.y1), end[0], end[1]];
}

/** The middle part of a leader as a box (its ends touch the label and the feature, which it may), for collisions. */
function lineBox(l) {
  const mx = (l[0] + l[2]) / 2; const my = (l[1] + l[3]) / 2;
  const hx = Math.abs(l[2] - l[0]) / 4; const hy = Math.abs(l[3] - l[1]) / 4;
  return { x0: mx - hx - 1, y0: my - hy - 1, x1: mx + hx + 1, y1: my + hy + 1 };
}

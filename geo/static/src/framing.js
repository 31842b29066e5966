/**
 * framing.js — opening the map on a box (the export's --bbox, the features active over the slider's range, a
 * chapter's features): Leaflet's fitBounds at the map's half-step zoom, into the part of the map the open panels
 * leave free, so it fits any window. Re-fitted when the map is resized, the still-image layout is switched on or a
 * chapter is opened, until the reader moves or zooms the map themself. Bounds are Leaflet's [[south, west],
 * [north, east]] in EPSG:4326 degrees (geo/framing.py makes them). freeInsets and unionArea are pure.
 */

/* global L */

/** The most a framing zooms in (the same cap as geo/framing.py's MAX_FIT_ZOOM). */
export const MAX_FIT_ZOOM = 11;
/** Room kept between the framed features and the map edge or a panel (CSS px). */
export const FIT_MARGIN = 18;

/**
 * The insets (CSS px from each edge) of the largest rectangle of a width × height map that no box covers.
 * Boxes are {left, top, right, bottom} in map pixels; boxes smaller than `ignore` of the map's area (buttons)
 * are left out, and at most `limit` of the largest are considered. Each box is cleared by pushing one edge of
 * the free rectangle past it; every combination is tried (4^n, n ≤ limit), the largest area wins.
 */
export function freeInsets(width, height, boxes, opts) {
  const o = Object.assign({ ignore: 0.02, limit: 7 }, opts || {});
  const area = width * height;
  const clipped = [];
  for (const b of boxes || []) {
    const c = {
      left: Math.max(0, b.left), top: Math.max(0, b.top),
      right: Math.min(width, b.right), bottom: Math.min(height, b.bottom),
    };
    const a = (c.right - c.left) * (c.bottom - c.top);
    if (c.right > c.left && c.bottom > c.top && a >= o.ignore * area) clipped.push(Object.assign(c, { a }));
  }
  clipped.sort((x, y) => y.a - x.a);
  const list = clipped.slice(0, o.limit);
  let best = { top: 0, right: 0, bottom: 0, left: 0 };
  let bestArea = -1;
  const n = list.length;
  const total = 4 ** n;
  for (let code = 0; code < total; code += 1) {
    const ins = { top: 0, right: 0, bottom: 0, left: 0 };
    let c = code;
    for (let i = 0; i < n; i += 1) {
      const b = list[i];
      const side = c % 4;
      c = Math.floor(c / 4);
      if (side === 0) ins.left = Math.max(ins.left, b.right);
      else if (side === 1) ins.right = Math.max(ins.right, width - b.left);
      else if (side === 2) ins.top = Math.max(ins.top, b.bottom);
      else ins.bottom = Math.max(ins.bottom, height - b.top);
    }
    const w = width - ins.left - ins.right;
    const h = height - ins.top - ins.bottom;
    const a = w > 0 && h > 0 ? w * h : 0;
    if (a > bestArea) {
      bestArea = a;
      best = ins;
    }
  }
  return best;
}

/** The area (px²) of the union of boxes {left, top, right, bottom}, clipped to the width × height map. */
export function unionArea(width, height, boxes) {
  const rects = (boxes || []).map((b) => [Math.max(0, b.left), Math.max(0, b.top), Math.min(width, b.right),
    Math.min(height, b.bottom)]).filter((r) => r[2] > r[0] && r[3] > r[1]);
  const xs = [...new Set(rects.flatMap((r) => [r[0], r[2]]))].sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i + 1 < xs.length; i += 1) {
    const x0 = xs[i];
    const x1 = xs[i + 1];
    const spans = rects.filter((r) => r[0] <= x0 && r[2] >= x1).map((r) => [r[1], r[3]]).sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let top = null;
    let bottom = null;
    for (const [t, b] of spans) {
      if (bottom === null || t > bottom) {
        if (bottom !== null) covered += bottom - top;
        top = t;
        bottom = b;
      } else bottom = Math.max(bottom, b);
    }
    if (bottom !== null) covered += bottom - top;
    total += covered * (x1 - x0);
  }
  return total;
}

/** Boxes of every visible control and of the headline, in map pixels (a layout read). */
export function controlBoxes(map) {
  const container = map.getContainer();
  const mapBox = container.getBoundingClientRect();
  const out = [];
  for (const node of container.querySelectorAll('.leaflet-control-container .leaflet-control, .pm-headline')) {
    const r = node.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    out.push({ left: r.left - mapBox.left, top: r.top - mapBox.top, right: r.right - mapBox.left,
      bottom: r.bottom - mapBox.top });
  }
  return out;
}

/** Leaflet fit options for the free part of the map (paddings in px, the half-step zoom, the zoom cap). */
export function fitOptions(map) {
  const size = map.getSize();
  const ins = freeInsets(size.x, size.y, controlBoxes(map));
  // a free part too small to frame anything in (a tiny map under open panels): frame the whole map
  const tooSmall = size.x - ins.left - ins.right < 120 || size.y - ins.top - ins.bottom < 90;
  const pad = tooSmall ? { top: 0, right: 0, bottom: 0, left: 0 } : ins;
  return {
    paddingTopLeft: L.point(pad.left + FIT_MARGIN, pad.top + FIT_MARGIN),
    paddingBottomRight: L.point(pad.right + FIT_MARGIN, pad.bottom + FIT_MARGIN),
    maxZoom: MAX_FIT_ZOOM,
  };
}

/** A valid L.LatLngBounds from payload bounds [[s, w], [n, e]], or null. */
export function toBounds(b) {
  if (!Array.isArray(b) || b.length !== 2 || ![...b[0] || [], ...b[1] || []].every(Number.isFinite)) return null;
  const bounds = L.latLngBounds(b[0], b[1]);
  return bounds.isValid() ? bounds : null;
}

/**
 * The framing of one map: `frame(bounds, {animate})` fits the box now and keeps it as the current frame; `refit()`
 * fits the current frame again (after a resize or a layout change) unless the reader has moved the map since.
 * Returns null-safe no-ops while there is nothing to frame.
 */
export function createFraming(ctx) {
  const map = ctx.map;
  let current = toBounds(ctx.payload.initial && ctx.payload.initial.bounds);
  let ours = false; // true while a move is our own
  let moved = false; // the reader has moved or zoomed the map since the last framing
  const mine = (fn) => {
    ours = true;
    try {
      fn();
    } finally {
      ours = false;
    }
  };
  // any move that is not ours (drag, wheel, keys, a popup's auto-pan, a view the app sets) ends the framing; a
  // resize moves the map without 'movestart' (Leaflet's invalidateSize pans raw)
  map.on('movestart zoomstart', () => { if (!ours) moved = true; });

  function usable() {
    const s = map.getSize();
    return s.x >= 60 && s.y >= 60;
  }

  /** Fits `bounds` (L.LatLngBounds) into the free part of the map; animate: fly there. */
  function frame(bounds, opts) {
    if (!bounds) return false;
    current = bounds;
    moved = false;
    if (!usable()) return true; // fitted on the first resize that gives the map a size
    const o = fitOptions(map);
    if (opts && opts.animate) {
      mine(() => map.flyToBounds(bounds, Object.assign(o, { duration: opts.duration || 1.2 })));
    } else {
      mine(() => map.fitBounds(bounds, Object.assign(o, { animate: false })));
    }
    return true;
  }

  function refit() {
    if (!current || moved || !usable()) return;
    const o = fitOptions(map);
    mine(() => map.fitBounds(current, Object.assign(o, { animate: false })));
  }

  return { frame, refit, current: () => current, moved: () => moved };
}

/**
 * obstacles.js — what the labels must not cover, as boxes in the map container's CSS pixels (x right, y down),
 * for the placer (placer.js): every Leaflet control and panel and the headline block (read from the DOM), the
 * presence symbols on the map today (hard, tagged `symbol`: a place on one is labelled around it) and the presence
 * lines (soft: a label avoids them where it can). Symbols and lines come from the map's projection, not from the
 * DOM, so a date change reads no marker layout. Projected line vertices are cached per feature and zoom.
 */

/* global L */

import { isLineGeometry } from './geometry.js';

/** Room kept free around the controls and panels (px, on top of the placer's padding). */
export const UI_GAP = 4;
/** Soft obstacles along the presence lines: a box of ±LINE_R px every LINE_STEP px. */
export const LINE_STEP = 6;
export const LINE_R = 2.5;

/** Boxes every LINE_STEP px along a polyline of container pixels [{x, y}], the parts inside w×h only. */
export function lineBoxes(points, w, h, out) {
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1];
    const b = points[i];
    if (Math.max(a.x, b.x) < 0 || Math.min(a.x, b.x) > w || Math.max(a.y, b.y) < 0 || Math.min(a.y, b.y) > h) continue;
    const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / LINE_STEP));
    for (let k = 0; k <= n; k += 1) {
      const x = a.x + ((b.x - a.x) * k) / n;
      const y = a.y + ((b.y - a.y) * k) / n;
      out.push({ x0: x - LINE_R, y0: y - LINE_R, x1: x + LINE_R, y1: y + LINE_R, soft: true });
    }
  }
  return out;
}

/** The box of a marker's icon (its iconSize around its point, 1 px more), in container pixels. */
export function markerBox(map, marker, zoom, origin) {
  const p = map.project(marker.getLatLng(), zoom).subtract(origin);
  const s = (marker.options.icon && marker.options.icon.options.iconSize) || [16, 16];
  return { x0: p.x - s[0] / 2 - 1, y0: p.y - s[1] / 2 - 1, x1: p.x + s[0] / 2 + 1, y1: p.y + s[1] / 2 + 1, x: p.x, y: p.y };
}

export function createObstacles(ctx) {
  const map = ctx.map;
  const lineCache = new Map(); // feature id → {zoom, lines: [[absolute pixel points]]}
  let uiBoxes = null; // the controls' boxes, read again only after invalidate() (a control changed size, a resize)
  let uiVersion = 0;

  /** Forget the controls' boxes: the next ui() reads them again (and version() changes). */
  function invalidate() {
    uiBoxes = null;
    uiVersion += 1;
  }

  /**
   * Reads the controls' boxes now (call it where layout is clean: in a ResizeObserver callback it forces none) and
   * says whether they changed; only then version() changes.
   */
  function refreshUi() {
    const next = readUi();
    const same = uiBoxes && uiBoxes.length === next.length && next.every((b, i) => ['x0', 'y0', 'x1', 'y1']
      .every((k) => Math.abs(b[k] - uiBoxes[i][k]) < 0.5));
    if (same) return false;
    uiBoxes = next;
    uiVersion += 1;
    return true;
  }

  /**
   * The controls, panels and the headline block, as boxes in container pixels. A layout read, so it is kept until
   * invalidate() (labels.js calls it when a control corner or the headline changes size, and on resize): a date
   * change reads no layout for it.
   */
  function ui() {
    if (!uiBoxes) uiBoxes = readUi();
    return uiBoxes;
  }

  function readUi() {
    const out = [];
    const container = map.getContainer();
    const cbox = container.getBoundingClientRect();
    const nodes = new Set(container.querySelectorAll('.leaflet-control, .pm-headline'));
    for (const n of document.querySelectorAll('.pm-headline')) nodes.add(n);
    for (const n of nodes) {
      const r = n.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      out.push({ x0: r.left - cbox.left - UI_GAP, y0: r.top - cbox.top - UI_GAP, x1: r.right - cbox.left + UI_GAP,
        y1: r.bottom - cbox.top + UI_GAP });
    }
    return out;
  }

  /**
   * The presence symbols on the map (hard, `symbol`) and its lines (soft), at `zoom`, seen from `origin`, in view
   * only (a label never leaves the map): {boxes, ids} (ids: the features that gave boxes; with the view they
   * determine the boxes, so labels.js compares them to know whether anything changed).
   */
  function data(zoom, origin, size) {
    const out = [];
    const ids = [];
    for (const en of ctx.entries) {
      if (!en.on || !en.layer) continue;
      const n = out.length;
      for (const m of en.markers) {
        if (!map.hasLayer(m)) continue;
        const b = markerBox(map, m, zoom, origin);
        if (b.x1 < 0 || b.y1 < 0 || b.x0 > size.x || b.y0 > size.y) continue;
        out.push({ x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1, symbol: true });
      }
      if (en.f.g && isLineGeometry(en.f.g.type)) {
        for (const line of projectedLines(en.f, zoom)) {
          lineBoxes(line.map((p) => ({ x: p.x - origin.x, y: p.y - origin.y })), size.x, size.y, out);
        }
      }
      if (out.length > n) ids.push(en.f.id);
    }
    return { boxes: out, ids };
  }

  function projectedLines(f, zoom) {
    let cached = lineCache.get(f.id);
    if (!cached || cached.zoom !== zoom) {
      const lines = f.g.type === 'LineString' ? [f.g.coordinates] : f.g.coordinates;
      cached = { zoom, lines: lines.map((line) => line.map((c) => map.project(L.latLng(c[1], c[0]), zoom))) };
      lineCache.set(f.id, cached);
    }
    return cached.lines;
  }

  return { ui, data, invalidate, refreshUi, version: () => uiVersion };
}

/**
 * userlayer/canvas.js — the canvas renderer of a big user layer: one Leaflet renderer (L.Renderer: positioned and
 * zoom-animated like L.Canvas) in the 'pm-user' pane that draws the features on the map (flags of the model): areas
 * (even-odd fill), then lines (one batched path), then the symbols. The symbols are stamped in JavaScript into one
 * pixel buffer (device pixels) from a sprite painted once (raster.js) and handed to the canvas with putImageData: in
 * Chromium's software canvas that is several times cheaper than a drawImage call per point. Features outside the
 * view are skipped. A move, a zoom or a visibility change redraws everything. A date step redraws only where
 * something changed (points-only layers): the buffer is kept, and for each feature that entered or left, its
 * symbol's square is cleared in it and every feature on the map whose symbol touches the square (found with the hit
 * grid) is stamped again, in index order, clipped to the square; then only the box around the changed squares is put.
 * The pixels are exactly those of a full redraw (the same stamps in the same order on every pixel), at a cost that
 * follows the changes, not the features on the map. Redraws happen at most once a frame. The canvas lets clicks
 * through (pointer-events: none): clicks are hit-tested by the layer manager (hit.js). Leaflet (global L) and the DOM
 * are used only when called.
 */

/* global L */

import { blit, bucketStamps, clearRect, clipRect, makeStamp, stampsNear } from './raster.js';
import { paintSymbol, userAreaStyle, userLineStyle } from './symbols.js';

export const SYMBOL_PX = 10;
const PAD = 2;
/** More changes than this in one frame: one full redraw is cheaper than redrawing their squares. */
const FULL_AFTER = 2500;

/** The layer's symbol as a stamp, at the device pixel ratio. */
function makeSpriteStamp(symbol, color, ratio) {
  const side = (SYMBOL_PX + 2 * PAD) * ratio;
  const sprite = document.createElement('canvas');
  sprite.width = side;
  sprite.height = side;
  const g = sprite.getContext('2d');
  g.scale(ratio, ratio);
  paintSymbol(g, symbol, color, PAD, PAD, SYMBOL_PX);
  return makeStamp(g.getImageData(0, 0, side, side).data, side, side);
}

/**
 * A canvas layer for `ul` ({model, geo, def}: see index.js). Returns {kind, layer (add it to the map), redraw(),
 * redrawSoon(), enter(i), leave(i), stats()}: stats().drawn = features drawn now (those in view), paints, partial
 * (paints of the changes only), paintMs (the last paint's time).
 */
export function createCanvasLayer(ctx, ul) {
  const ratio = window.devicePixelRatio >= 1.5 ? 2 : 1;
  const stamp = makeSpriteStamp(ul.def.symbol, ul.def.color, ratio);
  const lineStyle = userLineStyle(ul.def.color);
  const areaStyle = userAreaStyle(ul.def.color);
  const half = (SYMBOL_PX / 2 + PAD) * ratio;
  let drawn = 0;
  let paints = 0;
  let paintMs = 0;
  let partial = 0; // paints that redrew only the changes
  let pending = 0;
  let full = true; // the next paint redraws everything (a move, a zoom, visibility, too many changes)
  let dirty = []; // features that entered or left since the last paint
  let image = null; // the points' pixel buffer, kept while the canvas keeps its size
  let synced = false; // the canvas holds exactly `image` (points-only, visible, last paint a full one)
  let corners = null; // drawChanges: the stamps' top-left corners (buffer pixels), reused
  let spare = null; // mixed layers: the points go through this canvas, over the shapes

  const Layer = L.Renderer.extend({
    options: { padding: 0.1, pane: 'pm-user' },

    _initContainer() {
      const canvas = document.createElement('canvas');
      canvas.className = 'pm-user-canvas';
      canvas.setAttribute('aria-hidden', 'true'); // the list panel is the text alternative
      this._container = canvas;
      this._ctx = canvas.getContext('2d');
    },

    _destroyContainer() {
      if (pending) window.cancelAnimationFrame(pending);
      pending = 0;
      L.DomUtil.remove(this._container);
      this._ctx = null;
    },

    _update() {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      const b = this._bounds;
      const size = b.getSize();
      const canvas = this._container;
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = ratio * size.x;
      canvas.height = ratio * size.y;
      canvas.style.width = size.x + 'px';
      canvas.style.height = size.y + 'px';
      full = true;
      paint(this);
    },
  });

  const layer = new Layer();

  /** Draws what changed since the last paint now, or everything (see the module doc). */
  function paint(self) {
    const g = self._ctx;
    if (!g || !self._map) return;
    const t0 = window.performance.now();
    if (full || !synced || ul.geo.paths || !ul.visible) draw(self, g); else drawChanges(self, g);
    full = false;
    dirty = [];
    paintMs = window.performance.now() - t0;
  }

  /** The view: zoom scale, pixel origin, the canvas's top-left corner and the box (layer pixels) of drawn anchors. */
  function viewOf(self) {
    const b = self._bounds;
    const map = self._map;
    return { s: Math.pow(2, map.getZoom()), origin: map.getPixelOrigin(), min: b.min,
      x0: b.min.x - 12, y0: b.min.y - 12, x1: b.max.x + 12, y1: b.max.y + 12 };
  }

  /** A feature entered or left (on[i] already says which): its square is redrawn at the next paint. */
  function changed(i) {
    if (full) return;
    if (dirty.length >= FULL_AFTER || ul.geo.paths || !layer._map) {
      full = true;
      dirty = [];
      return;
    }
    dirty.push(i);
    const w = viewOf(layer);
    const x = ul.geo.u[i] * w.s - w.origin.x;
    const y = ul.geo.v[i] * w.s - w.origin.y;
    if (ul.visible && x >= w.x0 && x <= w.x1 && y >= w.y0 && y <= w.y1) drawn += ul.model.on[i] ? 1 : -1;
  }

  /** Redraws the squares of the changed features in the kept buffer and puts their box (points-only layers). */
  function drawChanges(self, g) {
    const view = viewOf(self);
    const { u, v } = ul.geo;
    const on = ul.model.on;
    const n = u.length;
    const { s } = view;
    const ox = view.origin.x; const oy = view.origin.y;
    const mx = view.min.x; const my = view.min.y;
    const width = image.width; const height = image.height;
    const buf = new Uint32Array(image.data.buffer);
    paints += 1;
    partial += 1;
    // the stamps a full redraw would make now, in its order, bucketed by place
    if (!corners || corners.x.length !== n) corners = { x: new Int32Array(n), y: new Int32Array(n) };
    const xs = corners.x; const ys = corners.y;
    let count = 0;
    for (let i = 0; i < n; i += 1) {
      if (!on[i]) continue;
      const x = u[i] * s - ox; const y = v[i] * s - oy;
      if (x < view.x0 || x > view.x1 || y < view.y0 || y > view.y1) continue;
      xs[count] = Math.round((x - mx) * ratio - half);
      ys[count] = Math.round((y - my) * ratio - half);
      count += 1;
    }
    const buckets = bucketStamps(xs, ys, count, stamp.w, width, height);
    const near = [];
    let box = null;
    for (const i of dirty) {
      const sx = Math.round((u[i] * s - ox - mx) * ratio - half);
      const sy = Math.round((v[i] * s - oy - my) * ratio - half);
      const clip = clipRect(width, height, sx, sy, sx + stamp.w, sy + stamp.h);
      if (!clip) continue;
      clearRect(buf, width, clip);
      for (const k of stampsNear(buckets, sx, sy, near)) blit(buf, width, height, stamp, xs[k], ys[k], clip);
      box = box ? { x0: Math.min(box.x0, clip.x0), y0: Math.min(box.y0, clip.y0), x1: Math.max(box.x1, clip.x1),
        y1: Math.max(box.y1, clip.y1) } : clip;
    }
    if (box) g.putImageData(image, 0, 0, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  }

  function draw(self, g) {
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, g.canvas.width, g.canvas.height);
    paints += 1;
    drawn = 0;
    synced = false;
    if (!ul.visible) return;
    const b = self._bounds;
    const view = viewOf(self);
    if (ul.geo.paths) {
      g.setTransform(ratio, 0, 0, ratio, -b.min.x * ratio, -b.min.y * ratio);
      drawShapes(g, view);
      g.setTransform(1, 0, 0, 1, 0, 0);
    }
    const width = g.canvas.width;
    const height = g.canvas.height;
    if (!image || image.width !== width || image.height !== height) image = g.createImageData(width, height);
    const buf = new Uint32Array(image.data.buffer);
    buf.fill(0);
    drawPoints(buf, width, height, view);
    if (!ul.geo.paths) {
      g.putImageData(image, 0, 0);
      synced = true;
      return;
    }
    // over the shapes: through a second canvas (putImageData replaces pixels, drawImage composites them)
    if (!spare) spare = document.createElement('canvas');
    spare.width = width;
    spare.height = height;
    spare.getContext('2d').putImageData(image, 0, 0);
    g.drawImage(spare, 0, 0);
  }

  function drawPoints(buf, width, height, view) {
    const { u, v, geometry, paths, vertices, vu, vv } = ul.geo;
    const on = ul.model.on;
    const n = u.length;
    const { s } = view;
    const ox = view.origin.x; const oy = view.origin.y;
    const mx = view.min.x; const my = view.min.y;
    const put = (x, y) => {
      if (x < view.x0 || x > view.x1 || y < view.y0 || y > view.y1) return false;
      blit(buf, width, height, stamp, Math.round((x - mx) * ratio - half), Math.round((y - my) * ratio - half));
      return true;
    };
    for (let i = 0; i < n; i += 1) {
      if (!on[i]) continue;
      const kind = geometry ? geometry[i] : 0;
      if (kind === 0) {
        if (put(u[i] * s - ox, v[i] * s - oy)) drawn += 1;
      } else if (kind === 1) {
        let any = false;
        for (let p = paths[i]; p < paths[i + 1]; p += 1) {
          const k = vertices[p];
          if (put(vu[k] * s - ox, vv[k] * s - oy)) any = true;
        }
        if (any) drawn += 1;
      }
    }
  }

  function inView(i, view) {
    const box = ul.boxes();
    const { s } = view;
    return !(box.x1[i] * s - view.origin.x < view.x0 || box.x0[i] * s - view.origin.x > view.x1 ||
      box.y1[i] * s - view.origin.y < view.y0 || box.y0[i] * s - view.origin.y > view.y1);
  }

  function tracePaths(g, i, view) {
    const { paths, vertices, vu, vv } = ul.geo;
    for (let p = paths[i]; p < paths[i + 1]; p += 1) {
      const k0 = vertices[p]; const k1 = vertices[p + 1];
      for (let k = k0; k < k1; k += 1) {
        const x = vu[k] * view.s - view.origin.x; const y = vv[k] * view.s - view.origin.y;
        if (k === k0) g.moveTo(x, y); else g.lineTo(x, y);
      }
    }
  }

  function drawShapes(g, view) {
    const { geometry } = ul.geo;
    const on = ul.model.on;
    const n = geometry.length;
    g.lineJoin = 'round';
    g.lineCap = 'round';
    // areas one by one (even-odd within a feature; overlapping features stay filled)
    g.fillStyle = areaStyle.fillColor;
    g.strokeStyle = areaStyle.color;
    g.lineWidth = areaStyle.weight;
    for (let i = 0; i < n; i += 1) {
      if (!on[i] || geometry[i] !== 3 || !inView(i, view)) continue;
      g.beginPath();
      tracePaths(g, i, view);
      g.globalAlpha = areaStyle.fillOpacity;
      g.fill('evenodd');
      g.globalAlpha = areaStyle.opacity;
      g.stroke();
      drawn += 1;
    }
    // lines in one path
    g.globalAlpha = lineStyle.opacity;
    g.strokeStyle = lineStyle.color;
    g.lineWidth = lineStyle.weight;
    g.beginPath();
    for (let i = 0; i < n; i += 1) {
      if (!on[i] || geometry[i] !== 2 || !inView(i, view)) continue;
      tracePaths(g, i, view);
      drawn += 1;
    }
    g.stroke();
    g.globalAlpha = 1;
  }

  /** Redraws at the next frame (several changes in one frame draw once). */
  function redrawSoon() {
    if (pending || !layer._map) return;
    pending = window.requestAnimationFrame(() => {
      pending = 0;
      paint(layer);
    });
  }

  return {
    kind: 'canvas',
    layer,
    enter: changed,
    leave: changed,
    redraw: () => { full = true; paint(layer); },
    redrawSoon,
    stats: () => ({ drawn, paints, partial, paintMs }),
  };
}

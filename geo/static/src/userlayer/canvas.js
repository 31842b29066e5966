/**
 * userlayer/canvas.js — the canvas renderer of a big user layer: one Leaflet renderer (L.Renderer: positioned and
 * zoom-animated like L.Canvas) in the 'pm-user' pane that draws the features on the map (flags of the model): areas
 * (even-odd fill), then lines (one batched path), then the symbols. The symbols are stamped in JavaScript into one
 * pixel buffer (device pixels) from a sprite painted once (raster.js) and handed to the canvas with putImageData: in
 * Chromium's software canvas that is several times cheaper than a drawImage call per point. They are stamped in the
 * order of the features' first days (a later start over an earlier one). Features outside the view are skipped. A
 * move, a zoom or a visibility change redraws everything (at the next frame). A date step on a points-only layer
 * redraws only what changed, at once (so the new date's pixels are ready for the frame the step is shown in): the
 * buffer is kept, the features that entered on a forward step are stamped on top, and the square of every other
 * feature that changed is cleared and drawn again (redraw.js); only the box around the changes is put. The pixels
 * are exactly those of a full redraw, at a cost that follows the changes, not the features on the map. The canvas
 * lets clicks through (pointer-events: none): clicks are hit-tested by the layer manager (hit.js). Leaflet (global
 * L) and the DOM are used only when called.
 */

/* global L */

import { blit, cropToInk, makeStamp } from './raster.js';
import { applyChanges, drawAll, placeStamps, ranksOf } from './redraw.js';
import { paintSymbol, userAreaStyle, userLineStyle } from './symbols.js';

export const SYMBOL_PX = 10;
const PAD = 2;
/** More changes than this in one frame: one full redraw is cheaper than redrawing their squares. */
const FULL_AFTER = 2500;
/** ... or than this share of the stamps drawn (a dense layer: each change's square holds many of them). */
const FULL_SHARE = 0.5;
/** CSS pixels around the features' box that the canvas keeps (line and area strokes reach past their vertices). */
const EXTENT_MARGIN = 4;

/**
 * The layer's symbol as a stamp, at the device pixel ratio, cropped to its ink: {stamp, dx, dy} (dx, dy: the crop's
 * offset in the full sprite, whose centre is the feature's anchor).
 */
function makeSpriteStamp(symbol, color, ratio) {
  const side = (SYMBOL_PX + 2 * PAD) * ratio;
  const sprite = document.createElement('canvas');
  sprite.width = side;
  sprite.height = side;
  const g = sprite.getContext('2d');
  g.scale(ratio, ratio);
  paintSymbol(g, symbol, color, PAD, PAD, SYMBOL_PX);
  const ink = cropToInk(g.getImageData(0, 0, side, side).data, side, side);
  return { stamp: makeStamp(ink.rgba, ink.w, ink.h), dx: ink.dx, dy: ink.dy };
}

/**
 * A canvas layer for `ul` ({model, geo, def}: see index.js). Returns {kind, layer (add it to the map), redraw(),
 * redrawSoon(), enter(i), leave(i), stats()}: stats().drawn = features drawn now (those in view), paints, partial
 * (paints of the changes only), paintMs (the last paint's time).
 */
export function createCanvasLayer(ctx, ul) {
  const ratio = window.devicePixelRatio >= 1.5 ? 2 : 1;
  const { stamp, dx: inkX, dy: inkY } = makeSpriteStamp(ul.def.symbol, ul.def.color, ratio);
  const lineStyle = userLineStyle(ul.def.color);
  const areaStyle = userAreaStyle(ul.def.color);
  const half = (SYMBOL_PX / 2 + PAD) * ratio;
  let drawn = 0;
  let paints = 0;
  let paintMs = 0;
  let partial = 0; // paints that redrew only the changes
  let pending = 0;
  let full = true; // the next paint redraws everything (a move, a zoom, visibility, too many changes)
  let dirty = new Int32Array(FULL_AFTER); // the ranks of the features that entered or left since the last paint
  let dirtyCount = 0;
  let image = null; // the points' pixel buffer, kept while the canvas keeps its size
  let pixels = null; // the same pixels as one Uint32Array (0xAABBGGRR)
  let synced = false; // the canvas holds exactly `image` (points-only, visible, last paint a full one)
  let order = null; // the drawing order: feature indices by first day (the time index's by_start)
  let rank = null; // rank[f]: feature f's place in that order
  let field = null; // points-only: every feature's stamp in this view, and their grid (redraw.js)
  let fieldKey = ''; // the view the field was placed for
  let shown = null; // points-only: the flags the buffer shows, by rank
  let paintedDay = null; // the model's day the buffer shows
  let view = null; // the view of the last full paint (viewOf), until the next move or zoom
  const scratch = {};
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
      // the canvas covers the renderer's bounds where the layer has features, not the whole padded view
      const box = canvasBox(this._map, this._bounds);
      this._box = box;
      this._shift = box.min.subtract(this._bounds.min);
      const size = box.getSize();
      const canvas = this._container;
      L.DomUtil.setPosition(canvas, box.min);
      canvas.width = ratio * size.x;
      canvas.height = ratio * size.y;
      canvas.style.width = size.x + 'px';
      canvas.style.height = size.y + 'px';
      full = true;
      paint(this);
    },

    /** As L.Renderer's (zoom animation), for a canvas that starts `_shift` pixels inside the renderer's bounds. */
    _updateTransform(center, zoom) {
      const map = this._map;
      const scale = map.getZoomScale(zoom, this._zoom);
      const viewHalf = map.getSize().multiplyBy(0.5 + this.options.padding);
      const at = viewHalf.multiplyBy(-scale).add(map.project(this._center, zoom))
        .subtract(map._getNewPixelOrigin(center, zoom)).add(this._shift.multiplyBy(scale));
      if (L.Browser.any3d) L.DomUtil.setTransform(this._container, at, scale); else L.DomUtil.setPosition(this._container, at);
    },
  });

  let extent = null; // the features' box at zoom 0 (world pixels), with a margin for symbols and strokes

  /** The part of `bounds` (layer pixels) the layer's features can draw on (at least one pixel): an L.Bounds. */
  function canvasBox(map, bounds) {
    if (!extent) {
      const box = ul.boxes();
      extent = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
      for (let i = 0; i < box.x0.length; i += 1) {
        extent.x0 = Math.min(extent.x0, box.x0[i]); extent.y0 = Math.min(extent.y0, box.y0[i]);
        extent.x1 = Math.max(extent.x1, box.x1[i]); extent.y1 = Math.max(extent.y1, box.y1[i]);
      }
    }
    const s = Math.pow(2, map.getZoom());
    const o = map.getPixelOrigin();
    const m = SYMBOL_PX / 2 + PAD + EXTENT_MARGIN;
    const x0 = Math.max(bounds.min.x, Math.floor(extent.x0 * s - o.x - m));
    const y0 = Math.max(bounds.min.y, Math.floor(extent.y0 * s - o.y - m));
    const x1 = Math.min(bounds.max.x, Math.ceil(extent.x1 * s - o.x + m));
    const y1 = Math.min(bounds.max.y, Math.ceil(extent.y1 * s - o.y + m));
    if (!(x0 < x1 && y0 < y1)) return L.bounds(bounds.min, bounds.min.add([1, 1]));
    return L.bounds([x0, y0], [x1, y1]);
  }

  const layer = new Layer();

  /** Draws what changed since the last paint now, or everything (see the module doc). */
  function paint(self) {
    const g = self._ctx;
    if (!g || !self._map) return;
    const t0 = window.performance.now();
    if (!order) {
      order = ul.model.index.byStart;
      rank = ranksOf(order);
    }
    if (partialNext()) drawChanges(g); else draw(self, g);
    full = false;
    dirtyCount = 0;
    paintedDay = ul.model.day();
    paintMs = window.performance.now() - t0;
  }

  /** The next paint can redraw the changes only (a points-only layer shown, its buffer on the canvas). */
  function partialNext() {
    return !full && synced && !ul.geo.paths && ul.visible;
  }

  /** The view: zoom scale, pixel origin, the canvas's top-left corner and the box (layer pixels) of drawn anchors. */
  function viewOf(self) {
    const b = self._bounds;
    const map = self._map;
    return { s: Math.pow(2, map.getZoom()), origin: map.getPixelOrigin(), min: self._box.min,
      x0: b.min.x - 12, y0: b.min.y - 12, x1: b.max.x + 12, y1: b.max.y + 12 };
  }

  /** A feature entered or left (on[i] already says which): its square is redrawn at the next paint. */
  function changed(i) {
    if (full) return;
    if (dirtyCount >= Math.max(FULL_AFTER, FULL_SHARE * drawn) || ul.geo.paths || !layer._map) {
      full = true;
      dirtyCount = 0;
      return;
    }
    if (dirtyCount === dirty.length) {
      const more = new Int32Array(2 * dirty.length);
      more.set(dirty);
      dirty = more;
    }
    dirty[dirtyCount] = rank[i];
    dirtyCount += 1;
    const w = view || viewOf(layer);
    const x = ul.geo.u[i] * w.s - w.origin.x;
    const y = ul.geo.v[i] * w.s - w.origin.y;
    if (ul.visible && x >= w.x0 && x <= w.x1 && y >= w.y0 && y <= w.y1) drawn += ul.model.on[i] ? 1 : -1;
  }

  /** Redraws the changes since the last paint in the kept buffer and puts their box (points-only layers). */
  function drawChanges(g) {
    paints += 1;
    partial += 1;
    const forward = paintedDay !== null && ul.model.day() > paintedDay;
    const box = applyChanges(pixels, field, stamp, order, ul.model.on, shown, dirty.subarray(0, dirtyCount), forward,
      scratch);
    if (box) g.putImageData(image, 0, 0, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  }

  function draw(self, g) {
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, g.canvas.width, g.canvas.height);
    paints += 1;
    drawn = 0;
    synced = false;
    if (!ul.visible) return;
    const b = self._box;
    view = viewOf(self);
    if (ul.geo.paths) {
      g.setTransform(ratio, 0, 0, ratio, -b.min.x * ratio, -b.min.y * ratio);
      drawShapes(g, view);
      g.setTransform(1, 0, 0, 1, 0, 0);
    }
    const width = g.canvas.width;
    const height = g.canvas.height;
    if (!image || image.width !== width || image.height !== height) {
      image = g.createImageData(width, height);
      pixels = new Uint32Array(image.data.buffer);
    }
    const buf = pixels;
    buf.fill(0);
    if (!ul.geo.paths) {
      // the stamps' places change with the view only: a full redraw after many changes in one step keeps them
      const key = [view.s, view.origin.x, view.origin.y, view.min.x, view.min.y, view.x0, view.y0, width, height].join();
      if (!field || fieldKey !== key) field = placeStamps(order, cornerIn(view), Math.max(stamp.w, stamp.h), width, height);
      fieldKey = key;
      if (!shown || shown.length !== order.length) shown = new Uint8Array(order.length);
      drawn = drawAll(buf, field, stamp, order, ul.model.on, shown);
      g.putImageData(image, 0, 0);
      synced = true;
      return;
    }
    drawPoints(buf, width, height, view);
    // over the shapes: through a second canvas (putImageData replaces pixels, drawImage composites them)
    if (!spare) spare = document.createElement('canvas');
    spare.width = width;
    spare.height = height;
    spare.getContext('2d').putImageData(image, 0, 0);
    g.drawImage(spare, 0, 0);
  }

  /** Where feature f's stamp goes in view `w`: its top-left corner (buffer pixels) into at; false when out of view. */
  function cornerIn(w) {
    const { u, v } = ul.geo;
    return (f, at) => {
      const x = u[f] * w.s - w.origin.x; const y = v[f] * w.s - w.origin.y;
      if (x < w.x0 || x > w.x1 || y < w.y0 || y > w.y1) return false;
      at[0] = Math.round((x - w.min.x) * ratio - half) + inkX;
      at[1] = Math.round((y - w.min.y) * ratio - half) + inkY;
      return true;
    };
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
      blit(buf, width, height, stamp, Math.round((x - mx) * ratio - half) + inkX,
        Math.round((y - my) * ratio - half) + inkY);
      return true;
    };
    for (let r = 0; r < n; r += 1) {
      const i = order[r];
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

  /** Redraws the changes of a date step now, or everything at the next frame (several moves in one frame draw once). */
  function redrawSoon() {
    if (!layer._map) return;
    if (!pending && partialNext()) {
      paint(layer);
      return;
    }
    if (pending) return;
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

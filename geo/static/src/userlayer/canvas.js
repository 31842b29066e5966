/**
 * userlayer/canvas.js — the canvas renderer of a big user layer: one Leaflet renderer (L.Renderer: positioned and
 * zoom-animated like L.Canvas) in the 'pm-user' pane that draws the features on the map (flags of the model): areas
 * (even-odd fill), then lines (one batched path), then the symbols, stamped from a sprite painted once; features
 * outside the view are skipped. A move or zoom redraws everything. A date step redraws only where something changed
 * (points-only layers): for each feature that entered or left, its symbol's square is cleared and every feature on
 * the map whose symbol touches it (found with the hit grid) is stamped again, in index order, clipped to it: the same
 * pixels a full redraw would give, at a cost that follows the changes, not the features on the map. Redraws happen
 * at most once a frame. The canvas lets clicks through (pointer-events: none): clicks are hit-tested by the layer
 * manager (hit.js). Leaflet (global L) and the DOM are used only when called.
 */

/* global L */

import { queryGrid } from './hit.js';
import { paintSymbol, userAreaStyle, userLineStyle } from './symbols.js';

export const SYMBOL_PX = 10;
const PAD = 2;
/** More changes than this in one frame: one full redraw is cheaper than redrawing their squares. */
const FULL_AFTER = 2500;

function makeSprite(symbol, color, ratio) {
  const side = (SYMBOL_PX + 2 * PAD) * ratio;
  const sprite = document.createElement('canvas');
  sprite.width = side;
  sprite.height = side;
  const g = sprite.getContext('2d');
  g.scale(ratio, ratio);
  paintSymbol(g, symbol, color, PAD, PAD, SYMBOL_PX);
  return sprite;
}

/**
 * A canvas layer for `ul` ({model, geo, def}: see index.js). Returns {layer (add it to the map), redraw(),
 * redrawSoon(), stats()}: stats().drawn = features drawn in the last paint (those in view).
 */
export function createCanvasLayer(ctx, ul) {
  const ratio = window.devicePixelRatio >= 1.5 ? 2 : 1;
  const sprite = makeSprite(ul.def.symbol, ul.def.color, ratio);
  const lineStyle = userLineStyle(ul.def.color);
  const areaStyle = userAreaStyle(ul.def.color);
  let drawn = 0;
  let paints = 0;
  let paintMs = 0;
  let partial = 0; // paints that redrew only the changes
  let pending = 0;
  let full = true; // the next paint redraws everything (a move, a zoom, visibility, too many changes)
  let dirty = []; // features that entered or left since the last paint
  const half = SYMBOL_PX / 2 + PAD;
  const side = SYMBOL_PX + 2 * PAD;

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

  /** Draws everything on the map now (the canvas is cleared first). */
  function paint(self) {
    const g = self._ctx;
    if (!g || !self._map) return;
    const t0 = window.performance.now();
    const grid = full || ul.geo.paths ? null : ul.gridOf(false);
    if (grid && ul.visible) drawChanges(self, g, grid); else draw(self, g);
    full = false;
    dirty = [];
    paintMs = window.performance.now() - t0;
  }

  /** The view: pixel origin, scale, and the box (layer pixels) inside which anchors are drawn. */
  function viewOf(self) {
    const b = self._bounds;
    const map = self._map;
    return { b, s: Math.pow(2, map.getZoom()), origin: map.getPixelOrigin(),
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

  /** Redraws the squares of the changed features (points-only layers; see the module doc). */
  function drawChanges(self, g, grid) {
    const w = viewOf(self);
    const { u, v } = ul.geo;
    const on = ul.model.on;
    const ox = w.origin.x; const oy = w.origin.y;
    g.setTransform(ratio, 0, 0, ratio, -w.b.min.x * ratio, -w.b.min.y * ratio);
    paints += 1;
    partial += 1;
    const near = [];
    for (const i of dirty) {
      const rx = Math.round(u[i] * w.s - ox - half);
      const ry = Math.round(v[i] * w.s - oy - half);
      if (rx + side < w.x0 || rx > w.x1 || ry + side < w.y0 || ry > w.y1) continue;
      near.length = 0;
      // anchors whose squares can touch this one, in world pixels at zoom 0
      queryGrid(grid, (rx - side + ox) / w.s, (ry - side + oy) / w.s, (rx + 2 * side + ox) / w.s,
        (ry + 2 * side + oy) / w.s, (j) => {
          if (!on[j]) return;
          const x = u[j] * w.s - ox; const y = v[j] * w.s - oy;
          if (x < w.x0 || x > w.x1 || y < w.y0 || y > w.y1) return;
          const sx = Math.round(x - half); const sy = Math.round(y - half);
          if (sx < rx + side && sx + side > rx && sy < ry + side && sy + side > ry) near.push(j);
        });
      near.sort((a, b) => a - b);
      g.save();
      g.beginPath();
      g.rect(rx, ry, side, side);
      g.clip();
      g.clearRect(rx, ry, side, side);
      for (const j of near) g.drawImage(sprite, Math.round(u[j] * w.s - ox - half), Math.round(v[j] * w.s - oy - half), side, side);
      g.restore();
    }
  }

  function draw(self, g) {
    const b = self._bounds;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, g.canvas.width, g.canvas.height);
    paints += 1;
    drawn = 0;
    if (!ul.visible) return;
    g.setTransform(ratio, 0, 0, ratio, -b.min.x * ratio, -b.min.y * ratio);
    const map = self._map;
    const s = Math.pow(2, map.getZoom());
    const origin = map.getPixelOrigin();
    const view = { x0: b.min.x - 12, y0: b.min.y - 12, x1: b.max.x + 12, y1: b.max.y + 12 };
    if (ul.geo.paths) drawShapes(g, s, origin, view);
    drawPoints(g, s, origin, view);
  }

  function drawPoints(g, s, origin, view) {
    const { u, v, geometry, paths, vertices, vu, vv } = ul.geo;
    const on = ul.model.on;
    const n = u.length;
    const half = SYMBOL_PX / 2 + PAD;
    const side = SYMBOL_PX + 2 * PAD;
    const ox = origin.x; const oy = origin.y;
    const stamp = (x, y) => {
      if (x < view.x0 || x > view.x1 || y < view.y0 || y > view.y1) return false;
      g.drawImage(sprite, Math.round(x - half), Math.round(y - half), side, side);
      return true;
    };
    for (let i = 0; i < n; i += 1) {
      if (!on[i]) continue;
      const kind = geometry ? geometry[i] : 0;
      if (kind === 0) {
        if (stamp(u[i] * s - ox, v[i] * s - oy)) drawn += 1;
      } else if (kind === 1) {
        let any = false;
        for (let p = paths[i]; p < paths[i + 1]; p += 1) {
          const k = vertices[p];
          if (stamp(vu[k] * s - ox, vv[k] * s - oy)) any = true;
        }
        if (any) drawn += 1;
      }
    }
  }

  function inView(i, s, origin, view) {
    const box = ul.boxes();
    return !(box.x1[i] * s - origin.x < view.x0 || box.x0[i] * s - origin.x > view.x1 ||
      box.y1[i] * s - origin.y < view.y0 || box.y0[i] * s - origin.y > view.y1);
  }

  function tracePaths(g, i, s, origin) {
    const { paths, vertices, vu, vv } = ul.geo;
    for (let p = paths[i]; p < paths[i + 1]; p += 1) {
      const k0 = vertices[p]; const k1 = vertices[p + 1];
      for (let k = k0; k < k1; k += 1) {
        const x = vu[k] * s - origin.x; const y = vv[k] * s - origin.y;
        if (k === k0) g.moveTo(x, y); else g.lineTo(x, y);
      }
    }
  }

  function drawShapes(g, s, origin, view) {
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
      if (!on[i] || geometry[i] !== 3 || !inView(i, s, origin, view)) continue;
      g.beginPath();
      tracePaths(g, i, s, origin);
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
      if (!on[i] || geometry[i] !== 2 || !inView(i, s, origin, view)) continue;
      tracePaths(g, i, s, origin);
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

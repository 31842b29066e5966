/**
 * userlayer/redraw.js — a big points layer's pixels after a date step, at a cost that follows the changes: the
 * stamps (raster.js) are drawn in *rank* order, the features' order by first day (the time index's by_start), so a
 * later start is drawn over an earlier one. That order makes a forward step cheap: the features that enter are
 * exactly the ones that started after the last painted day, so they are the top of the drawing order and are simply
 * stamped on top; only the squares of the features that left are cleared and drawn again from the stamps that touch
 * them. Those are found in a grid of the stamps shown (cells one stamp wide, ranks ascending per cell), kept up to
 * date as features enter and leave. A backward step redraws the squares of both. Either way the pixels are exactly
 * those of a full redraw in rank order (tests/js/redraw.test.mjs). Pure: typed arrays in and out, nothing at import.
 */

import { blit, clearRect, clipRect } from './raster.js';

/** A stamp corner that is not in the view. */
export const OFF = -2147483648;

/** rank[f] = the position of feature f in `order` (a permutation, e.g. by_start): Int32Array. */
export function ranksOf(order) {
  const rank = new Int32Array(order.length);
  for (let r = 0; r < order.length; r += 1) rank[order[r]] = r;
  return rank;
}

/**
 * Where every feature's stamp goes in one view, by rank: {cx, cy} (Int32Array: the top-left corner of feature
 * order[r]'s stamp, buffer pixels; OFF when out of view), a width × height buffer and an empty grid of `side`-pixel
 * cells (side ≥ the stamp's width and height; corners off the buffer go to the border cells, so two stamps that share
 * a pixel are in the same or adjacent cells). `place(f, at)` writes feature f's corner into at[0], at[1] and returns
 * true, or returns false when it is out of view (no array per feature: a million of them make a view change slow).
 */
export function placeStamps(order, place, side, width, height) {
  const n = order.length;
  const cx = new Int32Array(n);
  const cy = new Int32Array(n);
  const at = [0, 0];
  for (let r = 0; r < n; r += 1) {
    if (place(order[r], at)) { cx[r] = at[0]; cy[r] = at[1]; } else { cx[r] = OFF; cy[r] = OFF; }
  }
  const cols = Math.ceil(width / side) + 2;
  const rows = Math.ceil(height / side) + 2;
  return { cx, cy, side, cols, rows, cells: new Array(cols * rows), width, height };
}

function cellOf(field, r) {
  const { side, cols, rows } = field;
  const c = Math.min(cols - 1, Math.max(0, Math.floor(field.cx[r] / side) + 1));
  const row = Math.min(rows - 1, Math.max(0, Math.floor(field.cy[r] / side) + 1));
  return row * cols + c;
}

/** Puts rank r into its cell (ascending), or takes it out. */
function setInGrid(field, r, on) {
  if (field.cx[r] === OFF) return;
  const k = cellOf(field, r);
  let list = field.cells[k];
  if (!list) list = field.cells[k] = [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < r) lo = mid + 1; else hi = mid;
  }
  if (on && list[lo] !== r) list.splice(lo, 0, r);
  if (!on && list[lo] === r) list.splice(lo, 1);
}

/**
 * Draws every feature on the map (on[f]) in rank order into `buf`, writes the flags by rank into `shown` (Uint8Array,
 * shown[r] = on[order[r]]: what the buffer shows, for applyChanges) and fills the field's grid with them. Returns the
 * stamps drawn.
 */
export function drawAll(buf, field, stamp, order, on, shown) {
  const { cx, cy, width, height } = field;
  field.cells = new Array(field.cols * field.rows);
  let drawn = 0;
  for (let r = 0; r < order.length; r += 1) {
    shown[r] = on[order[r]];
    if (cx[r] === OFF || !shown[r]) continue;
    blit(buf, width, height, stamp, cx[r], cy[r]);
    const k = cellOf(field, r);
    (field.cells[k] || (field.cells[k] = [])).push(r);
    drawn += 1;
  }
  return drawn;
}

/**
 * Clears the square of the stamp of rank `r` and draws again, clipped to it, every stamp in the grid that touches
 * it, in rank order. `scratch` ({}) keeps the work arrays; scratch.clip is set to the square redrawn (buffer pixels,
 * {x0, y0, x1, y1}, x1 and y1 excluded). Returns false when the square is off the buffer (nothing done).
 */
export function redrawSquare(buf, field, stamp, r, scratch) {
  const { cx, cy, side, cols, rows, cells, width, height } = field;
  const x = cx[r]; const y = cy[r];
  const w = stamp.w; const h = stamp.h;
  const clip = squareOf(field, stamp, r, scratch.clip || (scratch.clip = {}));
  if (!clip) return false;
  clearRect(buf, width, clip);
  let near = scratch.near || (scratch.near = new Int32Array(64));
  const c = Math.min(cols - 1, Math.max(0, Math.floor(x / side) + 1));
  const row = Math.min(rows - 1, Math.max(0, Math.floor(y / side) + 1));
  let m = 0;
  for (let rr = Math.max(0, row - 1); rr <= Math.min(rows - 1, row + 1); rr += 1) {
    for (let cc = Math.max(0, c - 1); cc <= Math.min(cols - 1, c + 1); cc += 1) {
      const list = cells[rr * cols + cc];
      if (!list) continue;
      for (let k = 0; k < list.length; k += 1) {
        const q = list[k];
        const qx = cx[q]; const qy = cy[q];
        if (qx >= clip.x1 || qy >= clip.y1 || qx + w <= clip.x0 || qy + h <= clip.y0) continue;
        if (m === near.length) {
          const more = new Int32Array(2 * near.length);
          more.set(near);
          near = scratch.near = more;
        }
        // insertion among the ranks gathered so far (few: the stamps that share a pixel with one square)
        let j = m;
        while (j > 0 && near[j - 1] > q) { near[j] = near[j - 1]; j -= 1; }
        near[j] = q;
        m += 1;
      }
    }
  }
  for (let k = 0; k < m; k += 1) blit(buf, width, height, stamp, cx[near[k]], cy[near[k]], clip);
  return true;
}

/** Widens `box` ({x0, y0, x1, y1, empty}) to hold the rectangle x0..x1 × y0..y1. */
/** The square (buffer pixels) the stamp of rank r covers, written into `out`; null when off the buffer or the view. */
function squareOf(field, stamp, r, out) {
  const x = field.cx[r]; const y = field.cy[r];
  return x === OFF ? null : clipRect(field.width, field.height, x, y, x + stamp.w, y + stamp.h, out);
}

function grow(box, x0, y0, x1, y1) {
  if (box.empty) {
    box.x0 = x0; box.y0 = y0; box.x1 = x1; box.y1 = y1; box.empty = false;
    return;
  }
  box.x0 = Math.min(box.x0, x0); box.y0 = Math.min(box.y0, y0);
  box.x1 = Math.max(box.x1, x1); box.y1 = Math.max(box.y1, y1);
}

/**
 * Brings `buf` (the pixels of a full redraw for the flags `shown`, by rank; the field's grid holding those) to the
 * pixels of a full redraw for `on` (by feature), given `changed` (an Int32Array of ranks, any order, repeats allowed:
 * the features whose flag may differ; it is sorted in place) and `forward` (true when every feature in `on` and not
 * shown is above, in rank order, every feature in both: a step to a later day). `shown` and the grid follow `on` for
 * the changed ranks. `scratch` ({}) keeps work arrays between calls (scratch.redrawn: the squares redrawn). Returns
 * the box (buffer pixels, {x0, y0, x1, y1}) that changed, or null.
 */
export function applyChanges(buf, field, stamp, order, on, shown, changed, forward, scratch = {}) {
  const ranks = changed.sort();
  const { cx, cy, width, height } = field;
  if (!scratch.squares || scratch.squares.length < ranks.length) scratch.squares = new Int32Array(ranks.length + 64);
  const squares = scratch.squares;
  let count = 0;
  const box = { x0: 0, y0: 0, x1: 0, y1: 0, empty: true };
  const square = {};
  // first the flags and the grid; the ones that entered go on top (ascending: their order among themselves) ...
  let last = -1;
  for (let k = 0; k < ranks.length; k += 1) {
    const r = ranks[k];
    if (r === last) continue;
    last = r;
    const now = on[order[r]];
    if (shown[r] === now) continue;
    shown[r] = now;
    setInGrid(field, r, !!now);
    if (!(now && forward)) { squares[count] = r; count += 1; continue; }
    const c = squareOf(field, stamp, r, square);
    if (!c) continue;
    blit(buf, width, height, stamp, cx[r], cy[r]);
    grow(box, c.x0, c.y0, c.x1, c.y1);
  }
  // ... then the squares of the others, cleared and drawn again from every stamp shown that touches them
  scratch.redrawn = count; // squares cleared and drawn again (the cost; the ones that entered were only stamped)
  for (let k = 0; k < count; k += 1) {
    if (!redrawSquare(buf, field, stamp, squares[k], scratch)) continue;
    const c = scratch.clip;
    grow(box, c.x0, c.y0, c.x1, c.y1);
  }
  return box.empty ? null : box;
}

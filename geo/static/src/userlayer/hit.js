/**
 * userlayer/hit.js — which feature of a big layer a click (or a tap) is on: a uniform grid over the features'
 * boxes in world pixels (built once, compressed rows: cell offsets + feature lists), queried with the click's
 * tolerance box, then the exact test on the candidates that are on the map: the nearest point symbol within the
 * tolerance, else the nearest line, else the polygon the click is inside (even-odd over all its rings). A feature
 * covering too many cells sits in one list that every query looks at. Pure: arrays in, an index (or -1) out.
 */

const MAX_CELLS_PER_FEATURE = 64;

/** Features' boxes (world pixels at zoom 0) of a layer: points from u/v; paths from the projected vertices. */
export function featureBoxes(geo) {
  const n = geo.u.length;
  const x0 = new Float64Array(n);
  const y0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const y1 = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    x0[i] = x1[i] = geo.u[i];
    y0[i] = y1[i] = geo.v[i];
    if (!geo.paths) continue;
    const v0 = geo.vertices[geo.paths[i]];
    const v1 = geo.vertices[geo.paths[i + 1]];
    for (let k = v0; k < v1; k += 1) {
      if (geo.vu[k] < x0[i]) x0[i] = geo.vu[k];
      if (geo.vu[k] > x1[i]) x1[i] = geo.vu[k];
      if (geo.vv[k] < y0[i]) y0[i] = geo.vv[k];
      if (geo.vv[k] > y1[i]) y1[i] = geo.vv[k];
    }
  }
  return { x0, y0, x1, y1 };
}

/** A grid over the boxes: about `perCell` features a cell on average, at most 1024 × 1024 cells. */
export function buildGrid(boxes, perCell = 4) {
  const n = boxes.x0.length;
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (let i = 0; i < n; i += 1) {
    minX = Math.min(minX, boxes.x0[i]); minY = Math.min(minY, boxes.y0[i]);
    maxX = Math.max(maxX, boxes.x1[i]); maxY = Math.max(maxY, boxes.y1[i]);
  }
  if (!n) { minX = minY = 0; maxX = maxY = 1; }
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  const cellsWanted = Math.max(1, Math.ceil(n / perCell));
  const size = Math.max(Math.sqrt((w * h) / cellsWanted), Math.max(w, h) / 1024);
  const cols = Math.min(1024, Math.max(1, Math.ceil(w / size)));
  const rows = Math.min(1024, Math.max(1, Math.ceil(h / size)));
  const grid = { minX, minY, size, cols, rows, start: new Uint32Array(cols * rows + 1), items: null, big: [] };
  const span = (i) => {
    const c0 = cellOf(grid, boxes.x0[i], 'x'); const c1 = cellOf(grid, boxes.x1[i], 'x');
    const r0 = cellOf(grid, boxes.y0[i], 'y'); const r1 = cellOf(grid, boxes.y1[i], 'y');
    return [c0, c1, r0, r1];
  };
  // two passes: count per cell, then fill (compressed rows)
  const spans = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const s = span(i);
    spans[i] = s;
    if ((s[1] - s[0] + 1) * (s[3] - s[2] + 1) > MAX_CELLS_PER_FEATURE) { grid.big.push(i); continue; }
    for (let r = s[2]; r <= s[3]; r += 1) for (let col = s[0]; col <= s[1]; col += 1) grid.start[r * cols + col + 1] += 1;
  }
  for (let k = 1; k < grid.start.length; k += 1) grid.start[k] += grid.start[k - 1];
  grid.items = new Uint32Array(grid.start[grid.start.length - 1]);
  const fillAt = grid.start.slice(0, cols * rows);
  for (let i = 0; i < n; i += 1) {
    const s = spans[i];
    if ((s[1] - s[0] + 1) * (s[3] - s[2] + 1) > MAX_CELLS_PER_FEATURE) continue;
    for (let r = s[2]; r <= s[3]; r += 1) {
      for (let col = s[0]; col <= s[1]; col += 1) { grid.items[fillAt[r * cols + col]] = i; fillAt[r * cols + col] += 1; }
    }
  }
  grid.stamp = new Uint32Array(n);
  grid.query = 0;
  return grid;
}

function cellOf(grid, value, axis) {
  const k = Math.floor((value - (axis === 'x' ? grid.minX : grid.minY)) / grid.size);
  return Math.min(Math.max(k, 0), (axis === 'x' ? grid.cols : grid.rows) - 1);
}

/** Calls fn(i) once for every feature whose cells meet the box [x0, x1] × [y0, y1] (world pixels). */
export function queryGrid(grid, x0, y0, x1, y1, fn) {
  grid.query = (grid.query + 1) >>> 0 || 1;
  const q = grid.query;
  const seen = (i) => { if (grid.stamp[i] === q) return true; grid.stamp[i] = q; return false; };
  for (const i of grid.big) if (!seen(i)) fn(i);
  if (x1 < grid.minX || y1 < grid.minY || x0 > grid.minX + grid.cols * grid.size || y0 > grid.minY + grid.rows * grid.size) return;
  const c0 = cellOf(grid, x0, 'x'); const c1 = cellOf(grid, x1, 'x');
  const r0 = cellOf(grid, y0, 'y'); const r1 = cellOf(grid, y1, 'y');
  for (let r = r0; r <= r1; r += 1) {
    for (let c = c0; c <= c1; c += 1) {
      const cell = r * grid.cols + c;
      for (let k = grid.start[cell]; k < grid.start[cell + 1]; k += 1) {
        const i = grid.items[k];
        if (!seen(i)) fn(i);
      }
    }
  }
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax; const dy = by - ay;
  const len = dx * dx + dy * dy;
  let t = len ? ((px - ax) * dx + (py - ay) * dy) / len : 0;
  t = Math.max(0, Math.min(1, t));
  const qx = ax + t * dx - px; const qy = ay + t * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}

/** Even-odd: is (px, py) inside the rings of feature i (paths p0..p1-1)? */
function insideRings(geo, p0, p1, px, py) {
  let inside = false;
  for (let p = p0; p < p1; p += 1) {
    const v0 = geo.vertices[p]; const v1 = geo.vertices[p + 1];
    for (let k = v0, j = v1 - 1; k < v1; j = k, k += 1) {
      const xi = geo.vu[k]; const yi = geo.vv[k]; const xj = geo.vu[j]; const yj = geo.vv[j];
      if ((yi > py) !== (yj > py) && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * The feature under the point (px, py) (world pixels at zoom 0), within `tol` world pixels, among those with
 * on[i] set; -1 when none. Points win over lines, lines over polygons; among equals the nearest, then the one drawn
 * last (the higher index: drawn on top).
 */
export function hitTest(geo, grid, on, px, py, tol) {
  let best = -1; let bestRank = 3; let bestDist = Infinity;
  const take = (i, rank, dist) => {
    if (rank < bestRank || (rank === bestRank && (dist < bestDist || (dist === bestDist && i > best)))) {
      best = i; bestRank = rank; bestDist = dist;
    }
  };
  queryGrid(grid, px - tol, py - tol, px + tol, py + tol, (i) => {
    if (!on[i]) return;
    const kind = geo.geometry ? geo.geometry[i] : 0;
    if (kind === 0) {
      const d = Math.hypot(geo.u[i] - px, geo.v[i] - py);
      if (d <= tol) take(i, 0, d);
      return;
    }
    const p0 = geo.paths[i]; const p1 = geo.paths[i + 1];
    let d = Infinity;
    for (let p = p0; p < p1; p += 1) {
      const v0 = geo.vertices[p]; const v1 = geo.vertices[p + 1];
      if (kind === 1 || v1 - v0 === 1) d = Math.min(d, Math.hypot(geo.vu[v0] - px, geo.vv[v0] - py));
      for (let k = v0; k + 1 < v1; k += 1) d = Math.min(d, segmentDistance(px, py, geo.vu[k], geo.vv[k], geo.vu[k + 1], geo.vv[k + 1]));
    }
    if (kind === 1 && d <= tol) take(i, 0, d);
    else if (kind === 2 && d <= tol) take(i, 1, d);
    else if (kind === 3 && (d <= tol || insideRings(geo, p0, p1, px, py))) take(i, 2, Math.min(d, tol));
  });
  return best;
}

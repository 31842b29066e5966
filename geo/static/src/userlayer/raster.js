/**
 * userlayer/raster.js — stamping a symbol into a pixel buffer, in JavaScript: a big layer's points are drawn by
 * copying its sprite's pixels into one RGBA buffer (blending only the sprite's anti-aliased edge pixels, "source
 * over" on straight alpha) and handing the buffer to the canvas once (putImageData). In Chromium's software canvas this
 * is several times cheaper than one drawImage call per point. For a date step's partial redraw (redraw.js): clipping
 * to a rectangle and clearing one; a sprite cropped to its ink, so a square holds no transparent margin. Pixels are
 * 0xAABBGGRR (a Uint32Array view of ImageData on a little-endian machine). Pure: typed arrays in and out, nothing at
 * import.
 */

/**
 * A stamp from a sprite's RGBA pixels (`rgba`: Uint8ClampedArray, w × h, straight alpha as getImageData gives them):
 * the opaque pixels (copied) and the partly transparent ones (blended), each by its offset in the sprite, and all
 * of them (pixels, row by row) for clipped stamps.
 */
export function makeStamp(rgba, w, h) {
  const px = new Uint32Array(rgba.buffer, rgba.byteOffset, w * h);
  const opaque = [];
  const partial = [];
  for (let k = 0; k < w * h; k += 1) {
    const a = rgba[4 * k + 3];
    if (a === 255) opaque.push(k); else if (a > 0) partial.push(k);
  }
  const pick = (list) => ({
    dx: Int32Array.from(list, (k) => k % w), dy: Int32Array.from(list, (k) => Math.floor(k / w)),
    color: Uint32Array.from(list, (k) => px[k]),
  });
  return { w, h, opaque: pick(opaque), partial: pick(partial), pixels: Uint32Array.from(px) };
}

/**
 * The smallest part of a sprite's RGBA pixels (w × h) that holds every pixel with some alpha: {rgba, w, h, dx, dy}
 * (dx, dy: where that part's top-left corner lies in the sprite). A stamp made from it draws the same pixels and
 * touches fewer of its neighbours; an empty sprite gives one transparent pixel.
 */
export function cropToInk(rgba, w, h) {
  let x0 = w; let y0 = h; let x1 = -1; let y1 = -1;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      if (!rgba[4 * (y * w + x) + 3]) continue;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) return { rgba: new Uint8ClampedArray(4), w: 1, h: 1, dx: 0, dy: 0 };
  const cw = x1 - x0 + 1; const ch = y1 - y0 + 1;
  const out = new Uint8ClampedArray(4 * cw * ch);
  for (let y = 0; y < ch; y += 1) out.set(rgba.subarray(4 * ((y0 + y) * w + x0), 4 * ((y0 + y) * w + x1 + 1)), 4 * y * cw);
  return { rgba: out, w: cw, h: ch, dx: x0, dy: y0 };
}

/** Straight-alpha "source over" of one pixel `s` (0xAABBGGRR) onto `d`. */
export function over(s, d) {
  const a = s >>> 24;
  if (a === 255) return s;
  if (a === 0) return d;
  if (d === 0) return s; // onto nothing: the source as it is (what the formula below gives, sooner)
  const da = d >>> 24;
  const ia = 255 - a;
  const outA = a + Math.round((da * ia) / 255);
  if (outA === 0) return 0;
  const db = (da * ia) / 255;
  const r = Math.round(((s & 255) * a + (d & 255) * db) / outA);
  const g = Math.round((((s >>> 8) & 255) * a + ((d >>> 8) & 255) * db) / outA);
  const b = Math.round((((s >>> 16) & 255) * a + ((d >>> 16) & 255) * db) / outA);
  return ((outA << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/**
 * The part of the rectangle [x0, x1) × [y0, y1) (buffer pixels) inside a width × height buffer, or null when none
 * is; written into `out` when given (no object per call on a hot path).
 */
export function clipRect(width, height, x0, y0, x1, y1, out = {}) {
  out.x0 = Math.max(0, x0); out.y0 = Math.max(0, y0); out.x1 = Math.min(width, x1); out.y1 = Math.min(height, y1);
  return out.x0 < out.x1 && out.y0 < out.y1 ? out : null;
}

/** Makes the rectangle `clip` ({x0, y0, x1, y1}, as clipRect gives it) of `buf` (width pixels a row) transparent. */
export function clearRect(buf, width, clip) {
  for (let y = clip.y0; y < clip.y1; y += 1) buf.fill(0, y * width + clip.x0, y * width + clip.x1);
}

/**
 * Stamps `stamp` with its top-left corner at (x0, y0) into `buf` (Uint32Array, width × height pixels), clipped to
 * the buffer, or to `clip` ({x0, y0, x1, y1}, x1 and y1 excluded: from clipRect) when given. Later stamps cover
 * earlier ones, as canvas drawing would.
 */
export function blit(buf, width, height, stamp, x0, y0, clip = null) {
  const c = clip || { x0: 0, y0: 0, x1: width, y1: height };
  if (x0 >= c.x1 || y0 >= c.y1 || x0 + stamp.w <= c.x0 || y0 + stamp.h <= c.y0) return;
  const inside = x0 >= c.x0 && y0 >= c.y0 && x0 + stamp.w <= c.x1 && y0 + stamp.h <= c.y1;
  const { opaque, partial } = stamp;
  if (inside) {
    const base = y0 * width + x0;
    for (let k = 0; k < opaque.color.length; k += 1) buf[base + opaque.dy[k] * width + opaque.dx[k]] = opaque.color[k];
    for (let k = 0; k < partial.color.length; k += 1) {
      const at = base + partial.dy[k] * width + partial.dx[k];
      buf[at] = over(partial.color[k], buf[at]);
    }
    return;
  }
  // clipped: only the rows and columns inside the clip, from the dense pixels
  const { pixels, w } = stamp;
  const xa = Math.max(x0, c.x0); const xb = Math.min(x0 + w, c.x1);
  const ya = Math.max(y0, c.y0); const yb = Math.min(y0 + stamp.h, c.y1);
  for (let y = ya; y < yb; y += 1) {
    const row = (y - y0) * w - x0;
    for (let x = xa; x < xb; x += 1) {
      const px = pixels[row + x];
      const a = px >>> 24;
      if (a === 255) buf[y * width + x] = px;
      else if (a) buf[y * width + x] = over(px, buf[y * width + x]);
    }
  }
}

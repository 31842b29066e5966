/**
 * userlayer/symbols.js — how a user layer is drawn: its symbol (circle, square, triangle, diamond, cross) as a
 * canvas path on a unit grid (for the sprite of big layers) and as constant SVG markup (legend, list, small layers'
 * markers), each in the layer's colour (only a "#rrggbb" that escape.safeColor let through) with a white halo and a
 * dark outline like the dataset's symbols; and the styles of its lines and areas. Pure: strings, numbers, and
 * calls on a canvas-like object it is given.
 */

import { safeColor } from '../escape.js';

export const USER_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross'];
export const INK = '#1c1c1c';

/** The symbol's outline on a 20 × 20 grid, as [command, ...numbers] steps (M move, L line, Z close, C circle). */
const OUTLINES = {
  circle: [['C', 10, 10, 6.5]],
  square: [['M', 4, 4], ['L', 16, 4], ['L', 16, 16], ['L', 4, 16], ['Z']],
  triangle: [['M', 10, 2.5], ['L', 18, 16.5], ['L', 2, 16.5], ['Z']],
  diamond: [['M', 10, 1.5], ['L', 18.5, 10], ['L', 10, 18.5], ['L', 1.5, 10], ['Z']],
  cross: [['M', 4.5, 4.5], ['L', 15.5, 15.5], ['M', 15.5, 4.5], ['L', 4.5, 15.5]],
};

/** A known symbol name, else "circle". */
export function safeSymbol(name) {
  return USER_SYMBOLS.includes(name) ? name : 'circle';
}

/** Adds the symbol's outline to a canvas path: the 20-unit grid scaled by `k`, its top-left corner at (x, y). */
export function tracePath(g, symbol, x, y, k) {
  for (const [cmd, a, b, r] of OUTLINES[safeSymbol(symbol)]) {
    if (cmd === 'M') g.moveTo(x + a * k, y + b * k);
    else if (cmd === 'L') g.lineTo(x + a * k, y + b * k);
    else if (cmd === 'Z') g.closePath();
    else { g.moveTo(x + (a + r) * k, y + b * k); g.arc(x + a * k, y + b * k, r * k, 0, 2 * Math.PI); }
  }
}

/**
 * Paints one symbol of `size` CSS pixels with its top-left at (x, y) on a 2D context: halo, fill, outline (a
 * cross: halo, ink, colour strokes). Used once per layer to make the sprite the canvas stamps.
 */
export function paintSymbol(g, symbol, color, x, y, size) {
  const k = size / 20;
  const c = safeColor(color);
  const s = safeSymbol(symbol);
  g.lineJoin = 'round';
  g.lineCap = 'round';
  g.beginPath();
  tracePath(g, s, x, y, k);
  if (s === 'cross') {
    for (const [style, width] of [['#ffffff', 5.6], [INK, 4], [c, 2.2]]) {
      g.strokeStyle = style;
      g.lineWidth = width * k;
      g.stroke();
    }
    return;
  }
  g.strokeStyle = '#ffffff';
  g.lineWidth = 3.4 * k;
  g.stroke();
  g.fillStyle = c;
  g.fill();
  g.strokeStyle = INK;
  g.lineWidth = 1.2 * k;
  g.stroke();
}

function svgPath(symbol) {
  let d = '';
  for (const [cmd, a, b, r] of OUTLINES[safeSymbol(symbol)]) {
    if (cmd === 'M' || cmd === 'L') d += cmd + a + ' ' + b + ' ';
    else if (cmd === 'Z') d += 'Z ';
    else d += 'M' + (a - r) + ' ' + b + ' a' + r + ' ' + r + ' 0 1 0 ' + 2 * r + ' 0 a' + r + ' ' + r + ' 0 1 0 ' + -2 * r + ' 0 Z ';
  }
  return d.trim();
}

/** The symbol as SVG markup (constants and a safe colour only), `size` CSS pixels square. */
export function userSymbolSvg(symbol, color, size) {
  const c = safeColor(color);
  const s = safeSymbol(symbol);
  const d = svgPath(s);
  const body = s === 'cross'
    ? '<path d="' + d + '" stroke="#ffffff" stroke-width="5.6" stroke-linecap="round" fill="none"/>' +
      '<path d="' + d + '" stroke="' + INK + '" stroke-width="4" stroke-linecap="round" fill="none"/>' +
      '<path d="' + d + '" stroke="' + c + '" stroke-width="2.2" stroke-linecap="round" fill="none"/>'
    : '<path d="' + d + '" stroke="#ffffff" stroke-width="3.4" stroke-linejoin="round" fill="#ffffff"/>' +
      '<path d="' + d + '" fill="' + c + '" stroke="' + INK + '" stroke-width="1.2" stroke-linejoin="round"/>';
  return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="' + size + '" height="' + size +
    '" focusable="false" aria-hidden="true">' + body + '</svg>';
}

/** The legend sample of a user layer (28 × 20, like the dataset's): its symbol, in its colour. */
export function userLegendSvg(symbol, color) {
  return userSymbolSvg(symbol, color, 18);
}

/** Canvas/Leaflet style of a user layer's lines. */
export function userLineStyle(color) {
  return { color: safeColor(color), weight: 2.5, opacity: 0.9, lineCap: 'round', lineJoin: 'round' };
}

/** Canvas/Leaflet style of a user layer's areas (filled even-odd: holes stay open). */
export function userAreaStyle(color) {
  const c = safeColor(color);
  return { color: c, weight: 1.5, opacity: 0.9, fillColor: c, fillOpacity: 0.22, fillRule: 'evenodd', lineJoin: 'round' };
}

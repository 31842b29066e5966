/**
 * symbols.js — how each kind of feature is drawn: the point symbols (SVG markup built from constants plus a colour
 * that safeColor let through, never payload text), their sizes, the Leaflet path styles of lines and areas, and
 * the legend samples. Shapes carry the meaning (the legend is drawn in one neutral ink); colour marks the layer.
 * Pure: strings and plain objects only.
 */

import { safeColor } from './escape.js';

/** Kinds drawn as areas (polygons) and as lines: their legend sample is a box or a stroke, not a symbol. */
export const AREA_KINDS = new Set(['peacekeeping-force', 'peacekeeping-zone', 'corridor']);
export const LINE_KINDS = new Set(['road', 'route', 'blockade']);

const HALO = 'stroke="#ffffff" stroke-width="3.4" stroke-linejoin="round" fill="#ffffff"';
const INK = '#1c1c1c';

/** Shapes on a 20×20 grid. Each is an element opening tag without its style attributes. */
const SHAPES = {
  square: '<rect x="3.5" y="3.5" width="13" height="13"',
  smallSquare: '<rect x="5" y="5" width="10" height="10"',
  triangle: '<path d="M10 2 L18.5 17 H1.5 Z"',
  diamond: '<path d="M10 1 L19 10 L10 19 L1 10 Z"',
  bigSquare: '<rect x="2.5" y="2.5" width="15" height="15"',
  innerSquare: '<rect x="6.5" y="6.5" width="7" height="7"',
  circle: '<circle cx="10" cy="10" r="6"',
  smallCircle: '<circle cx="10" cy="10" r="4.5"',
  dot: '<circle cx="10" cy="10" r="3.6"',
  ring: '<circle cx="10" cy="10" r="8"',
  zone: '<circle cx="10" cy="10" r="8"',
  star: '<path d="M10 1.5 L12.2 7.2 L18.3 7.4 L13.5 11.2 L15.2 17.2 L10 13.7 L4.8 17.2 L6.5 11.2 L1.7 7.4 L7.8 7.2 Z"',
  cross: '<path d="M4 4 L16 16 M16 4 L4 16"',
  crossSmall: '<path d="M7 7 L13 13 M13 7 L7 13"',
};

function dashAttr(approx) {
  return approx ? ' stroke-dasharray="2.6 1.8"' : '';
}

/** A filled shape with a white halo and a dark outline (legible on light ground, any colour). */
function filled(shape, color, approx) {
  const op = approx ? ' fill-opacity="0.55"' : '';
  return shape + ' ' + HALO + '/>' +
    shape + ' fill="' + color + '"' + op + ' stroke="' + INK + '" stroke-width="1.1"' + dashAttr(approx) + '/>';
}

/** A hollow shape: a white-filled shape, coloured thick outline over a dark halo. */
function hollow(shape, color, approx) {
  return shape + ' fill="#ffffff" fill-opacity="0.9" stroke="' + INK + '" stroke-width="4.2"/>' +
    shape + ' fill="none" stroke="' + color + '" stroke-width="2.4"' + dashAttr(approx) + '/>';
}

/** Symbol markup (inside a 20×20 viewBox) per kind. */
const SYMBOLS = {
  'military-base': (c, a) => filled(SHAPES.square, c, a),
  'air-base': (c, a) => filled(SHAPES.triangle, c, a),
  'naval-point': (c, a) => filled(SHAPES.diamond, c, a),
  headquarters: (c, a) => filled(SHAPES.bigSquare, c, a) +
    SHAPES.innerSquare + ' fill="none" stroke="#ffffff" stroke-width="1.8"/>',
  'observation-post': (c, a) => filled(SHAPES.smallCircle, c, a),
  checkpoint: (c, a) => hollow(SHAPES.smallSquare, c, a) +
    SHAPES.crossSmall + ' stroke="' + c + '" stroke-width="2" stroke-linecap="round"/>',
  'border-guard-post': (c, a) => hollow(SHAPES.ring, c, a) + filled(SHAPES.dot, c, false),
  'monitoring-centre': (c, a) => hollow(SHAPES.circle, c, a),
  'monitoring-mission': (c, a) => hollow(SHAPES.circle, c, a),
  'former-base': (c, a) => hollow(SHAPES.smallSquare, c, a),
  incident: (c) => SHAPES.cross + ' stroke="#ffffff" stroke-width="6" stroke-linecap="round"/>' +
    SHAPES.cross + ' stroke="' + INK + '" stroke-width="4.4" stroke-linecap="round"/>' +
    SHAPES.cross + ' stroke="' + c + '" stroke-width="2.6" stroke-linecap="round"/>',
  event: (c, a) => filled(SHAPES.star, c, a),
  zone: (c, a) => SHAPES.zone + ' fill="' + c + '" fill-opacity="0.3" stroke="' + c + '" stroke-width="2.2"' +
    dashAttr(a) + '/>',
  fallback: (c, a) => filled(SHAPES.circle, c, a),
};

/** Icon size in CSS pixels per kind (major sites larger). */
export const SYMBOL_SIZE = {
  'military-base': 22, 'air-base': 22, 'naval-point': 22, headquarters: 22,
  'observation-post': 14, checkpoint: 16, 'border-guard-post': 18, 'monitoring-centre': 18,
  'monitoring-mission': 18, 'former-base': 16, incident: 16, event: 16,
};

export function symbolKey(kind) {
  if (SYMBOLS[kind]) return kind;
  return AREA_KINDS.has(kind) ? 'zone' : 'fallback';
}

export function symbolSvg(kind, color, approx, size) {
  const body = SYMBOLS[symbolKey(kind)](safeColor(color), !!approx);
  return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 22 22" width="' + size + '" height="' +
    size + '" focusable="false" aria-hidden="true">' + body + '</svg>';
}

/** Leaflet path style for line geometries, by kind. */
export function lineStyle(kind, color, approx) {
  const base = { color, weight: 4, opacity: 0.95, lineCap: 'round', lineJoin: 'round' };
  if (kind === 'route') Object.assign(base, { weight: 4, dashArray: '0.1 8' });
  else if (kind === 'blockade') Object.assign(base, { weight: 9, dashArray: '10 7', lineCap: 'butt', opacity: 0.85 });
  else if (kind === 'incident' || kind === 'event') base.weight = 3;
  if (approx && kind !== 'route' && kind !== 'blockade') base.dashArray = '8 6';
  if (approx) base.opacity = 0.7;
  return base;
}

/** Leaflet path style for polygon geometries, by kind. */
export function areaStyle(kind, color, approx) {
  const hollowKind = kind === 'monitoring-mission' || kind === 'monitoring-centre' || kind === 'former-base';
  return {
    color,
    weight: hollowKind ? 2.5 : 2,
    opacity: approx ? 0.75 : 0.95,
    fillColor: color,
    fillOpacity: hollowKind ? 0.06 : approx ? 0.16 : 0.25,
    dashArray: approx ? '7 5' : null,
    lineJoin: 'round',
  };
}

/** Legend sample (a 28×20 SVG) for a kind, drawn in a neutral ink: shapes carry the meaning. */
export function legendSvg(kind) {
  const c = '#4a4a4a';
  const wrap = (body) => '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 20" width="28" height="20" ' +
    'focusable="false" aria-hidden="true">' + body + '</svg>';
  if (LINE_KINDS.has(kind)) {
    const s = lineStyle(kind, c, false);
    const dash = s.dashArray ? ' stroke-dasharray="' + s.dashArray + '"' : '';
    return wrap('<path d="M2 10 H26" stroke="' + c + '" stroke-width="' + Math.min(s.weight, 7) +
      '" stroke-linecap="' + s.lineCap + '"' + dash + ' fill="none"/>');
  }
  if (AREA_KINDS.has(kind)) {
    return wrap('<rect x="2" y="3" width="24" height="14" rx="1" fill="' + c + '" fill-opacity="0.25" stroke="' +
      c + '" stroke-width="2"/>');
  }
  return wrap('<g transform="translate(4 0)">' + SYMBOLS[symbolKey(kind)](c, false) + '</g>');
}

export function approxLegendSvg() {
  const c = '#4a4a4a';
  return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 20" width="28" height="20" focusable="false" ' +
    'aria-hidden="true"><rect x="2" y="3" width="24" height="14" fill="' + c + '" fill-opacity="0.12" stroke="' +
    c + '" stroke-width="2" stroke-dasharray="5 3.5"/></svg>';
}

export function legendSvgColored(kind, color) {
  if (LINE_KINDS.has(kind) || AREA_KINDS.has(kind)) return legendSvg(kind).replace(/#4a4a4a/g, safeColor(color));
  return symbolSvg(kind, color, false, 18);
}

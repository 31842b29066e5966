/**
 * patterns.js — fills that keep the data's areas apart without colour (greyscale print, colour-blind readers):
 * SVG <pattern>s per area kind — dots for the peacekeeping zone, a grid for the corridor, stripes for a
 * peacekeeping force's area — over a tint of the layer colour, so they differ from the basemap's diagonal hatches
 * of the breakaway regions and the former NKAO. The patterns live in one hidden SVG per map (ids carry the map's
 * uid); paths refer to them with fill="url(#…)". patternName/patternMarkup are pure (strings from constants and a
 * colour that safeColor let through).
 */

import { svgElement } from './dom.js';
import { safeColor } from './escape.js';

const KIND_PATTERN = { 'peacekeeping-zone': 'dots', corridor: 'grid', 'peacekeeping-force': 'stripes' };

/** The pattern an area kind is filled with, or null (a plain tint). */
export function patternName(kind) {
  return Object.prototype.hasOwnProperty.call(KIND_PATTERN, kind) ? KIND_PATTERN[kind] : null;
}

/** The pattern's id in the document: map uid, pattern, colour (hex digits only). */
export function patternId(uid, name, color) {
  return 'pm' + uid + '-pat-' + name + '-' + safeColor(color).replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

/** `#rrggbb` darkened towards black by `share` (0..1); other colour forms are returned as they are. */
export function darken(color, share) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  return '#' + m.slice(1).map((h) => Math.round(parseInt(h, 16) * (1 - share)).toString(16).padStart(2, '0')).join('');
}

/**
 * The <pattern> element's markup: a tint of `color` and the marks in it, darkened so that each pattern keeps its
 * own grey level in greyscale print (user-space units, CSS px).
 */
export function patternMarkup(id, name, color, tint) {
  const base = safeColor(color);
  const c = darken(base, name === 'grid' ? 0.55 : 0.1);
  const bg = '<rect width="SIZE" height="SIZE" fill="' + base + '" fill-opacity="' + (tint ?? 0.2) + '"/>';
  let size;
  let marks;
  if (name === 'dots') {
    size = 7;
    marks = '<circle cx="1.75" cy="1.75" r="1.35" fill="' + c + '"/><circle cx="5.25" cy="5.25" r="1.35" fill="' + c + '"/>';
  } else if (name === 'grid') {
    size = 4;
    marks = '<path d="M0 0.6 H4 M0.6 0 V4" stroke="' + c + '" stroke-width="1.2" fill="none"/>';
  } else {
    size = 6;
    marks = '<path d="M0 1 H6" stroke="' + c + '" stroke-width="1.6" fill="none"/>';
  }
  return '<pattern id="' + id + '" patternUnits="userSpaceOnUse" width="' + size + '" height="' + size + '">' +
    bg.replace(/SIZE/g, String(size)) + marks + '</pattern>';
}

/**
 * The fills of one map: fill(kind, color) → "url(#…)" (the pattern made on first use), or null for a kind
 * drawn with a plain tint. The hidden SVG is made on first use, inside the map container.
 */
export function createPatterns(ctx) {
  const made = new Set();
  let defs = null;
  function holder() {
    if (defs) return defs;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'pm-defs');
    svg.setAttribute('width', '0');
    svg.setAttribute('height', '0');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    defs = document.createElementNS(ns, 'defs');
    svg.append(defs);
    ctx.map.getContainer().append(svg);
    return defs;
  }
  function fill(kind, color, tint) {
    const name = patternName(kind);
    if (!name) return null;
    const id = patternId(ctx.uid, name, color) + (tint === undefined ? '' : '-t' + Math.round(tint * 100));
    if (!made.has(id)) {
      made.add(id);
      // constant markup plus a colour safeColor let through (never payload text), parsed by dom.js's one sink
      const svg = svgElement('<svg xmlns="http://www.w3.org/2000/svg"><defs>' + patternMarkup(id, name, color, tint) +
        '</defs></svg>');
      holder().append(svg.firstElementChild.firstElementChild);
    }
    return 'url(#' + id + ')';
  }
  return { fill };
}

/** A Leaflet area style with the kind's pattern as its fill (fully opaque: the tint is in the pattern). */
export function withPattern(style, kind, color, patterns) {
  const url = patterns ? patterns.fill(kind, color) : null;
  if (!url) return style;
  return Object.assign({}, style, { fillColor: url, fillOpacity: style.fillOpacity >= 0.2 ? 1 : 0.75 });
}

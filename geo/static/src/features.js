/**
 * features.js — the data on the map: one entry per payload feature (its day interval, colour, stacking), its
 * Leaflet layer made on first use (marker with its symbol, or a styled line/area; tooltip; click → popup or a
 * measure point), and the time filter (refresh: the active-on rule of days.js plus the visible layers, adding and
 * removing only the layers whose state changed). refresh is a Controller method (`this` is the controller).
 */

/* global L */

import { activeOn } from './days.js';
import { el, svgElement } from './dom.js';
import { safeColor } from './escape.js';
import { isAreaGeometry, isLineGeometry } from './geometry.js';
import { withPattern } from './patterns.js';
import { AREA_KINDS, SYMBOL_SIZE, areaStyle, lineStyle, symbolKey, symbolSvg } from './symbols.js';

/** The smallest hit area of a symbol, CSS px (WCAG 2.2 target size, minimum). */
export const HIT_PX = 24;

function makeMarker(entry, latlng, ctx) {
  const f = entry.f;
  const size = SYMBOL_SIZE[f.kind] || (AREA_KINDS.has(f.kind) ? 22 : 16);
  // the hit area is at least 24 x 24 px (WCAG 2.5.8) around the symbol drawn at its own size (css/roving.css)
  const box = Math.max(size, HIT_PX);
  const icon = L.divIcon({
    // an element, not markup: Leaflet then moves it into the icon instead of parsing HTML for every marker
    html: svgElement(symbolSvg(f.kind, entry.color, f.approximate, size)),
    className: 'pm-sym pm-sym--' + symbolKey(f.kind) + (f.approximate ? ' pm-sym--approx' : ''),
    iconSize: [box, box],
    iconAnchor: [box / 2, box / 2],
    tooltipAnchor: [0, -size / 2],
    popupAnchor: [0, -size / 2],
  });
  // keyboard: roving.js makes the features one tab stop (Leaflet's keyboard option would make each one a stop)
  const marker = L.marker(latlng, { icon, keyboard: false, riseOnHover: true, zIndexOffset: entry.z });
  marker.on('add', () => labelMarker(marker, entry, ctx));
  entry.markers.push(marker);
  return marker;
}

export function labelMarker(marker, entry, ctx) {
  const node = marker.getElement();
  if (!node) return;
  node.setAttribute('aria-label', ctx.text.name(entry.f) + ', ' + ctx.text.kind(entry.f.kind));
  // a picture with a name; the one the roving tab stop focuses is a button (roving.js)
  if (!node.hasAttribute('role')) node.setAttribute('role', 'img');
}

export function featurePane(type) {
  if (isAreaGeometry(type)) return 'pm-areas';
  if (isLineGeometry(type)) return 'pm-lines';
  return 'markerPane';
}

function makeGeoLayer(entry, ctx) {
  const f = entry.f;
  const type = f.g.type;
  const layer = L.geoJSON(f.g, {
    pane: featurePane(type),
    pointToLayer: (_, latlng) => makeMarker(entry, latlng, ctx),
    style: () => Object.assign({ className: 'pm-feat' }, isAreaGeometry(type)
      // areas keep apart without colour too: a fill pattern per kind (patterns.js)
      ? withPattern(areaStyle(f.kind, entry.color, f.approximate), f.kind, entry.color, ctx.patterns)
      : lineStyle(f.kind, entry.color, f.approximate)),
  });
  layer.on('click', (e) => {
    if (ctx.measure && ctx.measure.active()) {
      // measuring: a click on a feature adds a point (a marker gives its own position), never a popup
      L.DomEvent.stopPropagation(e);
      ctx.measure.addPoint(e.latlng);
      return;
    }
    ctx.openPopup(entry, e.latlng);
  });
  layer.bindTooltip(() => el('span', 'pm-tip__body', ctx.text.name(f)), {
    sticky: !(type === 'Point' || type === 'MultiPoint'), direction: 'top', className: 'pm-tip', opacity: 1,
  });
  return layer;
}

/**
 * One entry per feature. Its Leaflet layer is made by ensureLayer: at mount only for the features shown on the
 * opening day (the rest right after the first frame, see Controller.complete), so the first picture is cheap.
 */
export function buildEntries(ctx) {
  return (ctx.payload.features || []).map((f) => {
    const def = ctx.layerById.get(f.layer);
    const entry = {
      f,
      s: Number.isFinite(f.s) ? f.s : -Infinity,
      e: Number.isFinite(f.e) ? f.e : Infinity,
      color: safeColor(def && def.color),
      order: def ? def.order : 1e9,
      // events and small posts above big bases in the marker stack
      z: (SYMBOL_SIZE[f.kind] || 16) < 20 ? 200 : 0,
      on: false,
      layer: null,
      markers: [],
      row: null,
    };
    return entry;
  });
}

/** The entry's Leaflet layer, made on first use (null for a feature without geometry). */
export function ensureLayer(entry, ctx) {
  if (!entry.layer && entry.f.g && entry.f.g.type) entry.layer = makeGeoLayer(entry, ctx);
  return entry.layer;
}

/** A point at which to open a feature's popup (the feature must be on the map). */
export function anchorOf(entry) {
  let found = null;
  entry.layer.eachLayer((child) => {
    if (found) return;
    if (child.getLatLng) found = child.getLatLng();
    else if (child.getCenter) found = child.getCenter();
  });
  return found;
}

/** Adds/removes only the features whose visibility changed. O(n) comparisons, no rebuild. */
export function refresh() {
  const day = this.state.day;
  const visible = this.state.layers;
  for (const en of this.entries) {
    const want = activeOn(en.s, en.e, day) && visible.has(en.f.layer);
    if (want === en.on) continue;
    en.on = want;
    if (want) {
      if (ensureLayer(en, this)) this.map.addLayer(en.layer);
    } else if (en.layer) {
      this.map.removeLayer(en.layer);
    }
    if (en.row) en.row.hidden = !want;
    if (!want && this.popupEntry === en) this.map.closePopup(this.popup);
  }
  if (this.userLayers) this.userLayers.refresh(); // user layers: a step of their time index (userlayer/index.js)
}

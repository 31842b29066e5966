/**
 * userlayer/svg.js — the SVG renderer of a small user layer (up to geo.userlayer.onmap.SVG_MAX features): drawn like
 * the dataset, one Leaflet layer per feature made on first show (a focusable marker with the layer's symbol, an
 * aria-label and a name tooltip; lines and areas as paths in the dataset's panes), added and removed only for the
 * features that enter or leave. A marker opens its popup on click or Enter. Leaflet (global L) only when called.
 */

/* global L */

import { el, svgElement } from '../dom.js';
import { userAreaStyle, userLineStyle, userSymbolSvg } from './symbols.js';

const MARKER_PX = 14;
const SCALE = 100000;

function latlngOf(x, y) {
  return [y / SCALE, x / SCALE];
}

/** Rings/lines of feature i as Leaflet latlng arrays. */
function pathsOf(geo, i) {
  const out = [];
  for (let p = geo.paths[i]; p < geo.paths[i + 1]; p += 1) {
    const ring = [];
    for (let k = geo.vertices[p]; k < geo.vertices[p + 1]; k += 1) ring.push(latlngOf(geo.vx[k], geo.vy[k]));
    out.push(ring);
  }
  return out;
}

/**
 * The SVG view of `ul` ({model, geo, def}). Returns {layer (a layer group: add it to the map), enter(i), leave(i),
 * relabel(), stats()}.
 */
export function createSvgLayer(ctx, ul, onOpen) {
  const group = L.layerGroup();
  const made = new Map();
  const c = ul.model.decoded.columns;

  function marker(i, latlng) {
    const icon = L.divIcon({
      html: svgElement(userSymbolSvg(ul.def.symbol, ul.def.color, MARKER_PX)),
      className: 'pm-sym pm-user-sym',
      iconSize: [MARKER_PX, MARKER_PX],
      iconAnchor: [MARKER_PX / 2, MARKER_PX / 2],
      tooltipAnchor: [0, -MARKER_PX / 2],
    });
    const m = L.marker(latlng, { icon, keyboard: true, riseOnHover: true });
    m.on('add', () => label(m, i));
    return m;
  }

  function label(m, i) {
    const node = m.getElement && m.getElement();
    if (node) node.setAttribute('aria-label', ul.nameOf(i) + ', ' + ul.def.title);
  }

  function make(i) {
    const kind = c.geometry ? c.geometry[i] : 0;
    let layer;
    if (kind === 0) layer = marker(i, latlngOf(c.x[i], c.y[i]));
    else if (kind === 1) layer = L.featureGroup(pathsOf(c, i).map((ring) => marker(i, ring[0])));
    else if (kind === 2) layer = L.polyline(pathsOf(c, i), Object.assign({ pane: 'pm-lines', className: 'pm-feat' }, userLineStyle(ul.def.color)));
    else layer = L.polygon(pathsOf(c, i), Object.assign({ pane: 'pm-areas', className: 'pm-feat' }, userAreaStyle(ul.def.color)));
    layer.on('click', (e) => {
      if (ctx.measure && ctx.measure.active()) {
        L.DomEvent.stopPropagation(e);
        ctx.measure.addPoint(e.latlng);
        return;
      }
      onOpen(ul, i, e.latlng || latlngOf(c.x[i], c.y[i]));
    });
    // Enter on a focused marker opens it too (Leaflet does so only for popups bound to the layer)
    layer.on('keypress', (e) => {
      const key = e.originalEvent && (e.originalEvent.key || e.originalEvent.keyCode);
      if (key === 'Enter' || key === 13) onOpen(ul, i, e.latlng || latlngOf(c.x[i], c.y[i]), e.originalEvent.target);
    });
    layer.bindTooltip(() => el('span', 'pm-tip__body', ul.nameOf(i)), {
      sticky: kind >= 2, direction: 'top', className: 'pm-tip', opacity: 1,
    });
    made.set(i, layer);
    return layer;
  }

  function enter(i) {
    group.addLayer(made.get(i) || make(i));
  }

  function leave(i) {
    const layer = made.get(i);
    if (layer) group.removeLayer(layer);
  }

  /** Shows exactly the features on the map now (first show, or after the layer was built). */
  function syncAll() {
    group.clearLayers();
    const on = ul.model.on;
    for (let i = 0; i < on.length; i += 1) if (on[i]) enter(i);
  }

  function relabel() {
    for (const [i, layer] of made) {
      if (!group.hasLayer(layer)) continue;
      if (layer.getElement) label(layer, i);
      else if (layer.eachLayer) layer.eachLayer((m) => { if (m.getElement) label(m, i); });
    }
  }

  return {
    kind: 'svg',
    layer: group,
    enter,
    leave,
    syncAll,
    relabel,
    redrawSoon: () => {},
    stats: () => ({ drawn: ul.visible ? ul.model.active() : 0, paints: 0, partial: 0, paintMs: 0 }),
  };
}

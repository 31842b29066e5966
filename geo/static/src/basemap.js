/**
 * basemap.js — the offline basemap (Natural Earth outlines, the breakaway regions, the former NKAO, the 1994
 * ceasefire line): its styles (the three South Caucasus states lighter than their neighbours, hatched disputed
 * areas), the SVG hatch patterns, and the hover tooltips with each area's neutral status sentence.
 */

/* global L */

import { el } from './dom.js';

/** The three South Caucasus states are drawn lighter than their neighbours (basemap feature ids, ISO 3166). */
const FOCUS_COUNTRIES = new Set(['ARM', 'AZE', 'GEO']);

const BASEMAP_STYLE = {
  country: { color: '#8e8e8e', weight: 1, fillColor: '#ebe9e3', fillOpacity: 1 },
  focus: { color: '#7a7a7a', weight: 1.1, fillColor: '#fbfaf7', fillOpacity: 1 },
  breakaway: { color: '#6f6658', weight: 1.3, dashArray: '5 4', fillColor: '#efe9df', fillOpacity: 1 },
  former_nkao: { color: '#6f6658', weight: 1.3, dashArray: '2 3', fillColor: '#f1ece4', fillOpacity: 1 },
  ceasefire_line_1994: { color: '#444444', weight: 1.4, dashArray: '5 3', fill: false },
};

const HATCHES = [['breakaway', 45, '#efe9df', '#b3a58e'], ['former_nkao', -45, '#f1ece4', '#c0ae92']];

/** The fill value per hatched kind (the patterns addHatches(svg, id) adds). */
export function hatchFills(id) {
  const fills = {};
  for (const [kind] of HATCHES) fills[kind] = 'url(#' + id + '-' + kind + ')';
  return fills;
}

/** Adds <pattern> hatches to the basemap pane's SVG; returns the fill value per kind. */
function addHatches(svg, id) {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  const fills = hatchFills(id);
  for (const [kind, angle, bg, line] of HATCHES) {
    const p = document.createElementNS(ns, 'pattern');
    const pid = id + '-' + kind;
    p.setAttribute('id', pid);
    p.setAttribute('patternUnits', 'userSpaceOnUse');
    p.setAttribute('width', '7');
    p.setAttribute('height', '7');
    p.setAttribute('patternTransform', 'rotate(' + angle + ')');
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('width', '7');
    r.setAttribute('height', '7');
    r.setAttribute('fill', bg);
    const l = document.createElementNS(ns, 'line');
    l.setAttribute('x1', '0');
    l.setAttribute('y1', '0');
    l.setAttribute('x2', '0');
    l.setAttribute('y2', '7');
    l.setAttribute('stroke', line);
    l.setAttribute('stroke-width', '1.6');
    p.append(r, l);
    defs.append(p);
  }
  svg.insertBefore(defs, svg.firstChild);
  return fills;
}

export function basemapStyle(props) {
  const key = props.kind === 'country' && FOCUS_COUNTRIES.has(props.id) ? 'focus' : props.kind;
  return Object.assign({ className: 'pm-bm pm-bm--' + props.kind }, BASEMAP_STYLE[key] || BASEMAP_STYLE.country);
}

export function basemapName(props, lang) {
  return props['name_' + lang] || props.name || '';
}

/**
 * Draws the basemap. The hatch fills are part of the first style (no second pass over the paths); the patterns
 * they point to are added to the renderer's SVG right after. Returns a function that binds the basemap tooltips
 * (hover only, so mount leaves it for after the first frame), or null.
 */
export function drawBasemap(ctx) {
  const { map, payload } = ctx;
  const bm = payload.basemap;
  if (!bm || !Array.isArray(bm.features)) return null;
  const pane = map.getPane('pm-basemap');
  const renderer = L.svg({ pane: 'pm-basemap', padding: 0.5 });
  const hatchId = 'pm-hatch-' + ctx.uid;
  const fills = hatchFills(hatchId);
  const group = L.geoJSON(bm, {
    pane: 'pm-basemap',
    renderer,
    style: (feat) => {
      const style = basemapStyle(feat.properties);
      const f = fills[feat.properties.kind];
      if (f) style.fillColor = f;
      return style;
    },
    interactive: true,
    bubblingMouseEvents: true,
  });
  group.addTo(map);
  const svg = pane.querySelector('svg');
  if (svg) {
    addHatches(svg, hatchId);
    ctx.basemapLayer = group;
  }
  return () => group.eachLayer((layer) => {
    layer.bindTooltip(() => basemapTooltip(layer.feature.properties, ctx.state.lang, ctx.text.t),
      { sticky: true, className: 'pm-tip pm-tip--bm', direction: 'top', offset: [0, -8], opacity: 1 });
  });
}

function basemapTooltip(props, lang, t) {
  const box = el('span', 'pm-tip__body');
  box.append(el('strong', null, basemapName(props, lang)));
  // the neutral status sentence, the same formula in every language (strings "status.<id>")
  const status = t('status.' + props.id);
  if (status !== 'status.' + props.id) box.append(el('span', 'pm-tip__note', status));
  else if (props.status && lang === 'en') box.append(el('span', 'pm-tip__note', props.status));
  return box;
}

/**
 * controls/legend.js — the legend inside the layers panel: one line per symbol of the kinds on the map NOW (the
 * date, the visible layers, the part of the map in view), most important first, in neutral ink (shapes and fill patterns carry the meaning),
 * and the "approximate" key while an approximate feature is shown. Follows the slider cheaply: one pass over the
 * entries and DOM writes only when what is shown changed. Relabelled by the layers panel. legendLines,
 * presentKinds and KIND_ORDER are pure.
 */

import { el, svgHolder } from '../dom.js';
import { bboxOf } from '../geometry.js';
import { patternName } from '../patterns.js';
import { AREA_KINDS, approxLegendSvg, legendSvg } from '../symbols.js';

/** Kinds by importance to a reader of this map: forces and bases, the areas they hold, posts, routes, context. */
export const KIND_ORDER = [
  'military-base', 'air-base', 'naval-point', 'headquarters', 'peacekeeping-force', 'peacekeeping-zone', 'corridor',
  'border-guard-post', 'checkpoint', 'observation-post', 'blockade', 'road', 'route', 'monitoring-centre',
  'monitoring-mission', 'former-base', 'event', 'incident',
];

function rank(id) {
  const i = KIND_ORDER.indexOf(id);
  return i === -1 ? KIND_ORDER.length : i;
}

/**
 * The legend's lines: [sample, kinds] pairs. Kinds drawn with the same sample share a line; lines are ordered by
 * their most important kind (KIND_ORDER, unknown kinds last, then by id), kinds within a line too.
 * `sampleOf(id)` gives a kind's sample (default: symbols.js legendSvg).
 */
export function legendLines(kinds, sampleOf) {
  const sample = sampleOf || legendSvg;
  const groups = new Map();
  const sorted = [...kinds].sort((a, b) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const k of sorted) {
    const svg = sample(k.id);
    if (!groups.has(svg)) groups.set(svg, []);
    groups.get(svg).push(k);
  }
  return [...groups];
}

/**
 * What the entries on the map show: {kinds: Set of kind ids, layers: Set of layer ids, approx: any approximate
 * feature}. With `view` ([west, south, east, north] degrees), only the features whose box meets it count: the
 * legend explains what the reader can see (each entry's box is computed once and kept on it).
 */
export function presentKinds(entries, view) {
  const kinds = new Set();
  const layers = new Set();
  let approx = false;
  for (const en of entries) {
    if (!en.on) continue;
    if (view) {
      if (en.bbox === undefined) en.bbox = bboxOf(en.f.g);
      const b = en.bbox;
      if (b && (b[0] > view[2] || b[2] < view[0] || b[1] > view[3] || b[3] < view[1])) continue;
    }
    kinds.add(en.f.kind);
    layers.add(en.f.layer);
    if (en.f.approximate) approx = true;
  }
  return { kinds, layers, approx };
}

const INK = '#4a4a4a';

/** An area kind's sample with its fill pattern (from this map's patterns), else symbols.js's sample. */
function sampleFor(ctx) {
  return (kind) => {
    const url = AREA_KINDS.has(kind) && patternName(kind) && ctx.patterns ? ctx.patterns.fill(kind, INK, 0.14) : null;
    if (!url) return legendSvg(kind);
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 20" width="28" height="20" focusable="false" ' +
      'aria-hidden="true"><rect x="2" y="3" width="24" height="14" rx="1" fill="' + url + '" stroke="' + INK +
      '" stroke-width="2"/></svg>';
  };
}

/** `onChange(present)` is called with presentKinds' result whenever what is shown changed. */
export function createLegend(ctx, onChange) {
  const node = el('div', 'pm-legend');
  const h = el('h3', 'pm-h pm-sr'); // for screen readers: a key needs no title on the map (Datawrapper's have none)
  const ul = el('ul', 'pm-legend__list');
  const empty = el('p', 'pm-legend__empty');
  node.append(h, ...(ctx.userLayers ? [ctx.userLayers.legendNode] : []), ul, empty); // user layers' lines first
  const items = legendLines(ctx.payload.kinds || [], sampleFor(ctx)).map(([svg, kinds]) => {
    const li = el('li', 'pm-legend__item');
    const label = el('span');
    li.append(svgHolder(svg, 'pm-legend__sym'), label);
    ul.append(li);
    return { kinds, label, li, ids: null };
  });
  const approxLi = el('li', 'pm-legend__item pm-legend__item--approx');
  const approxLabel = el('span');
  approxLi.append(svgHolder(approxLegendSvg(), 'pm-legend__sym'), approxLabel);
  ul.append(approxLi);
  let lastKey = null;

  function write(item, kinds, ids) {
    item.ids = ids;
    item.li.hidden = !kinds.length;
    item.li.classList.toggle('pm-legend__item--wide', kinds.length > 1);
    if (kinds.length) item.label.textContent = kinds.map((k) => ctx.text.pick(k.label)).join(' / ');
  }

  /** The map's view as [west, south, east, north], or null before it has one. */
  function viewBox() {
    try {
      const b = ctx.map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    } catch (err) {
      return null;
    }
  }

  /** Shows the lines of the kinds on the map now and in view; writes the DOM only when that changed. */
  function update(force) {
    const now = presentKinds(ctx.entries || [], viewBox());
    const key = [...now.kinds].sort().join('|') + '#' + [...now.layers].sort().join('|') + (now.approx ? '~' : '');
    if (key === lastKey && !force) return;
    lastKey = key;
    if (onChange) onChange(now);
    let any = false;
    for (const it of items) {
      const kinds = it.kinds.filter((k) => now.kinds.has(k.id));
      const ids = kinds.map((k) => k.id).join('|');
      any = any || kinds.length > 0;
      if (force || it.ids !== ids) write(it, kinds, ids);
    }
    approxLi.hidden = !now.approx;
    empty.hidden = any;
    node.classList.toggle('pm-legend--empty', !any);
  }

  function relabel() {
    h.textContent = ctx.text.t('legend');
    approxLabel.textContent = ctx.text.t('approximate_legend');
    empty.textContent = ctx.text.t('on_map_empty');
    update(true);
  }
  return { node, relabel, update };
}

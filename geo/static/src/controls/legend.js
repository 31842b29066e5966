/**
 * controls/legend.js — the legend inside the layers panel: one line per symbol of the payload's kinds (in neutral
 * ink: shapes carry the meaning), and the "approximate" sample. Relabelled by the layers panel.
 */

import { el, svgHolder } from '../dom.js';
import { approxLegendSvg, legendSvg } from '../symbols.js';

export function createLegend(ctx) {
  const node = el('div', 'pm-legend');
  const h = el('h3', 'pm-h');
  const ul = el('ul', 'pm-legend__list');
  node.append(h, ...(ctx.userLayers ? [ctx.userLayers.legendNode] : []), ul); // user layers' lines first
  const items = legendLines(ctx.payload.kinds || []).map(([svg, kinds]) => {
    const li = el('li', 'pm-legend__item' + (kinds.length > 1 ? ' pm-legend__item--wide' : ''));
    const label = el('span');
    li.append(svgHolder(svg, 'pm-legend__sym'), label);
    ul.append(li);
    return { kinds, label };
  });
  const approxLi = el('li', 'pm-legend__item pm-legend__item--approx');
  const approxLabel = el('span');
  approxLi.append(svgHolder(approxLegendSvg(), 'pm-legend__sym'), approxLabel);
  ul.append(approxLi);
  function relabel() {
    h.textContent = ctx.text.t('legend');
    for (const it of items) it.label.textContent = it.kinds.map((k) => ctx.text.pick(k.label)).join(' / ');
    approxLabel.textContent = ctx.text.t('approximate_legend');
  }
  return { node, relabel };
}

/**
 * The legend's lines: [sample SVG, kinds] pairs. Kinds drawn with the same symbol (e.g. the three area kinds) share
 * one line; single-kind lines come first (they pair up in two columns), merged lines after them, each group in
 * payload order.
 */
export function legendLines(kinds) {
  const groups = new Map();
  for (const k of kinds) {
    const svg = legendSvg(k.id);
    if (!groups.has(svg)) groups.set(svg, []);
    groups.get(svg).push(k);
  }
  return [...groups].sort((a, b) => (a[1].length > 1) - (b[1].length > 1));
}

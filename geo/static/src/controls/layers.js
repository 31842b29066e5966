/**
 * controls/layers.js — the layers panel (top right, folded on phones): the language menu in its header (reachable
 * when folded), one checkbox per layer with its colour swatch and description, then the legend and the settings.
 * Subscribes to 'layers' (ticks follow the state) and 'relabel' (relabels the legend and settings too).
 */

import { button, collapsible, el, svgHolder } from '../dom.js';
import { safeColor } from '../escape.js';
import { ICONS } from '../icons.js';
import { NARROW_PX } from '../layout.js';
import { createLegend } from './legend.js';
import { createSettings } from './settings.js';

export function createLayersControl(ctx) {
  const root = el('section', 'pm-panel pm-layers');
  const toggle = button('pm-panel__toggle');
  const toggleIcon = svgHolder(ICONS.layers, 'pm-panel__icon');
  const toggleText = el('span', 'pm-panel__title');
  toggle.append(toggleIcon, toggleText, svgHolder(ICONS.chevron, 'pm-panel__chev'));
  const body = el('div', 'pm-panel__body');
  const settings = createSettings(ctx);
  // the language menu stays in the header: reachable even when the panel is folded
  const head = el('div', 'pm-panel__head');
  head.append(toggle, settings.select);
  root.append(head, body);

  const layerBox = el('fieldset', 'pm-layers__list');
  const layerLegend = el('legend', 'pm-sr');
  layerBox.append(layerLegend);
  const rows = [...ctx.payload.layers].sort((a, b) => a.order - b.order).map((def) => {
    const row = el('label', 'pm-layer');
    const input = el('input');
    input.type = 'checkbox';
    input.value = def.id;
    input.addEventListener('change', () => {
      ctx.toggleLayer(def.id, input.checked);
      ctx.bridgeNow();
    });
    const sw = el('span', 'pm-layer__swatch');
    sw.style.backgroundColor = safeColor(def.color);
    const text = el('span', 'pm-layer__text');
    row.append(input, sw, text);
    layerBox.append(row);
    return { def, row, input, text };
  });
  const legend = createLegend(ctx);
  body.append(layerBox, ...(ctx.userLayers ? [ctx.userLayers.panelNode] : []), legend.node, settings.node); // user layers' rows

  const narrow = ctx.map.getSize().x < NARROW_PX;
  const panel = collapsible(root, toggle, body, !narrow);

  function sync() {
    for (const r of rows) r.input.checked = ctx.state.layers.has(r.def.id);
  }

  function relabel() {
    const T = ctx.text;
    toggleText.textContent = T.t('layers');
    toggle.title = T.t('layers') + ' · ' + T.t('legend');
    layerLegend.textContent = T.t('layers');
    for (const r of rows) {
      r.text.textContent = T.pick(r.def.title);
      const d = T.pick(r.def.description);
      if (d) r.row.title = d; else r.row.removeAttribute('title');
    }
    legend.relabel();
    settings.relabel();
  }

  ctx.on('layers', sync);
  ctx.on('relabel', relabel);
  return { node: root, sync, relabel, panel };
}
